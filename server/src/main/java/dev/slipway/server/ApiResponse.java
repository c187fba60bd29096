package dev.slipway.server;

import dev.slipway.isolate.HttpHeader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP response as the routes produce it, independent of the HTTP library: a body in memory, or,
 * for answers larger than memory (an export), a {@link BodyWriter} the transport runs once to stream
 * the body out.
 *
 * @param status the status code
 * @param headers the headers to send
 * @param body the whole body (empty when {@code stream} is present)
 * @param stream writes the body to the client, when it is streamed
 */
@SuppressWarnings("ArrayRecordComponent") // built once and written once
record ApiResponse(int status, List<HttpHeader> headers, byte[] body, Optional<BodyWriter> stream) {
    static final String JSON = "application/json";

    /**
     * Writes a streamed body. The transport calls it exactly once, after the status and headers are
     * sent, and closes the stream afterwards; a failure midway cuts the connection, so the client
     * sees an incomplete body rather than a complete wrong one.
     */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    ApiResponse {
        headers = List.copyOf(headers);
    }

    /** A response with its body in memory. */
    ApiResponse(int status, List<HttpHeader> headers, byte[] body) {
        this(status, headers, body, Optional.empty());
    }

    /** A response whose body {@code writer} streams out. */
    static ApiResponse streamed(int status, List<HttpHeader> headers, BodyWriter writer) {
        return new ApiResponse(status, headers, new byte[0], Optional.of(writer));
    }

    /** The same response with other headers. */
    ApiResponse withHeaders(List<HttpHeader> newHeaders) {
        return new ApiResponse(status, newHeaders, body, stream);
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
