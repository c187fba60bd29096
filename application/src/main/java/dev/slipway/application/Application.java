package dev.slipway.application;

import dev.slipway.database.Catalog;
import dev.slipway.database.Database;
import dev.slipway.database.MutationRunner;
import dev.slipway.database.OccConflict;
import dev.slipway.database.Transaction;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.HttpActionResult;
import dev.slipway.isolate.HttpHeader;
import dev.slipway.isolate.HttpInvocation;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.isolate.SyscallHandler;
import dev.slipway.isolate.Visibility;
import dev.slipway.persistence.Timestamp;
import dev.slipway.schema.TableResolver;
import dev.slipway.schema.ValidationError;
import dev.slipway.schema.ValidationException;
import dev.slipway.value.Value;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One deployment's functions: the deployed code, and every way of running it.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Code.</b> {@link #deploy} loads pushed modules into the shared runtime, analyzes them and
 *       applies the schema ({@link CodePush}); the new {@link DeployedCode} replaces the old one in one
 *       volatile write, so a call runs entirely on one version.
 *   <li><b>Queries</b> read at the latest snapshot (or a given one), run once, and report their read
 *       set so the caller can subscribe. <b>Mutations</b> run in a {@link MutationRunner}: every OCC
 *       conflict re-runs the JavaScript in a fresh transaction; a thrown error or a failed returns
 *       check rolls everything back. <b>Actions</b> run outside any transaction; their {@code
 *       ctx.runQuery/runMutation/runAction} are separate calls through this class, made on {@link
 *       ApplicationOptions#actionCalls()} so the action's own thread keeps serving its event loop.
 *   <li><b>Nested calls</b> from queries and mutations ({@code 1.0/runUdf}) run in the caller's
 *       transaction; a nested mutation gets a savepoint and is undone alone when it fails.
 *   <li><b>Validation.</b> Arguments are checked against the function's {@code args} validator
 *       before it runs and its value against {@code returns} after, with the deployment's tables for
 *       {@code v.id}. Internal functions refuse {@link FunctionCall.Caller#CLIENT} callers.
 * </ul>
 */
public final class Application implements AutoCloseable {
    /** The function path HTTP actions report as theirs (the router of {@code http.js}). */
    private static final FunctionPath HTTP_ROUTER = new FunctionPath("http.js", "default");

    private final Database db;
    private final JsRuntime runtime;
    private final ApplicationOptions options;
    private final Invoker invoker;
    private final Scheduler scheduler;
    private volatile Optional<DeployedCode> code = Optional.empty();

    private Application(Database db, JsRuntime runtime, ApplicationOptions options, SchedulerOptions scheduling) {
        this.db = db;
        this.runtime = runtime;
        this.options = options;
        this.invoker = new Invoker(runtime, options);
        this.scheduler = new Scheduler(this, db, options, scheduling);
    }

    /**
     * The functions of the deployment stored in {@code db}, run on {@code runtime}; no code until {@link
     * #deploy}. Runs scheduled functions and crons with {@link SchedulerOptions#defaults()}.
     */
    public static Application create(Database db, JsRuntime runtime, ApplicationOptions options) {
        return create(db, runtime, options, SchedulerOptions.defaults());
    }

    /**
     * The functions of the deployment stored in {@code db}: creates the scheduler's system tables if
     * needed, fails the scheduled actions a previous run left in progress, and starts the scheduler,
     * which runs due jobs once code is deployed.
     */
    public static Application create(
            Database db, JsRuntime runtime, ApplicationOptions options, SchedulerOptions scheduling) {
        ScheduledJobs.ensureTables(db, options);
        Application app = new Application(db, runtime, options, scheduling);
        app.scheduler.start();
        return app;
    }

    /** The deployment's database. */
    public Database database() {
        return db;
    }

    /**
     * Loads {@code modules} (module path to bundled ES module source), analyzes them, applies the
     * schema (creating missing indexes and waiting for their backfill) and makes them the deployed
     * code.
     *
     * @throws ApplicationException ({@link ApplicationException#INVALID_MODULES}) when a module
     *     fails to load or analysis finds something invalid, naming the module
     */
    public DeployedCode deploy(java.util.Map<String, String> modules) {
        DeployedCode next = new CodePush(db, runtime, options).push(modules);
        code = Optional.of(next);
        scheduler.wake();
        return next;
    }

    /** The deployed code, if any was pushed. */
    public Optional<DeployedCode> deployed() {
        return code;
    }

    /** Runs a query at the latest snapshot. */
    public FunctionResult query(FunctionCall call) {
        return resolve(call, FunctionKind.QUERY)
                .map(spec -> runQuery(call, spec, db.begin()))
                .orElseGet(() -> notRunnable(call, FunctionKind.QUERY));
    }

    /**
     * Runs a query at snapshot {@code ts}, for results consistent with other reads at {@code ts}.
     *
     * @throws dev.slipway.database.DatabaseException when {@code ts} is in the future or out of retention
     */
    public FunctionResult queryAt(FunctionCall call, Timestamp ts) {
        return resolve(call, FunctionKind.QUERY)
                .map(spec -> runQuery(call, spec, db.beginAt(ts)))
                .orElseGet(() -> notRunnable(call, FunctionKind.QUERY));
    }

    /** Runs a mutation to its commit, retrying on OCC conflicts. */
    public FunctionResult mutation(FunctionCall call) {
        return resolve(call, FunctionKind.MUTATION)
                .map(spec -> runMutation(call, spec))
                .orElseGet(() -> notRunnable(call, FunctionKind.MUTATION));
    }

    /** Runs an action. */
    public FunctionResult action(FunctionCall call) {
        return resolve(call, FunctionKind.ACTION)
                .map(spec -> runAction(call, spec))
                .orElseGet(() -> notRunnable(call, FunctionKind.ACTION));
    }

    /** Runs the function at the call's path, whatever its kind ({@code /api/function}). */
    public FunctionResult run(FunctionCall call) {
        Optional<FunctionSpec> spec = currentCode().flatMap(c -> c.function(call.path()));
        return switch (spec.map(FunctionSpec::kind).orElse(FunctionKind.QUERY)) {
            case QUERY -> query(call);
            case MUTATION -> mutation(call);
            case ACTION -> action(call);
            case HTTP_ACTION -> notRunnable(call, FunctionKind.QUERY);
        };
    }

    /**
     * Serves an HTTP request with the router {@code http.js} exports (an action: it may call queries,
     * mutations and actions). Without deployed code or a router every path answers 404.
     *
     * @param url the absolute URL the client asked for; the router matches its path
     */
    public HttpActionResult http(
            String method, URI url, List<HttpHeader> headers, byte[] body, FunctionCall.RequestInfo request) {
        Optional<DeployedCode> deployed = currentCode();
        if (deployed.isEmpty() || !deployed.get().hasHttpRouter()) {
            byte[] text = ("No HttpAction routed for " + url.getRawPath()).getBytes(StandardCharsets.UTF_8);
            return new HttpActionResult(
                    new HttpActionResult.Response(
                            404, List.of(new HttpHeader("content-type", "text/plain;charset=UTF-8")), text),
                    List.of());
        }
        FunctionCall call =
                new FunctionCall(HTTP_ROUTER, Value.Obj.of(java.util.Map.of()), FunctionCall.Caller.ADMIN, request);
        CallContext ctx = new CallContext(HTTP_ROUTER, CallContext.Kind.ACTION, options.deployment(), request);
        HttpInvocation invocation = new HttpInvocation(
                deployed.get().version(),
                method,
                url,
                headers,
                body,
                new ActionSyscalls(this, call, ctx, options.actionCalls()),
                java.util.Map.of(),
                request.requestId());
        return invoker.http(invocation);
    }

    /**
     * Makes the scheduler look for due jobs and crons now. It wakes by itself on new jobs, finished
     * jobs, deploys and due times; a test that moves {@link ApplicationOptions#clockMillis()} calls this.
     */
    public void wakeScheduler() {
        scheduler.wake();
    }

    /** Stops the scheduler (waiting for the jobs it is running) and forgets the deployed code. */
    @Override
    public void close() {
        scheduler.close();
        code = Optional.empty();
    }

    // ---- queries -----------------------------------------------------------------------------

    private FunctionResult runQuery(FunctionCall call, FunctionSpec spec, Transaction tx) {
        try {
            CallContext ctx = context(call, spec);
            Invoker.Outcome outcome = invokeInTransaction(call, spec, tx, ctx, new ScheduledJobs.Budget());
            Optional<FunctionResult.Reads> reads = Optional.of(new FunctionResult.Reads(tx.readSet(), tx.snapshotTs()));
            return outcome.toResult(reads, Optional.empty());
        } finally {
            tx.abort();
        }
    }

    // ---- mutations ---------------------------------------------------------------------------

    /** Carries a failed attempt out of the runner, so its transaction is dropped. */
    private static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("serial")
        final transient Invoker.Outcome outcome;

        Failed(Invoker.Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    private FunctionResult runMutation(FunctionCall call, FunctionSpec spec) {
        MutationRunner runner =
                new MutationRunner(db, options.retries(), System::nanoTime, Thread::sleep, options.seeds());
        try {
            MutationRunner.Committed<Invoker.Outcome> committed = runner.run(tx -> {
                Invoker.Outcome outcome =
                        invokeInTransaction(call, spec, tx, context(call, spec), new ScheduledJobs.Budget());
                if (outcome.failed()) {
                    throw new Failed(outcome);
                }
                return outcome;
            });
            return committed.value().toResult(Optional.empty(), Optional.of(committed.commitTs()));
        } catch (Failed e) {
            return e.outcome.toResult(Optional.empty(), Optional.empty());
        } catch (OccConflict e) {
            return Invoker.Outcome.systemFailure(String.valueOf(e.getMessage()))
                    .toResult(Optional.empty(), Optional.empty());
        }
    }

    /**
     * Invokes a query or mutation in {@code tx}: validates the arguments, runs the JavaScript with
     * the transaction's syscalls, and validates the returned value.
     */
    Invoker.Outcome invokeInTransaction(
            FunctionCall call, FunctionSpec spec, Transaction tx, CallContext ctx, ScheduledJobs.Budget scheduled) {
        Optional<String> badArgs = validate(spec.args(), call.args(), tx.catalog(), ValidationException.ARGUMENTS);
        if (badArgs.isPresent()) {
            return Invoker.Outcome.developerFailure(badArgs.get());
        }
        SyscallHandler syscalls = new DatabaseSyscalls(
                tx,
                ctx,
                args -> nestedUdf(call, tx, ctx, args, scheduled),
                new DatabaseSyscalls.Scheduling(scheduled, currentCode(), options.clockMillis()));
        Invoker.Outcome outcome = invoker.invoke(currentCode().orElseThrow(), spec, call.args(), syscalls, ctx);
        return checkReturns(spec, outcome, tx.catalog());
    }

    private Value nestedUdf(
            FunctionCall outer,
            Transaction tx,
            CallContext outerCtx,
            SyscallArgs args,
            ScheduledJobs.Budget scheduled) {
        FunctionPath callee = FunctionHandles.target(args);
        Value.Obj calleeArgs = args.object("args");
        String udfType = args.string("udfType");
        FunctionKind kind = udfType.equals("mutation") ? FunctionKind.MUTATION : FunctionKind.QUERY;
        if (kind == FunctionKind.MUTATION && outerCtx.kind() != CallContext.Kind.MUTATION) {
            throw new dev.slipway.isolate.SyscallException(
                    "ctx.runMutation is only available in mutations and actions; " + outerCtx.path() + " is a query");
        }
        FunctionCall call = outer.nested(callee, calleeArgs);
        FunctionSpec spec = resolve(call, kind)
                .orElseThrow(() -> new dev.slipway.isolate.SyscallException(notRunnableMessage(call, kind)));
        CallContext ctx = outerCtx.calling(
                callee, kind == FunctionKind.MUTATION ? CallContext.Kind.MUTATION : CallContext.Kind.QUERY);
        Transaction.Savepoint savepoint = tx.savepoint();
        Invoker.Outcome outcome = invokeInTransaction(call, spec, tx, ctx, scheduled);
        if (outcome.failed()) {
            tx.rollbackTo(savepoint);
        }
        return outcome.valueOrThrow();
    }

    // ---- actions -----------------------------------------------------------------------------

    private FunctionResult runAction(FunctionCall call, FunctionSpec spec) {
        Optional<String> badArgs = validate(spec.args(), call.args(), db.catalog(), ValidationException.ARGUMENTS);
        if (badArgs.isPresent()) {
            return Invoker.Outcome.developerFailure(badArgs.get()).toResult(Optional.empty(), Optional.empty());
        }
        CallContext ctx = context(call, spec);
        ActionSyscalls syscalls = new ActionSyscalls(this, call, ctx, options.actionCalls());
        Invoker.Outcome outcome = invoker.invoke(currentCode().orElseThrow(), spec, call.args(), syscalls, ctx);
        return checkReturns(spec, outcome, db.catalog()).toResult(Optional.empty(), Optional.empty());
    }

    /** {@code 1.0/actions/schedule}: schedules in a transaction of its own. */
    dev.slipway.value.DocumentId scheduleFromAction(SyscallArgs args, ScheduledJobs.Budget budget) {
        return systemRunner()
                .run(tx -> ScheduledJobs.schedule(
                        tx, args, currentCode(), options.clockMillis().getAsLong(), budget))
                .value();
    }

    /** {@code 1.0/actions/cancel_job}: cancels in a transaction of its own. */
    Value cancelFromAction(String id) {
        systemRunner().run(tx -> {
            ScheduledJobs.cancel(tx, id, options.clockMillis().getAsLong());
            return Value.Null.INSTANCE;
        });
        return Value.Null.INSTANCE;
    }

    private MutationRunner systemRunner() {
        return new MutationRunner(db, options.retries(), System::nanoTime, Thread::sleep, options.seeds());
    }

    // ---- shared ------------------------------------------------------------------------------

    private Optional<DeployedCode> currentCode() {
        return code;
    }

    /** The function to run, or empty when it does not exist, is of another kind, or is internal to a client. */
    private Optional<FunctionSpec> resolve(FunctionCall call, FunctionKind kind) {
        return currentCode()
                .flatMap(c -> c.function(call.path()))
                .filter(spec -> spec.kind() == kind)
                .filter(spec -> spec.visibility() == Visibility.PUBLIC || call.caller() == FunctionCall.Caller.ADMIN);
    }

    private FunctionResult notRunnable(FunctionCall call, FunctionKind kind) {
        return Invoker.Outcome.developerFailure(notRunnableMessage(call, kind))
                .toResult(Optional.empty(), Optional.empty());
    }

    /** Why {@link #resolve} found nothing, in Convex's words. */
    private String notRunnableMessage(FunctionCall call, FunctionKind kind) {
        Optional<FunctionSpec> spec = currentCode().flatMap(c -> c.function(call.path()));
        if (spec.isEmpty()) {
            return "Could not find public function for '" + call.path() + "'. Did you forget to run `npx convex dev`"
                    + " or `npx convex deploy`?";
        }
        if (spec.get().kind() != kind) {
            return "Trying to execute " + call.path() + " as " + kind.displayName() + ", but it is defined as "
                    + spec.get().kind().displayName() + ".";
        }
        return "Could not find public function for '" + call.path() + "'. It is an internal function, which only"
                + " other functions and administrators can call.";
    }

    private CallContext context(FunctionCall call, FunctionSpec spec) {
        CallContext.Kind kind = switch (spec.kind()) {
            case QUERY -> CallContext.Kind.QUERY;
            case MUTATION -> CallContext.Kind.MUTATION;
            case ACTION, HTTP_ACTION -> CallContext.Kind.ACTION;
        };
        return new CallContext(call.path(), kind, options.deployment(), call.request());
    }

    private Invoker.Outcome checkReturns(FunctionSpec spec, Invoker.Outcome outcome, Catalog catalog) {
        if (outcome.failed() || spec.returns().isEmpty()) {
            return outcome;
        }
        Optional<String> bad = validate(spec.returns().get(), outcome.value(), catalog, ValidationException.RETURNS);
        return bad.map(message -> Invoker.Outcome.developerFailure(message).withLogs(outcome.logLines()))
                .orElse(outcome);
    }

    private static Optional<String> validate(
            dev.slipway.schema.Validator validator, Value value, Catalog catalog, String code) {
        TableResolver tables = number -> catalog.table(number).map(Catalog.Table::name);
        Optional<ValidationError> error = validator.validate(value, tables);
        return error.map(e -> ValidationException.of(code, e).getMessage());
    }
}
