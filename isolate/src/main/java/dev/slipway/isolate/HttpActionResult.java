package dev.slipway.isolate;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How an HTTP action ended: the {@code Response} it returned (or the 404 for an unrouted path), or a
 * failure the server turns into a 500; with the console lines it wrote.
 */
public record HttpActionResult(Outcome outcome, List<LogLine> logLines) {
    public HttpActionResult {
        Objects.requireNonNull(outcome, "outcome");
        logLines = List.copyOf(logLines);
    }

    /** A response or a failure. */
    public sealed interface Outcome permits Response, InvocationResult.Failure {}

    /**
     * The response to send.
     *
     * @param status the HTTP status
     * @param headers the response headers, as the {@code Headers} object iterates them
     * @param body the whole body
     */
    @SuppressWarnings("ArrayRecordComponent") // the body is copied in and out; equals/hashCode compare contents
    public record Response(int status, List<HttpHeader> headers, byte[] body) implements Outcome {
        public Response {
            headers = List.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Response other
                    && status == other.status
                    && headers.equals(other.headers)
                    && Arrays.equals(body, other.body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, headers, Arrays.hashCode(body));
        }

        @Override
        public String toString() {
            return "Response[" + status + ", " + headers + ", " + body.length + " bytes]";
        }
    }
}
