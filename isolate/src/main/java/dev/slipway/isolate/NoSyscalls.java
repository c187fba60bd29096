package dev.slipway.isolate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link SyscallHandler} that refuses every syscall: for code that needs none (analysis, tests). */
enum NoSyscalls implements SyscallHandler {
    INSTANCE;

    @Override
    public String syscall(String op, String argsJson) {
        throw unsupported(op);
    }

    @Override
    public CompletionStage<String> asyncSyscall(String op, String argsJson) {
        return CompletableFuture.failedFuture(unsupported(op));
    }

    private static SyscallException unsupported(String op) {
        return new SyscallException("Syscall " + op + " is not available here (no syscall handler was given)");
    }
}
