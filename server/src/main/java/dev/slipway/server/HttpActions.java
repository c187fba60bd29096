package dev.slipway.server;

import dev.slipway.application.FunctionCall.RequestInfo;
import dev.slipway.isolate.HttpActionResult;
import dev.slipway.isolate.HttpHeader;
import dev.slipway.isolate.InvocationResult;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * HTTP actions: {@code /d/<deployment>/http/<route>} goes to the router that {@code http.js}
 * exports, as if {@code <route>} were at the root of Convex's HTTP-actions origin: the action sees
 * {@code request.url} as {@code http://<host>/<route>?<query>}. A failing action is a 500 with {@code
 * {"code": "[Request ID: <id>] Server Error: <message>"}} (and {@code data} for a {@code ConvexError}).
 */
final class HttpActions {
    /** Headers the transport sets itself; an action's values for them are dropped. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("content-length", "transfer-encoding", "connection");

    private final Metrics metrics;

    HttpActions(Metrics metrics) {
        this.metrics = metrics;
    }

    ApiResponse handle(Deployment deployment, String rawRoute, ApiRequest request) {
        URI url = url(request, rawRoute);
        RequestInfo info = new RequestInfo(Calls.requestId(), request.remoteIp(), request.header("User-Agent"));
        HttpActionResult result = deployment.app().http(request.method(), url, request.headers(), request.body(), info);
        return switch (result.outcome()) {
            case HttpActionResult.Response response -> {
                metrics.functionCall("http_action", "http", true);
                List<HttpHeader> headers = response.headers().stream()
                        .filter(h -> !TRANSPORT_HEADERS.contains(h.name().toLowerCase(Locale.ROOT)))
                        .toList();
                yield new ApiResponse(response.status(), headers, response.body());
            }
            case InvocationResult.Failure failure -> {
                metrics.functionCall("http_action", "http", false);
                String code = "[Request ID: " + info.requestId() + "] Server Error: " + failure.message();
                yield ApiResponse.json(500, JsonOut.object(o -> {
                    o.field("code", code);
                    failure.errorDataJson().ifPresent(data -> o.rawField("data", data));
                }));
            }
        };
    }

    private static URI url(ApiRequest request, String rawRoute) {
        String authority = request.authority().isBlank() ? "localhost" : request.authority();
        String query = request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
        try {
            return new URI("http://" + authority + "/" + rawRoute + query);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("BadRequestUrl", "Cannot form the action's URL: " + e.getMessage());
        }
    }
}
