package dev.slipway.application;

/**
 * Who is running: the function being invoked, its kind, the deployment, and the request it serves.
 * Syscalls read it for metadata and for what the kind allows.
 */
record CallContext(FunctionPath path, Kind kind, String deployment, FunctionCall.RequestInfo request) {

    /** The three kinds of invocation; an HTTP action runs as an action. */
    enum Kind {
        QUERY,
        MUTATION,
        ACTION
    }

    /** The same request, running {@code callee} of {@code calleeKind} (a nested call). */
    CallContext calling(FunctionPath callee, Kind calleeKind) {
        return new CallContext(callee, calleeKind, deployment, request);
    }
}
