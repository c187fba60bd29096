package dev.slipway.server;

import dev.slipway.isolate.HttpHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * CORS for the function API, as the Convex backend answers it: any origin and any requested headers
 * are mirrored back, with credentials allowed, so a browser app on any origin can use {@code
 * ConvexHttpClient}. HTTP actions answer CORS themselves ({@code http.js} routes {@code OPTIONS}).
 */
final class Cors {
    private static final String METHODS = "GET, POST, OPTIONS, PATCH, DELETE, PUT";

    private Cors() {}

    /** The answer to a preflight ({@code OPTIONS}) request. */
    static ApiResponse preflight(ApiRequest request) {
        List<HttpHeader> headers = new ArrayList<>(allowOrigin(request));
        headers.add(new HttpHeader("Access-Control-Allow-Methods", METHODS));
        request.header("Access-Control-Request-Headers")
                .ifPresent(h -> headers.add(new HttpHeader("Access-Control-Allow-Headers", h)));
        headers.add(new HttpHeader("Access-Control-Max-Age", "86400"));
        headers.add(new HttpHeader("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"));
        return new ApiResponse(204, headers, new byte[0]);
    }

    /** {@code response} with the CORS headers an answer to {@code request} needs. */
    static ApiResponse decorate(ApiRequest request, ApiResponse response) {
        List<HttpHeader> extra = allowOrigin(request);
        if (extra.isEmpty()) {
            return response;
        }
        List<HttpHeader> headers = new ArrayList<>(response.headers());
        headers.addAll(extra);
        headers.add(new HttpHeader("Vary", "Origin"));
        return response.withHeaders(headers);
    }

    private static List<HttpHeader> allowOrigin(ApiRequest request) {
        return request.header("Origin")
                .map(origin -> List.of(
                        new HttpHeader("Access-Control-Allow-Origin", origin),
                        new HttpHeader("Access-Control-Allow-Credentials", "true")))
                .orElse(List.of());
    }
}
