package dev.slipway.application;

import dev.slipway.isolate.HttpActionResult;
import dev.slipway.isolate.HttpInvocation;
import dev.slipway.isolate.Invocation;
import dev.slipway.isolate.InvocationResult;
import dev.slipway.isolate.InvocationResult.FailureKind;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.isolate.LogLine;
import dev.slipway.isolate.SyscallException;
import dev.slipway.isolate.SyscallHandler;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/** Runs one function in the JavaScript runtime and turns what happened into an {@link Outcome}. */
final class Invoker {
    private final JsRuntime runtime;
    private final ApplicationOptions options;

    Invoker(JsRuntime runtime, ApplicationOptions options) {
        this.runtime = runtime;
        this.options = options;
    }

    /** Invokes {@code spec} of {@code code} with {@code args}, on the runtime's threads, and waits. */
    Outcome invoke(DeployedCode code, FunctionSpec spec, Value.Obj args, SyscallHandler syscalls, CallContext ctx) {
        Invocation invocation = Invocation.builder(
                        code.version(), spec.path().module(), spec.path().export(), spec.kind())
                .argsJson("[" + ConvexJson.encode(args) + "]")
                .syscalls(syscalls)
                .seed(options.seeds().nextLong())
                .nowMillis(options.clockMillis().getAsLong())
                .requestId(ctx.request().requestId())
                .build();
        InvocationResult result;
        try {
            result = runtime.invoke(invocation).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return switch (result.outcome()) {
            case InvocationResult.Success success ->
                new Outcome(Optional.of(ConvexJson.decode(success.resultJson())), Optional.empty(), result.logLines());
            case InvocationResult.Failure failure ->
                new Outcome(Optional.empty(), Optional.of(failure), result.logLines());
        };
    }

    /** Runs an HTTP action and waits. */
    HttpActionResult http(HttpInvocation invocation) {
        try {
            return runtime.invokeHttp(invocation).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** A function's value, or its failure, with its log lines. */
    record Outcome(Optional<Value> result, Optional<InvocationResult.Failure> failure, List<LogLine> logLines) {

        static Outcome developerFailure(String message) {
            return new Outcome(
                    Optional.empty(),
                    Optional.of(new InvocationResult.Failure(message, Optional.empty(), "", FailureKind.DEVELOPER)),
                    List.of());
        }

        static Outcome systemFailure(String message) {
            return new Outcome(
                    Optional.empty(),
                    Optional.of(new InvocationResult.Failure(message, Optional.empty(), "", FailureKind.SYSTEM)),
                    List.of());
        }

        boolean failed() {
            return failure.isPresent();
        }

        Value value() {
            return result.orElseThrow();
        }

        Outcome withLogs(List<LogLine> lines) {
            return new Outcome(result, failure, lines);
        }

        /** The value for a nested caller, or the failure as a syscall error carrying its message and data. */
        Value valueOrThrow() {
            return result.orElseThrow(() -> {
                InvocationResult.Failure f = failure.orElseThrow();
                return new SyscallException(f.message(), f.errorDataJson());
            });
        }

        FunctionResult toResult(
                Optional<FunctionResult.Reads> reads, Optional<dev.slipway.persistence.Timestamp> commitTs) {
            if (failure.isPresent()) {
                InvocationResult.Failure f = failure.get();
                return new FunctionResult.Failure(
                        f.message(), f.errorDataJson().map(ConvexJson::decode), f.kind(), logLines, reads);
            }
            return new FunctionResult.Success(value(), logLines, reads, commitTs);
        }
    }
}
