package dev.slipway.isolate;

import java.util.concurrent.CompletionStage;

/**
 * The host side of {@code Convex.syscall} and {@code Convex.asyncSyscall} for one invocation
 * (interface reference §5.2, §5.5). Arguments and results are JSON text. Both methods are called on
 * the invocation's context thread; they must not call back into the runtime.
 */
public interface SyscallHandler {
    /**
     * {@code Convex.syscall(op, argsJson)}: the JSON text result. Throw {@link SyscallException} for a
     * developer-facing error (it becomes a JavaScript {@code Error} with that message); any other
     * exception fails the invocation as a system error, and its class never reaches JavaScript.
     */
    String syscall(String op, String argsJson);

    /**
     * {@code Convex.asyncSyscall(op, argsJson)}: completes with JSON text, or exceptionally with a
     * {@link SyscallException} (message and optional Convex-JSON data text). It may complete on another
     * thread (actions); the runtime resolves the JavaScript promise on the context's own thread. A
     * stage that is already complete when returned is resolved without a trip through the event loop.
     */
    CompletionStage<String> asyncSyscall(String op, String argsJson);
}
