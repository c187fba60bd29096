package dev.slipway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.sync.protocol.ClientMessage;
import dev.slipway.sync.protocol.ClientMessage.Add;
import dev.slipway.sync.protocol.ClientMessage.Connect;
import dev.slipway.sync.protocol.ClientMessage.ModifyQuerySet;
import dev.slipway.sync.protocol.ClientMessages;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code convex@1.48.0} client ({@code BaseConvexClient}) against {@link SyncSession}s over
 * a stdio bridge instead of a network ({@code src/test/js/real-client.mjs}): subscriptions,
 * read-your-writes mutations, commits by another writer, TransitionChunks, ConvexError data on
 * queries and mutations, actions, JWT authentication, journals, and a server-side drop with a
 * mutation in flight and one sent while disconnected, after which the client reconnects, resubscribes
 * and each mutation runs once. Runs {@code npm ci} first when {@code node_modules} is missing or
 * stale; fails, never skips, without Node.js and npm.
 */
@Tag("node")
class RealClientTest {
    private static final Path JS_DIR = Path.of("src/test/js");
    private static final String CONVEX_VERSION = "1.48.0";

    @TempDir
    Path temp;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void installConvexPackage() throws IOException, InterruptedException {
        requireTool("node");
        requireTool("npm");
        Path marker = JS_DIR.resolve("node_modules/.package-lock.json");
        Path installed = JS_DIR.resolve("node_modules/convex/package.json");
        Path lock = JS_DIR.resolve("package-lock.json");
        boolean fresh = Files.exists(marker)
                && Files.exists(installed)
                && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0
                && Files.readString(installed).contains("\"version\": \"" + CONVEX_VERSION + "\"");
        if (!fresh) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(JS_DIR.toFile())
                    .redirectErrorStream(true)
                    .start();
            byte[] output = npm.getInputStream().readAllBytes();
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                fail("npm ci in " + JS_DIR.toAbsolutePath() + " failed:\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        }
    }

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void realClient_fullScenario_behavesAsAgainstConvex() throws Exception {
        FakeBackend backend = new FakeBackend();
        backend.notifier = pool;
        SyncOptions options = SyncOptions.defaults().withTransitionChunks(true, 4096);
        SyncContext context = new SyncContext(pool, Scheduler.of(timers), InstantSource.system());
        Path stderr = temp.resolve("node-stderr.txt");
        Process node = new ProcessBuilder("node", "real-client.mjs")
                .directory(JS_DIR.toFile())
                .redirectError(stderr.toFile())
                .start();
        Bridge bridge = new Bridge(node, backend, options, context);
        try {
            Optional<String> failure = bridge.run();
            if (failure.isPresent()) {
                fail("the real client failed: " + failure.get() + "\nnode stderr:\n" + Files.readString(stderr));
            }
        } finally {
            node.destroyForcibly();
            bridge.stop();
        }

        assertThat(bridge.chunksSent.get()).as("TransitionChunks sent").isPositive();
        List<Connect> connects = bridge.clientMessages(Connect.class);
        assertThat(connects).hasSizeGreaterThanOrEqualTo(2);
        Connect reconnect = connects.get(1);
        assertThat(reconnect.connectionCount()).isEqualTo(1);
        assertThat(reconnect.sessionId()).isEqualTo(connects.getFirst().sessionId());
        assertThat(reconnect.maxObservedTimestamp()).isPresent();
        assertThat(reconnect.lastCloseReason()).hasValue("InternalServerError");
        assertThat(bridge.clientMessages(ModifyQuerySet.class).stream()
                        .flatMap(m -> m.modifications().stream())
                        .filter(c -> c instanceof Add add && add.udfPath().equals("kv:page"))
                        .map(c -> ((Add) c).journal()))
                .as("the kv:page subscription, then its resubscription with the journal")
                .containsExactly(Optional.empty(), Optional.of("p/d"));
    }

    /** Plays the server side of the bridge: one session per socket the client opens. */
    private static final class Bridge {
        private final Process node;
        private final FakeBackend backend;
        private final SyncOptions options;
        private final SyncContext context;
        private final Map<Long, SyncSession> sessions = new HashMap<>();
        private final List<ClientMessage> received = new ArrayList<>();
        private final LinkedBlockingQueue<String> outgoing = new LinkedBlockingQueue<>();
        private final Thread writer;
        final java.util.concurrent.atomic.AtomicInteger chunksSent = new java.util.concurrent.atomic.AtomicInteger();

        Bridge(Process node, FakeBackend backend, SyncOptions options, SyncContext context) {
            this.node = node;
            this.backend = backend;
            this.options = options;
            this.context = context;
            Writer toNode = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
            // Writes go through one thread, so the reader never blocks on a full pipe.
            this.writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (; ; ) {
                        toNode.write(outgoing.take());
                        toNode.write('\n');
                        toNode.flush();
                    }
                } catch (InterruptedException | IOException e) {
                    // node exited or the test is over
                }
            });
        }

        /** Runs until the script reports; returns its failure, if any. */
        Optional<String> run() throws IOException {
            Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
                try {
                    if (!node.waitFor(120, TimeUnit.SECONDS)) {
                        node.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (BufferedReader fromNode =
                    new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = fromNode.readLine()) != null) {
                    Value.Obj m = (Value.Obj) ConvexJson.decode(line);
                    Optional<String> end = handle(m);
                    if (end.isPresent()) {
                        return end.get().isEmpty() ? Optional.empty() : end;
                    }
                }
            } finally {
                watchdog.interrupt();
            }
            return Optional.of("node exited without reporting (exit " + exitValue() + ")");
        }

        private Optional<String> handle(Value.Obj m) {
            String op = str(m, "op");
            switch (op) {
                case "open" -> open(num(m, "socket"));
                case "send" -> {
                    String text = str(m, "text");
                    synchronized (received) {
                        received.add(ClientMessages.decode(text));
                    }
                    session(num(m, "socket")).onMessage(text);
                }
                case "close" -> {
                    session(num(m, "socket")).onClose();
                    send(Map.of("op", "closed", "socket", num(m, "socket"), "code", 1000L, "reason", ""));
                }
                case "commit" -> {
                    backend.put(str(m, "key"), Objects.requireNonNull(m.fields().get("value")));
                    send(Map.of("op", "ack", "id", num(m, "id")));
                }
                case "drop" -> {
                    long socket = num(m, "socket");
                    session(socket).onClose();
                    send(Map.of("op", "closed", "socket", socket, "code", num(m, "code"), "reason", str(m, "reason")));
                    send(Map.of("op", "ack", "id", num(m, "id")));
                }
                case "done" -> {
                    return Optional.of("");
                }
                case "fail" -> {
                    return Optional.of(str(m, "message"));
                }
                default -> throw new AssertionError("unknown bridge message " + ConvexJson.encode(m));
            }
            return Optional.empty();
        }

        private void open(long socket) {
            SessionOutput output = new SessionOutput() {
                @Override
                public void send(String text) {
                    if (text.startsWith("{\"type\":\"TransitionChunk\"")) {
                        chunksSent.incrementAndGet();
                    }
                    Bridge.this.send(Map.of("op", "frame", "socket", socket, "text", text));
                }

                @Override
                public void close(int code, String reason) {
                    Bridge.this.send(Map.of("op", "closed", "socket", socket, "code", (long) code, "reason", reason));
                }
            };
            sessions.put(socket, SyncSession.open(backend, output, options, context));
            send(Map.of("op", "opened", "socket", socket));
        }

        private SyncSession session(long socket) {
            return Objects.requireNonNull(sessions.get(socket), () -> "no socket " + socket);
        }

        <T extends ClientMessage> List<T> clientMessages(Class<T> type) {
            synchronized (received) {
                return received.stream()
                        .filter(type::isInstance)
                        .map(type::cast)
                        .toList();
            }
        }

        private void send(Map<String, Object> message) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = ConvexJson.jsonFactory().createGenerator(out)) {
                g.writeStartObject();
                for (Map.Entry<String, Object> e : message.entrySet()) {
                    if (e.getValue() instanceof Long n) {
                        g.writeNumberField(e.getKey(), n);
                    } else {
                        g.writeStringField(e.getKey(), (String) e.getValue());
                    }
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            outgoing.add(out.toString());
        }

        void stop() {
            sessions.values().forEach(SyncSession::onClose);
            writer.interrupt();
        }

        private String exitValue() {
            try {
                return node.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(node.exitValue()) : "still running";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        private static String str(Value.Obj m, String field) {
            return ((Value.Str) Objects.requireNonNull(m.fields().get(field), field)).value();
        }

        private static long num(Value.Obj m, String field) {
            return (long) ((Value.Float64) Objects.requireNonNull(m.fields().get(field), field)).value();
        }
    }

    private static void requireTool(String tool) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(tool, "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail("'" + tool
                        + " --version' failed; the node-tagged RealClientTest needs Node.js and npm on the PATH");
            }
        } catch (IOException e) {
            fail("'" + tool + "' was not found on the PATH; the node-tagged RealClientTest needs Node.js and npm: "
                    + e.getMessage());
        }
    }
}
