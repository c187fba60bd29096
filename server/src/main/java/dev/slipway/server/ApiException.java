package dev.slipway.server;

import dev.slipway.value.SlipwayException;

/**
 * A request the server refuses as a whole (not a function's own failure): answered with {@link
 * #status()} and the body {@code {"code": ..., "message": ...}}, which the {@code convex} client
 * shows as the error text.
 */
final class ApiException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String code, String message) {
        super(code, message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message);
    }
}
