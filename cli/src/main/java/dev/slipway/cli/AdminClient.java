package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The CLI's HTTP client for one deployment: JSON requests to its admin API ({@code
 * /d/<deployment>/admin/...}, docs/ADMIN-API.md) and its function API ({@code /api/function}), each
 * with the target's credential as {@code Authorization: Convex <credential>}.
 *
 * <p>Every failure becomes a {@link CliException} that says what happened in words, with the exit
 * code of its kind: the server's {@code {code, message}} error (401/403 exit 4, others exit 1, the
 * error body kept for callers that print more of it), "no Slipway server at URL" when nothing
 * listens (exit 3), and a timeout naming the request and the time waited (exit 3).
 *
 * <pre>{@code
 * try (AdminClient admin = AdminClient.connect(target)) {
 *     Json env = admin.get("env", Map.of());
 *     Json report = admin.withTimeout(Duration.ofMinutes(10)).post("push", body);
 * }
 * }</pre>
 */
public final class AdminClient implements AutoCloseable {
    /** How long a request may take unless {@link #withTimeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final DeploymentTarget target;
    private final HttpClient http;
    private final Duration timeout;
    private final boolean ownsHttp;

    private AdminClient(DeploymentTarget target, HttpClient http, Duration timeout, boolean ownsHttp) {
        this.target = target;
        this.http = http;
        this.timeout = timeout;
        this.ownsHttp = ownsHttp;
    }

    /** A client for {@code target}; nothing is sent until the first request. */
    public static AdminClient connect(DeploymentTarget target) {
        return new AdminClient(target, ServerCalls.newClient(), DEFAULT_TIMEOUT, true);
    }

    /** The deployment this client talks to. */
    public DeploymentTarget target() {
        return target;
    }

    /** The same client with another per-request timeout (a push that backfills indexes takes longer). */
    public AdminClient withTimeout(Duration requestTimeout) {
        return new AdminClient(target, http, requestTimeout, false);
    }

    /** {@code GET /d/<deployment>/admin/<path>?<query>}, answering the JSON body. */
    public Json get(String path, Map<String, String> query) {
        return json(send(request(adminUri(path, query)).GET(), "GET admin/" + path));
    }

    /** {@code POST /d/<deployment>/admin/<path>} with a JSON body, answering the JSON body. */
    public Json post(String path, Json body) {
        return json(send(
                request(adminUri(path, Map.of()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.text(), StandardCharsets.UTF_8)),
                "POST admin/" + path));
    }

    /**
     * {@code POST /d/<deployment>/admin/<path>?<query>} with a streamed body (an import file),
     * answering the JSON body.
     */
    public Json upload(String path, Map<String, String> query, HttpRequest.BodyPublisher body, String contentType) {
        return json(send(
                request(adminUri(path, query))
                        .header("Content-Type", contentType)
                        .POST(body),
                "POST admin/" + path));
    }

    /**
     * {@code GET /d/<deployment>/admin/<path>?<query>} as a stream (an export); the caller closes it.
     * An error status is read and thrown like any other.
     */
    public InputStream download(String path, Map<String, String> query) {
        String what = "GET admin/" + path;
        HttpResponse<InputStream> response =
                exchange(request(adminUri(path, query)).GET().build(), HttpResponse.BodyHandlers.ofInputStream(), what);
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        try (InputStream in = response.body()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            throw serverError(response.statusCode(), text, what);
        } catch (IOException e) {
            throw CliException.unreachable(
                    "reading the answer to " + what + " from " + target.serverUrl() + " failed: " + e.getMessage());
        }
    }

    /**
     * Calls a function through the function API, {@code POST /d/<deployment>/api/function}, as the
     * admin (so internal functions too). The answer is the function's outcome as the server wrote it:
     * {@code {"status": "success", "value": <Convex-JSON>, "logLines": [...]}} or {@code {"status":
     * "error", "errorMessage": "...", "errorData"?: <Convex-JSON>, "logLines": [...]}}; only a request
     * that could not run at all throws.
     *
     * @param udfPath {@code messages:list}, {@code dir/file:fn}
     * @param argsConvexJson the argument object as Convex-JSON text
     */
    public Json callFunction(String udfPath, String argsConvexJson) {
        Json.Obj body = Json.object()
                .put("path", udfPath)
                .put("args", Json.parse(argsConvexJson))
                .put("format", "convex_encoded_json");
        URI uri = URI.create(target.deploymentUrl() + "/api/function");
        return json(send(
                request(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.text(), StandardCharsets.UTF_8)),
                "calling " + udfPath));
    }

    @Override
    public void close() {
        if (ownsHttp) {
            http.close();
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private URI adminUri(String path, Map<String, String> query) {
        StringJoiner params = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> params.add(encode(name) + "=" + encode(value)));
        return URI.create(target.deploymentUrl() + "/admin/" + path + params);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Convex " + target.credential())
                .header("User-Agent", "slipway-cli/" + SlipwayCommand.Version.version());
    }

    private String send(HttpRequest.Builder request, String what) {
        HttpResponse<String> response =
                exchange(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), what);
        if (response.statusCode() / 100 != 2) {
            throw serverError(response.statusCode(), response.body(), what);
        }
        return response.body();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        return ServerCalls.exchange(http, request, handler, what, target.serverUrl(), timeout);
    }

    private CliException serverError(int status, String body, String what) {
        Optional<Json> json = ServerCalls.parseQuietly(body);
        String hint = status == 401 || status == 403
                ? " — check the credential for " + target.describe() + " (from --admin-key, "
                        + DeploymentTarget.DEPLOY_KEY_VAR + " or " + DeploymentTarget.ADMIN_KEY_VAR + ")"
                : "";
        return CliException.fromServer(
                status,
                what + " failed: " + ServerCalls.errorText(status, body, json) + hint,
                json.flatMap(j -> j.string("code")),
                json);
    }

    private static Json json(String body) {
        try {
            return Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw CliException.failed("the server answered with something that is not JSON (" + e.getMessage() + "): "
                    + ServerCalls.abbreviate(body));
        }
    }
}
