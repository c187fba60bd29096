package dev.slipway.integration.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.postgres.PostgresOptions;
import dev.slipway.persistence.postgres.PostgresPersistence;
import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import dev.slipway.server.Storage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server end to end with the real {@code convex@1.48.0} client: starts a {@link SlipwayServer} in
 * this JVM, pushes the fixture app through {@code /admin/push}, and runs {@code
 * src/test/js-client/e2e.mjs} (ConvexHttpClient and ConvexClient: errors with data, reactive updates,
 * pagination under inserts, many queries on one socket, a restart with mutations issued while
 * disconnected, 1,000 sockets on one query). The script asks for the restart on its stdout ({@code
 * @@control {"id":n,"op":"stop"|"start"}}) and is answered on its stdin; a start reuses the port, the
 * data directory and the store. Runs once on SQLite and once on PostgreSQL.
 */
@Tag("node")
class ConvexClientEndToEndTest {
    private static final Path CLIENT = Path.of("src/test/js-client").toAbsolutePath();
    private static final Pattern CONTROL = Pattern.compile("@@control \\{\"id\":(\\d+),\"op\":\"(\\w+)\"}");
    private static final Duration SUITE_LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path data;

    @Test
    void realClient_onSqlite_passesEveryScenario() throws Exception {
        runSuite(base().build());
    }

    @Test
    @Tag("postgres")
    void realClient_onPostgres_passesEveryScenario() throws Exception {
        String deployment = "e2e_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        try {
            runSuite(base().storage(Storage.postgres("postgres://postgres@127.0.0.1:5432/test"))
                    .deployment(deployment)
                    .build());
        } finally {
            try (PostgresPersistence store = PostgresPersistence.open(PostgresOptions.builder()
                    .jdbcUrl("jdbc:postgresql://127.0.0.1:5432/test")
                    .user("postgres")
                    .schema(PostgresOptions.deploymentSchema(deployment))
                    .build())) {
                store.drop();
            }
        }
    }

    private ServerConfig.Builder base() {
        return ServerConfig.builder().port(0).dataDir(data).prewarm(false).jsThreads(2);
    }

    /** Holds the server across the script's stop and start requests. */
    private static final class Harness {
        private ServerConfig config;
        private @Nullable SlipwayServer server;

        Harness(ServerConfig config) {
            this.config = config;
        }

        SlipwayServer start() {
            SlipwayServer started = SlipwayServer.start(config);
            config = config.withPort(started.port());
            server = started;
            return started;
        }

        void stop() {
            SlipwayServer running = server;
            server = null;
            if (running != null) {
                running.close();
            }
        }
    }

    private void runSuite(ServerConfig config) throws Exception {
        NodeTools.npmCi(CLIENT);
        Map<String, String> modules = FixtureApp.modules();
        Harness harness = new Harness(config);
        SlipwayServer server = harness.start();
        Path log = Files.createTempFile(data, "e2e", ".log");
        try {
            push(server, modules);
            ProcessBuilder builder = new ProcessBuilder("node", "e2e.mjs")
                    .directory(CLIENT.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("SLIPWAY_URL", server.deploymentUrl());
            builder.environment().put("SLIPWAY_ADMIN_KEY", server.adminKey());
            Process node = builder.start();
            serveControl(node, harness, log);
            boolean exited = node.waitFor(SUITE_LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                node.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            output.lines()
                    .filter(l -> l.startsWith("ok - ") || l.startsWith("not ok - ") || l.contains("clients saw"))
                    .forEach(l -> System.out.println(config.storage() + ": " + l.strip()));
            assertThat(exited)
                    .as("e2e.mjs finished within %s:\n%s", SUITE_LIMIT, output)
                    .isTrue();
            assertThat(node.exitValue())
                    .as("e2e.mjs on %s:\n%s", config.storage(), output)
                    .isZero();
            assertThat(output).contains(" passed, 0 failed").doesNotContain("not ok");
        } finally {
            harness.stop();
        }
    }

    /**
     * Answers the script's control requests until its stdout closes: {@code stop} closes the server,
     * {@code start} starts it again on the same port.
     */
    private static void serveControl(Process node, Harness harness, Path log) throws IOException {
        OutputStream toNode = node.getOutputStream();
        try (BufferedReader fromNode =
                new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = fromNode.readLine()) != null) {
                Matcher m = CONTROL.matcher(line);
                if (!m.matches()) {
                    Files.writeString(log, "stdout: " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    continue;
                }
                String reply;
                try {
                    switch (m.group(2)) {
                        case "stop" -> harness.stop();
                        case "start" -> harness.start();
                        default -> throw new IllegalArgumentException("unknown control op " + m.group(2));
                    }
                    reply = "{\"id\":" + m.group(1) + ",\"ok\":true}";
                } catch (RuntimeException e) {
                    reply = "{\"id\":" + m.group(1) + ",\"ok\":false,\"error\":\"" + jsonEscape(String.valueOf(e))
                            + "\"}";
                }
                toNode.write(("@@control " + reply + "\n").getBytes(StandardCharsets.UTF_8));
                toNode.flush();
            }
        }
    }

    private static void push(SlipwayServer server, Map<String, String> modules) {
        StringBuilder body = new StringBuilder("{\"modules\":{");
        String sep = "";
        for (Map.Entry<String, String> module : modules.entrySet()) {
            body.append(sep)
                    .append('"')
                    .append(jsonEscape(module.getKey()))
                    .append("\":\"")
                    .append(jsonEscape(module.getValue()))
                    .append('"');
            sep = ",";
        }
        body.append("}}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.deploymentUrl() + "/admin/push"))
                .header("Authorization", "Convex " + server.adminKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("push: %s", response.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
