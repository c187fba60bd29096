package dev.slipway.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One query subscription over Convex's WebSocket sync protocol ({@code
 * /d/<deployment>/api/<version>/sync}), spoken as JSON directly: {@code Connect}, {@code
 * Authenticate} with the admin credential, and a {@code ModifyQuerySet} adding the query; the server
 * answers with {@code Transition}s carrying {@code QueryUpdated} or {@code QueryFailed} whenever the
 * result changes. {@code TransitionChunk}s are put back together; {@code Ping}s are ignored.
 *
 * <p>Implementation notes: the socket's listener runs on the HTTP client's threads and only turns
 * frames into {@link Event}s on a queue; the caller takes them with {@link #next()} on its own
 * thread, so printing never blocks the socket and reconnecting happens there too. If the server does not accept the admin credential on
 * the socket ({@code AuthError}), the subscription is opened again as an anonymous client (public
 * functions only) and a {@link Event.Notice} says so. A closed socket ends the subscription with an
 * {@link Event.Closed}; there is no reconnect.
 */
final class QuerySubscription implements AutoCloseable {
    /** The npm client version the CLI speaks as (it decides features such as TransitionChunk). */
    static final String CLIENT_VERSION = "1.48.0";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** What the subscription reports, in order. */
    sealed interface Event {
        /** A new result of the query. */
        record Updated(Json value, List<String> logLines) implements Event {}

        /** The query failed (it threw, or cannot be run as a query). */
        record Failed(String message, Optional<Json> data, List<String> logLines) implements Event {}

        /** Something the user should know that is not a result. */
        record Notice(String message) implements Event {}

        /** The subscription ended; {@code reason} says why. */
        record Closed(String reason) implements Event {}
    }

    private final DeploymentTarget target;
    private final HttpClient http;
    private final String udfPath;
    private final Json args;
    /** What the listener hands the caller's thread: an event, or the request to reopen anonymously. */
    private sealed interface Item {}

    private record Deliver(Event event) implements Item {}

    private record Downgrade(String error) implements Item {}

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private volatile Optional<WebSocket> socket = Optional.empty();

    private QuerySubscription(DeploymentTarget target, String udfPath, Json args) {
        this.target = target;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        this.udfPath = udfPath;
        this.args = args;
    }

    /**
     * Subscribes to {@code udfPath} with {@code args} (a Convex-JSON object).
     *
     * @throws CliException when no server answers at the target's URL
     */
    static QuerySubscription open(DeploymentTarget target, String udfPath, Json args) {
        QuerySubscription subscription = new QuerySubscription(target, udfPath, args);
        subscription.connect(true);
        return subscription;
    }

    /** The next event, waiting for it. */
    Event next() throws InterruptedException {
        Item item = items.take();
        return switch (item) {
            case Deliver d -> d.event();
            case Downgrade d -> {
                try {
                    connect(false);
                    yield new Event.Notice("the server does not take the admin credential on the sync protocol ("
                            + d.error() + "); watching as an anonymous client, so only public queries can be"
                            + " watched");
                } catch (CliException e) {
                    yield new Event.Closed(e.getMessage());
                }
            }
        };
    }

    private void emit(Event event) {
        items.add(new Deliver(event));
    }

    @Override
    public void close() {
        socket.ifPresent(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null));
        socket = Optional.empty();
        http.close();
    }

    private void connect(boolean asAdmin) {
        URI uri = URI.create(target.deploymentUrl().replaceFirst("^http", "ws") + "/api/" + CLIENT_VERSION + "/sync");
        CompletableFuture<WebSocket> opening =
                http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri, new Listener(asAdmin));
        WebSocket ws;
        try {
            ws = opening.get(CONNECT_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted while connecting to " + uri);
        } catch (ExecutionException | TimeoutException e) {
            throw CliException.unreachable("cannot open the sync WebSocket " + uri + ": "
                    + (e.getCause() instanceof java.net.ConnectException
                            ? "no Slipway server at " + target.serverUrl() + " — is `slipway serve` running?"
                            : CliException.reason(e)));
        }
        socket = Optional.of(ws);
        send(
                ws,
                Json.object()
                        .put("type", "Connect")
                        .put("sessionId", UUID.randomUUID().toString())
                        .put("connectionCount", 0)
                        .put("lastCloseReason", "InitialConnect")
                        .put("clientTs", System.currentTimeMillis()));
        if (asAdmin) {
            send(
                    ws,
                    Json.object()
                            .put("type", "Authenticate")
                            .put("tokenType", "Admin")
                            .put("value", target.credential())
                            .put("baseVersion", 0));
        }
        Json add = Json.object()
                .put("type", "Add")
                .put("queryId", 0)
                .put("udfPath", udfPath)
                .put("args", Json.array(List.of(args)));
        send(
                ws,
                Json.object()
                        .put("type", "ModifyQuerySet")
                        .put("baseVersion", 0)
                        .put("newVersion", 1)
                        .put("modifications", Json.array(List.of(add))));
    }

    private static void send(WebSocket ws, Json message) {
        try {
            ws.sendText(message.text(), true).join();
        } catch (CompletionException e) {
            throw CliException.unreachable("the sync WebSocket failed while sending: " + CliException.reason(e));
        }
    }

    /** Turns the server's messages into events; one listener per socket. */
    private final class Listener implements WebSocket.Listener {
        private final boolean asAdmin;
        private final StringBuilder frame = new StringBuilder();
        private final StringBuilder chunks = new StringBuilder();
        private boolean replaced;

        Listener(boolean asAdmin) {
            this.asAdmin = asAdmin;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                String text = frame.toString();
                frame.setLength(0);
                handle(ws, Json.parse(text));
            }
            ws.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (!replaced) {
                emit(new Event.Closed("the server closed the connection (" + statusCode
                        + (reason.isEmpty() ? "" : ": " + reason) + ")"));
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (!replaced) {
                emit(new Event.Closed("the connection failed: " + error.getMessage()));
            }
        }

        private void handle(WebSocket ws, Json message) {
            switch (message.string("type").orElse("")) {
                case "Transition" -> transition(message);
                case "TransitionChunk" -> chunk(message);
                case "AuthError" -> authError(ws, message);
                case "FatalError" ->
                    emit(new Event.Closed("the server ended the session: "
                            + message.string("error").orElse("(no reason given)")));
                default -> {
                    // Ping, MutationResponse, ActionResponse: nothing to show
                }
            }
        }

        private void chunk(Json message) {
            chunks.append(message.string("chunk").orElse(""));
            long part = message.number("partNumber").map(Json.Num::longValue).orElse(0L);
            long total = message.number("totalParts").map(Json.Num::longValue).orElse(1L);
            if (part + 1 == total) {
                String whole = chunks.toString();
                chunks.setLength(0);
                transition(Json.parse(whole));
            }
        }

        private void transition(Json message) {
            for (Json modification : message.array("modifications")) {
                if (modification.number("queryId").map(Json.Num::longValue).orElse(-1L) != 0) {
                    continue;
                }
                List<String> logLines = new ArrayList<>();
                for (Json line : modification.array("logLines")) {
                    if (line instanceof Json.Str s) {
                        logLines.add(s.value());
                    }
                }
                switch (modification.string("type").orElse("")) {
                    case "QueryUpdated" ->
                        emit(new Event.Updated(modification.get("value").orElse(Json.Null.INSTANCE), logLines));
                    case "QueryFailed" ->
                        emit(new Event.Failed(
                                modification.string("errorMessage").orElse("the query failed"),
                                modification.get("errorData"),
                                logLines));
                    default -> {
                        // QueryRemoved: not asked for
                    }
                }
            }
        }

        private void authError(WebSocket ws, Json message) {
            if (!asAdmin) {
                emit(new Event.Closed("the server refused the connection: "
                        + message.string("error").orElse("")));
                return;
            }
            replaced = true;
            ws.abort();
            items.add(new Downgrade(message.string("error").orElse("AuthError")));
        }
    }
}
