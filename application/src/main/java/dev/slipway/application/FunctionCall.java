package dev.slipway.application;

import dev.slipway.value.Value;
import java.util.Optional;

/**
 * A request to run one function.
 *
 * @param path the function
 * @param args its one argument object
 * @param caller who asks: only {@link Caller#ADMIN} and other functions may run internal functions
 * @param request where the request came from, for {@code getRequestMetadata} and logs
 */
public record FunctionCall(FunctionPath path, Value.Obj args, Caller caller, RequestInfo request) {

    /** Who made a call. */
    public enum Caller {
        /** A client of the public API: public functions only. */
        CLIENT,
        /** An administrator (deploy key, dashboard, CLI), or another function: internal functions too. */
        ADMIN
    }

    /**
     * Facts about the request.
     *
     * @param requestId the id logs and errors carry
     * @param ip the client's address, when known
     * @param userAgent the client's user agent, when known
     */
    public record RequestInfo(String requestId, Optional<String> ip, Optional<String> userAgent) {
        /** A request with only an id. */
        public static RequestInfo of(String requestId) {
            return new RequestInfo(requestId, Optional.empty(), Optional.empty());
        }
    }

    /** The same request for another function, made by a function (which may call internal ones). */
    FunctionCall nested(FunctionPath callee, Value.Obj calleeArgs) {
        return new FunctionCall(callee, calleeArgs, Caller.ADMIN, request);
    }
}
