package dev.slipway.server;

import dev.slipway.isolate.HttpHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One HTTP response as the routes produce it, independent of the HTTP library.
 *
 * @param status the status code
 * @param headers the headers to send
 * @param body the whole body
 */
@SuppressWarnings("ArrayRecordComponent") // built once and written once
record ApiResponse(int status, List<HttpHeader> headers, byte[] body) {
    static final String JSON = "application/json";

    ApiResponse {
        headers = List.copyOf(headers);
    }

    /** A JSON body. */
    static ApiResponse json(int status, String json) {
        return new ApiResponse(
                status, List.of(new HttpHeader("Content-Type", JSON)), json.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain-text body. */
    static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(
                status, List.of(new HttpHeader("Content-Type", contentType)), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The error body Convex clients expect for a refused request: {@code {"code", "message"}}. */
    static ApiResponse error(ApiException e) {
        return json(
                e.status(),
                JsonOut.object(o -> o.field("code", e.code()).field("message", String.valueOf(e.getMessage()))));
    }
}
