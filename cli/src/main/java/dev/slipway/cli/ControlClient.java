package dev.slipway.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The CLI's client of a server's control API, {@code /control/...} (docs/ADMIN-API.md), with a
 * member token (or the owner token, or a key) as {@code Authorization: Convex <token>}.
 *
 * <p>Failures become {@link CliException}s with the exit code of their kind, as {@link AdminClient}
 * makes them: the server's {@code {code, message}} (401/403 exit 4, others exit 1, the code kept for
 * callers that act on it, such as a {@code NotFound} that makes a reference lookup try a name), "no
 * Slipway server at URL" (exit 3), and timeouts (exit 3).
 */
final class ControlClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String serverUrl;
    private final String token;
    private final HttpClient http;

    private ControlClient(String serverUrl, String token) {
        this.serverUrl = serverUrl;
        this.token = token;
        this.http = ServerCalls.newClient();
    }

    /** A client of the server at {@code serverUrl} ({@code http://host:port}); nothing is sent yet. */
    static ControlClient connect(String serverUrl, String token) {
        return new ControlClient(serverUrl, token);
    }

    /** A client with the saved login. */
    static ControlClient connect(MemberConfig login) {
        return connect(login.url(), login.token());
    }

    /** The server's root URL. */
    String serverUrl() {
        return serverUrl;
    }

    /**
     * A path under {@code /control/} from its segments, each percent-encoded; a segment may hold
     * {@code /} (a reference such as {@code dev/alice}), which stays a separator.
     */
    static String path(String... segments) {
        return Arrays.stream(segments)
                .map(segment -> Arrays.stream(segment.split("/", -1))
                        .map(part ->
                                URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"))
                        .collect(Collectors.joining("/")))
                .collect(Collectors.joining("/"));
    }

    /** {@code GET /control/<path>}. */
    Json get(String path) {
        return send("GET", path, Optional.empty());
    }

    /** {@code POST /control/<path>} with a JSON body. */
    Json post(String path, Json body) {
        return send("POST", path, Optional.of(body));
    }

    /** {@code DELETE /control/<path>}. */
    Json delete(String path) {
        return send("DELETE", path, Optional.empty());
    }

    private Json send(String method, String path, Optional<Json> body) {
        String what = method + " /control/" + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverUrl + "/control/" + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Convex " + token)
                .header("User-Agent", "slipway-cli/" + SlipwayCommand.Version.version());
        if (body.isPresent()) {
            request.header("Content-Type", "application/json")
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(body.get().text(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = ServerCalls.exchange(
                http,
                request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
                what,
                serverUrl,
                TIMEOUT);
        Optional<Json> json = ServerCalls.parseQuietly(response.body());
        if (response.statusCode() / 100 != 2) {
            Optional<String> code = json.flatMap(j -> j.string("code"));
            String message = ServerCalls.errorText(response.statusCode(), response.body(), json);
            String hint = response.statusCode() == 401
                    ? " — log in again with `slipway login --url " + serverUrl + " --token <token>`"
                    : "";
            throw CliException.fromServer(response.statusCode(), message + hint, code, json);
        }
        return json.orElseThrow(() -> CliException.failed("the server answered " + what
                + " with something that is not JSON: " + ServerCalls.abbreviate(response.body())));
    }

    @Override
    public void close() {
        http.close();
    }
}
