package dev.slipway.isolate;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The boot-time warm-up ({@link JsRuntime#prewarm()}): the built-in workload ({@code
 * prewarm/workload.js}) called again and again, one call at a time, against an in-memory syscall
 * handler. A failure stops the warm-up with a warning; it never affects real calls.
 */
final class Prewarm {
    private static final System.Logger LOG = System.getLogger(Prewarm.class.getName());

    private final JsRuntime runtime;
    private final CodeVersion version;
    private final int invocations;
    private final CompletableFuture<Integer> done;
    private final long startNanos = System.nanoTime();

    private Prewarm(JsRuntime runtime, CodeVersion version, int invocations, CompletableFuture<Integer> done) {
        this.runtime = runtime;
        this.version = version;
        this.invocations = invocations;
        this.done = done;
    }

    static void start(JsRuntime runtime, int invocations, CompletableFuture<Integer> done) {
        if (invocations == 0 || runtime.isClosed()) {
            done.complete(0);
            return;
        }
        String workload = Prelude.read("prewarm/workload.js");
        CodeVersion version = runtime.load("slipway-prewarm", "builtin", Map.of("workload.js", workload));
        LOG.log(
                System.Logger.Level.INFO,
                "Pre-warming the JavaScript runtime with {0} calls of the built-in workload",
                invocations);
        new Prewarm(runtime, version, invocations, done).next(0);
    }

    private void next(int i) {
        if (i >= invocations || runtime.isClosed()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Pre-warm finished: {0} calls in {1} ms",
                    i,
                    (System.nanoTime() - startNanos) / 1_000_000);
            done.complete(i);
            return;
        }
        var _ = runtime.invoke(invocation(i)).whenComplete((result, error) -> {
            if (error != null || result.outcome() instanceof InvocationResult.Failure) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Pre-warm stopped after {0} calls: {1}",
                        i,
                        error != null ? error.getMessage() : ((InvocationResult.Failure) result.outcome()).message());
                done.complete(i);
            } else {
                next(i + 1);
            }
        });
    }

    private Invocation invocation(int i) {
        FunctionKind kind =
                i % 50 == 49 ? FunctionKind.ACTION : i % 5 == 4 ? FunctionKind.MUTATION : FunctionKind.QUERY;
        String export = switch (kind) {
            case QUERY -> "list";
            case MUTATION -> "send";
            default -> "tick";
        };
        return Invocation.builder(version, "workload.js", export, kind)
                .argsJson(
                        kind == FunctionKind.MUTATION
                                ? "[{\"channel\":\"c" + (i % 3) + "\",\"body\":\"warm up " + i + "\"}]"
                                : "[{\"channel\":\"c" + (i % 3) + "\"}]")
                .syscalls(new Documents(20 + i % 40))
                .seed(i)
                .nowMillis(1_700_000_000_000L + i)
                .build();
    }

    /** An in-memory table of generated messages: what the workload reads and writes. */
    private static final class Documents implements SyscallHandler {
        private final int count;
        private final AtomicInteger next = new AtomicInteger();

        Documents(int count) {
            this.count = count;
        }

        @Override
        public String syscall(String op, String argsJson) {
            if (op.equals("1.0/queryStream")) {
                return "{\"queryId\":0}";
            }
            throw new SyscallException("prewarm: unexpected syscall " + op);
        }

        @Override
        public CompletionStage<String> asyncSyscall(String op, String argsJson) {
            return CompletableFuture.completedFuture(
                    switch (op) {
                        case "1.0/queryStreamNext" -> {
                            int n = next.getAndIncrement();
                            yield n >= count
                                    ? "{\"value\":null,\"done\":true}"
                                    : "{\"value\":" + document(n) + ",\"done\":false}";
                        }
                        case "1.0/insert" -> "{\"_id\":\"prewarm" + count + "\"}";
                        case "1.0/get" -> document(count);
                        default -> throw new SyscallException("prewarm: unexpected syscall " + op);
                    });
        }

        private static String document(int n) {
            return "{\"_id\":\"doc" + n + "\",\"_creationTime\":" + (1_700_000_000_000.0 + n) + ",\"channel\":\"c"
                    + (n % 3)
                    + "\",\"author\":\"user" + (n % 7) + "\",\"body\":\"  message number " + n
                    + " with a few words  \",\"score\":" + (n * 7919 % 101) + ",\"tags\":[\"x\",\"y" + n + "\"]}";
        }
    }
}
