package dev.slipway.application;

import dev.slipway.isolate.SyscallException;
import dev.slipway.isolate.SyscallHandler;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The syscalls of one action (or HTTP action) invocation. An action has no transaction: {@code
 * ctx.runQuery}, {@code ctx.runMutation} and {@code ctx.runAction} are whole calls of their own
 * through the {@link Application}, each with its own transaction and retries. They run on the
 * executor, so the action's thread stays free to run its event loop (timers, other awaits) while
 * they are in flight; their completion is handed back to that thread by the runtime. A nested call
 * that fails rejects the action's promise with its message and, for a {@code ConvexError}, its data.
 */
final class ActionSyscalls implements SyscallHandler {
    private final Application app;
    private final FunctionCall call;
    private final CallContext ctx;
    private final Executor executor;
    private final ScheduledJobs.Budget budget = new ScheduledJobs.Budget();

    ActionSyscalls(Application app, FunctionCall call, CallContext ctx, Executor executor) {
        this.app = app;
        this.call = call;
        this.ctx = ctx;
        this.executor = executor;
    }

    @Override
    public String syscall(String op, String argsJson) {
        throw new SyscallException(op + " is not available in actions; use ctx.runQuery or ctx.runMutation to read or"
                + " write the database");
    }

    @Override
    public CompletionStage<String> asyncSyscall(String op, String argsJson) {
        try {
            SyscallArgs args = SyscallArgs.parse(op, argsJson);
            return switch (op) {
                case "1.0/actions/query" -> nested(args, app::query);
                case "1.0/actions/mutation" -> nested(args, app::mutation);
                case "1.0/actions/action" -> nested(args, app::action);
                case "1.0/actions/schedule", "1.0/actions/cancel_job" ->
                    CompletableFuture.completedFuture(DatabaseSyscalls.developerErrors(op, () -> scheduling(op, args)));
                default ->
                    CompletableFuture.completedFuture(
                            DatabaseSyscalls.developerErrors(op, () -> SystemSyscalls.async(op, args, ctx)));
            };
        } catch (SyscallException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Schedules or cancels in a transaction of its own (an action has none to share). */
    private Value scheduling(String op, SyscallArgs args) {
        synchronized (budget) {
            return op.equals("1.0/actions/schedule")
                    ? new Value.Str(
                            app.scheduleFromAction(args, budget, ctx.request()).encode())
                    : app.cancelFromAction(args.string("id"));
        }
    }

    private CompletionStage<String> nested(SyscallArgs args, Function<FunctionCall, FunctionResult> run) {
        FunctionCall nested = call.nested(FunctionHandles.target(args), args.object("args"));
        return CompletableFuture.supplyAsync(() -> toJson(run.apply(nested)), executor);
    }

    private static String toJson(FunctionResult result) {
        return switch (result) {
            case FunctionResult.Success success -> ConvexJson.encode(success.value());
            case FunctionResult.Failure failure ->
                throw new SyscallException(failure.message(), failure.data().map(ConvexJson::encode));
        };
    }
}
