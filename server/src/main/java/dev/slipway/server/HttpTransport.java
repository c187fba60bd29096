package dev.slipway.server;

import dev.slipway.isolate.HttpHeader;
import io.helidon.http.Header;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The HTTP library's part: a Helidon SE web server whose every HTTP request goes to the {@link
 * Router} (one catch-all handler; routing is ours), and whose sync paths upgrade to a {@link
 * SyncSocket}. Helidon runs each connection on its own virtual thread, so handlers block freely.
 * Request bodies are read here up to the route's limit; a larger one gets a 413 without being read
 * further. A route that takes bodies larger than memory ({@link Router#streamsBody}) gets the body as
 * a stream instead, and a response may stream its body out ({@link ApiResponse#streamed}).
 */
final class HttpTransport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final WebServer server;

    private HttpTransport(WebServer server) {
        this.server = server;
    }

    static HttpTransport start(ServerConfig config, Router router, SyncEndpoint sync) {
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .backlog(4096)
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofMillis(500))
                .idleConnectionTimeout(config.idleSocketTimeout())
                .idleConnectionPeriod(Duration.ofSeconds(30))
                .addProtocol(WsConfig.builder()
                        .name("websocket")
                        .maxFrameLength(config.maxFrameBytes())
                        .build())
                .routing(r -> r.any((req, res) -> serve(router, req, res)))
                .addRouting(WsRouting.builder()
                        .endpoint("/d/{deployment}/api/{client}/sync", () -> new SyncSocket(sync))
                        .endpoint("/d/{deployment}/v/{version}/api/{client}/sync", () -> new SyncSocket(sync)))
                .build();
        try {
            server.start();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new ServerException(
                    ServerException.PORT_UNAVAILABLE,
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(),
                    e);
        }
        return new HttpTransport(server);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static void serve(Router router, ServerRequest req, ServerResponse res) {
        String rawPath = req.path().rawPath();
        ApiRequest base = new ApiRequest(
                req.prologue().method().text(),
                rawPath,
                Optional.ofNullable(req.query().rawValue()).orElse(""),
                headers(req),
                new byte[0],
                Optional.ofNullable(req.authority()).orElse(""),
                ip(req));
        if (router.streamsBody(rawPath)) {
            InputStream stream =
                    req.content().hasEntity() ? req.content().inputStream() : InputStream.nullInputStream();
            write(
                    router.handle(new ApiRequest(
                            base.method(),
                            base.rawPath(),
                            base.rawQuery(),
                            base.headers(),
                            new byte[0],
                            base.authority(),
                            base.remoteIp(),
                            Optional.of(stream))),
                    res);
            return;
        }
        long limit = router.maxBodyBytes(rawPath);
        Optional<byte[]> body = body(req, limit);
        ApiResponse response = body.isEmpty()
                ? router.tooLarge(base, limit)
                : router.handle(new ApiRequest(
                        base.method(),
                        base.rawPath(),
                        base.rawQuery(),
                        base.headers(),
                        body.get(),
                        base.authority(),
                        base.remoteIp()));
        write(response, res);
    }

    /** The body, or empty when it is longer than {@code limit}. */
    private static Optional<byte[]> body(ServerRequest req, long limit) {
        if (!req.content().hasEntity()) {
            return Optional.of(new byte[0]);
        }
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            return Optional.empty();
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            return bytes.length > limit ? Optional.empty() : Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the request body of " + req.path().rawPath(), e);
        }
    }

    private static List<HttpHeader> headers(ServerRequest req) {
        List<HttpHeader> headers = new ArrayList<>();
        for (Header header : req.headers()) {
            for (String value : header.allValues()) {
                headers.add(new HttpHeader(header.name(), value));
            }
        }
        return headers;
    }

    private static Optional<String> ip(ServerRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress address && address.getAddress() != null
                ? Optional.of(address.getAddress().getHostAddress())
                : Optional.empty();
    }

    private static void write(ApiResponse response, ServerResponse res) {
        res.status(response.status());
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (HttpHeader header : response.headers()) {
            grouped.computeIfAbsent(header.name(), n -> new ArrayList<>()).add(header.value());
        }
        grouped.forEach((name, values) -> res.header(name, values.toArray(String[]::new)));
        if (response.stream().isEmpty()) {
            res.send(response.body());
            return;
        }
        try (OutputStream out = res.outputStream()) {
            response.stream().get().writeTo(out);
        } catch (IOException | RuntimeException e) {
            // the status and headers are out: cutting the connection is the only way to say it failed
            LOG.log(System.Logger.Level.WARNING, "streaming a response body failed; the connection is cut", e);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }
}
