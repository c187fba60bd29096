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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One deployment's functions: the deployed code, and every way of running it.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Code.</b> {@link #push} runs the push pipeline ({@link CodePush}: analysis, diff, the
 *       schema-against-data gate, index backfills, then one transaction that switches code, schema and
 *       indexes); the new {@link DeployedCode} replaces the old one in one volatile write right after
 *       that transaction, so a call runs entirely on one version. Versions and their modules live in
 *       the deployment's database ({@link CodeVersions}); {@link #create} serves the current one again.
 *   <li><b>Environment variables</b> live in the database too ({@link EnvironmentVariables}); the
 *       deployed code carries them, and a change swaps in the same code under the new values, whose
 *       calls run in freshly loaded contexts, so module top-level code sees them as well.
 *   <li><b>Pushes against writes.</b> Every mutation (client, action, scheduler) runs under the read
 *       side of the user-write lock; a push takes the write side for the moment it checks that nothing
 *       it validated changed and switches, so no mutation commits in between.
 *   <li><b>Queries</b> read at the latest snapshot (or a given one), run once, and report their read
 *       set so the caller can subscribe. <b>Mutations</b> run in a {@link MutationRunner}: every OCC
 *       conflict re-runs the JavaScript in a fresh transaction; a thrown error or a failed returns
 *       check rolls everything back. <b>Actions</b> run outside any transaction; their {@code
 *       ctx.runQuery/runMutation/runAction} are separate calls through this class, made on {@link
 *       ApplicationOptions#actionCalls()} so the action's own thread keeps serving its event loop.
 *   <li><b>Nested calls</b> from queries and mutations ({@code 1.0/runUdf}) run in the caller's
 *       transaction; a nested mutation gets a savepoint and is undone alone when it fails.
 *   <li><b>Pinned versions</b> (skew protection): a call whose request names a code version ({@link
 *       FunctionCall.RequestInfo#version()}) runs that version's functions, loaded by {@link
 *       PinnedVersions} from the database, for as long as it stays pinned; everything else (the
 *       database, its current schema, scheduling) is shared with the current version.
 *   <li><b>Validation.</b> Arguments are checked against the function's {@code args} validator
 *       before it runs and its value against {@code returns} after, with the deployment's tables for
 *       {@code v.id}. Internal functions refuse {@link FunctionCall.Caller#CLIENT} callers.
 * </ul>
 */
public final class Application implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Application.class.getName());
    /** The function path HTTP actions report as theirs (the router of {@code http.js}). */
    private static final FunctionPath HTTP_ROUTER = new FunctionPath("http.js", "default");

    private final Database db;
    private final JsRuntime runtime;
    private final ApplicationOptions options;
    private final Invoker invoker;
    private final Scheduler scheduler;
    private final FunctionLog log;
    private final PinnedVersions pinned;
    /** Serializes pushes. */
    private final ReentrantLock pushLock = new ReentrantLock();
    /** Orders the writes of {@link #code} and {@link #environment}. */
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Read side: a mutation running to its commit; write side: a push switching. */
    private final ReentrantReadWriteLock userWrites = new ReentrantReadWriteLock();

    private volatile Optional<DeployedCode> code = Optional.empty();
    private volatile SortedMap<String, String> environment = new TreeMap<>();
    private volatile Optional<PushProgress> progress = Optional.empty();

    private Application(Database db, JsRuntime runtime, ApplicationOptions options, SchedulerOptions scheduling) {
        this.db = db;
        this.runtime = runtime;
        this.options = options;
        this.invoker = new Invoker(runtime, options);
        this.log = new FunctionLog(options.functionLogCapacity(), options.clockMillis());
        this.scheduler = new Scheduler(this, db, options, scheduling);
        this.pinned = new PinnedVersions(db, runtime, options);
    }

    /**
     * The functions of the deployment stored in {@code db}, run on {@code runtime}, serving the code
     * version stored as current (see {@link #create(Database, JsRuntime, ApplicationOptions,
     * SchedulerOptions)}). Runs scheduled functions and crons with {@link SchedulerOptions#defaults()}.
     */
    public static Application create(Database db, JsRuntime runtime, ApplicationOptions options) {
        return create(db, runtime, options, SchedulerOptions.defaults());
    }

    /**
     * The functions of the deployment stored in {@code db}: creates the application's system tables if
     * needed (scheduled jobs, crons, code versions, modules, environment variables), serves the code
     * version the database marks current again with the stored environment variables, fails the
     * scheduled actions a previous run left in progress, and starts the scheduler. A stored version that
     * cannot be read is logged and left out, so the deployment still opens and a new push can fix it.
     */
    public static Application create(
            Database db, JsRuntime runtime, ApplicationOptions options, SchedulerOptions scheduling) {
        List<SystemIndexes.Spec> tables = new ArrayList<>(ScheduledJobs.indexes());
        tables.addAll(CodeVersions.indexes());
        tables.addAll(EnvironmentVariables.indexes());
        tables.addAll(SessionRequests.indexes());
        tables.addAll(StoredSettings.indexes());
        SystemIndexes.ensure(db, options, tables);
        Application app = new Application(db, runtime, options, scheduling);
        app.restore();
        app.scheduler.start();
        return app;
    }

    /** Loads the stored environment variables and the current code version. */
    private void restore() {
        Transaction tx = db.begin();
        try {
            environment = Collections.unmodifiableSortedMap(EnvironmentVariables.read(tx));
            StoredSettings.read(tx, StoredSettings.PINNED_RETENTION_MS)
                    .filter(v -> v instanceof Value.Int64(long ms) && ms >= 0)
                    .ifPresent(v -> pinned.retention(java.time.Duration.ofMillis(((Value.Int64) v).value())));
        } finally {
            tx.abort();
        }
        try {
            Optional<CodeVersions.Stored> stored = CodeVersions.current(db);
            if (stored.isEmpty()) {
                return;
            }
            CodeVersions.Stored version = stored.get();
            code = Optional.of(new DeployedCode(
                    version.versionId(),
                    runtime.load(options.deployment(), version.versionId(), version.modules(), environment),
                    version.functions(),
                    version.schema(),
                    version.httpRouter()));
            LOG.log(
                    System.Logger.Level.INFO,
                    "deployment {0}: serving code version {1} ({2} functions)",
                    options.deployment(),
                    version.versionId(),
                    version.functions().size());
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "deployment " + options.deployment() + ": the current code version cannot be loaded; push the"
                            + " code again",
                    e);
        }
    }

    /** The deployment's database. */
    public Database database() {
        return db;
    }

    /**
     * Pushes code: analyze, diff against the current version, check the function API against the
     * current and every pinned version (gate 2), the pending scheduled jobs against the new functions
     * (gate 3) and existing documents against the new schema (gate 1), then, unless {@link
     * PushRequest#dryRun()}, store the version, backfill new indexes and switch code, schema and
     * indexes in one transaction, and drop removed indexes. Pushes run one at a time; a second waits
     * for the first. Pushing the current version's modules again changes nothing ({@link
     * PushReport#unchanged()}).
     *
     * @param listener hears each step, on this thread (also readable through {@link #pushProgress()})
     * @throws PushRefusedException when existing documents fail the new schema ({@link
     *     PushRefusedException#SCHEMA_VALIDATION_FAILED}), or the push breaks callers or pending jobs
     *     without {@link PushRequest#allowBreaking()} ({@link PushRefusedException#BREAKING_CHANGES});
     *     nothing changed, and the exception's report has every gate's findings
     * @throws ApplicationException ({@link ApplicationException#INVALID_MODULES}) when a module fails
     *     to load or analysis finds something invalid, naming the module
     */
    public PushReport push(PushRequest request, PushListener listener) {
        pushLock.lock();
        try {
            PushReport.Kind kind = request.stage() ? PushReport.Kind.STAGE : PushReport.Kind.PUSH;
            return new CodePush(this, db, runtime, options, listener, kind).push(request);
        } finally {
            progress = Optional.empty();
            pushLock.unlock();
        }
    }

    /**
     * Makes the staged version current: its stored modules go through the push pipeline again without
     * gate 1 (the staged schema held every write since staging), with gates 2 and 3 against what is
     * pinned and pending now, and the switch transaction makes its code, schema and indexes (built at
     * staging) current at once.
     *
     * @param versionId the version expected to be staged, if the caller names one
     * @param allowBreaking go through despite errors of gates 2 and 3
     * @param author who promotes, for the log
     * @throws ApplicationException {@link ApplicationException#NO_STAGED_VERSION} when nothing is staged,
     *     {@link ApplicationException#VERSION_NOT_STAGED} when {@code versionId} is not the staged version
     * @throws PushRefusedException when gate 2 or 3 fails without {@code allowBreaking}
     */
    public PushReport promote(Optional<String> versionId, boolean allowBreaking, Optional<String> author) {
        pushLock.lock();
        try {
            CodeVersions.Stored staged = CodeVersions.staged(db)
                    .orElseThrow(() -> new ApplicationException(
                            ApplicationException.NO_STAGED_VERSION,
                            "Deployment " + options.deployment() + " has no staged version to promote; stage one"
                                    + " with `slipway deploy --stage`"));
            if (versionId.isPresent() && !versionId.get().equals(staged.versionId())) {
                throw new ApplicationException(
                        ApplicationException.VERSION_NOT_STAGED,
                        "Code version " + versionId.get() + " is not staged on deployment " + options.deployment()
                                + "; the staged version is " + staged.versionId());
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "deployment {0}: promoting staged version {1}{2}",
                    options.deployment(),
                    staged.versionId(),
                    author.map(a -> " (by " + a + ")").orElse(""));
            PushRequest request = new PushRequest(staged.modules(), false, allowBreaking, author, Optional.empty());
            return new CodePush(this, db, runtime, options, PushListener.NONE, PushReport.Kind.PROMOTE).push(request);
        } finally {
            progress = Optional.empty();
            pushLock.unlock();
        }
    }

    /**
     * Makes an earlier version current again: the version that was current before the current one, or
     * {@code versionId}. Its stored modules go through the push pipeline with gate 1 checking the
     * existing documents against its schema (what was written since it stopped being current may not
     * fit it: then nothing changes and the refusal names every violation); gates 2 and 3 report what
     * the rollback breaks but do not block it. The version rolled back from stays pinned for the
     * retention, like any retired version.
     *
     * @param dryRun check everything and change nothing
     * @throws ApplicationException {@link ApplicationException#NO_PREVIOUS_VERSION} when no earlier
     *     version was current, {@link ApplicationException#VERSION_NOT_FOUND} for an unknown {@code
     *     versionId}, {@link ApplicationException#ALREADY_CURRENT} for the current one, {@link
     *     ApplicationException#VERSION_NOT_STAGED} for the staged one (promote it instead)
     * @throws PushRefusedException when existing documents fail the version's schema
     */
    public PushReport rollback(Optional<String> versionId, boolean dryRun, Optional<String> author) {
        pushLock.lock();
        try {
            CodeVersions.Stored target = versionId
                    .map(id -> CodeVersions.byId(db, id)
                            .orElseThrow(() -> new ApplicationException(
                                    ApplicationException.VERSION_NOT_FOUND,
                                    "Deployment " + options.deployment() + " has no code version " + id)))
                    .orElseGet(() -> CodeVersions.previous(db)
                            .orElseThrow(() -> new ApplicationException(
                                    ApplicationException.NO_PREVIOUS_VERSION,
                                    "Deployment " + options.deployment() + " has no earlier version to roll back"
                                            + " to")));
            switch (target.state()) {
                case CURRENT ->
                    throw new ApplicationException(
                            ApplicationException.ALREADY_CURRENT,
                            "Code version " + target.versionId() + " is already current on deployment "
                                    + options.deployment());
                case STAGED ->
                    throw new ApplicationException(
                            ApplicationException.VERSION_NOT_STAGED,
                            "Code version " + target.versionId() + " is staged, not an earlier version; make it"
                                    + " current with `slipway promote`");
                case RETIRED -> {}
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "deployment {0}: rolling back to version {1}{2}",
                    options.deployment(),
                    target.versionId(),
                    author.map(a -> " (by " + a + ")").orElse(""));
            PushRequest request = new PushRequest(target.modules(), dryRun, true, author, Optional.empty());
            return new CodePush(this, db, runtime, options, PushListener.NONE, PushReport.Kind.ROLLBACK).push(request);
        } finally {
            progress = Optional.empty();
            pushLock.unlock();
        }
    }

    /** The id of the staged version, if one is staged. */
    public Optional<String> stagedVersion() {
        return CodeVersions.staged(db).map(CodeVersions.Stored::versionId);
    }

    /** {@link #push(PushRequest, PushListener)} without a listener. */
    public PushReport push(PushRequest request) {
        return push(request, PushListener.NONE);
    }

    /**
     * Pushes {@code modules} (module path to bundled ES module source) and makes them the deployed
     * code: {@link #push} without a dry run, author or git information, allowing breaking changes (a
     * program that deploys code directly means it; gates 2 and 3 still run and report).
     *
     * @throws PushRefusedException when existing documents fail the new schema
     * @throws ApplicationException ({@link ApplicationException#INVALID_MODULES}) when a module
     *     fails to load or analysis finds something invalid, naming the module
     */
    public DeployedCode deploy(java.util.Map<String, String> modules) {
        push(PushRequest.of(modules).withAllowBreaking(true));
        return deployed().orElseThrow();
    }

    /** The progress of the push running now, if one is. */
    public Optional<PushProgress> pushProgress() {
        return progress;
    }

    /**
     * Every code version the database keeps, newest first, with its pin: whether its pinned URL still
     * serves it, until when, and how many calls it served that way.
     */
    public List<CodeVersionInfo> versions() {
        return pinned.annotate(CodeVersions.list(db));
    }

    /**
     * How long a retired version stays pinned (served to clients that ask for it by id) after it
     * stopped being current: {@link PinnedVersions#DEFAULT_RETENTION} (24 h) unless set.
     */
    public java.time.Duration pinnedVersionRetention() {
        return pinned.retention();
    }

    /**
     * Sets how long a retired version stays pinned after it stopped being current (a deployment
     * setting); {@link java.time.Duration#ZERO} serves only the current version. Applies to the next call.
     *
     * @throws IllegalArgumentException for a negative duration
     */
    public void retainPinnedVersionsFor(java.time.Duration retention) {
        pinned.retention(retention);
        systemRunner().runSystem(tx -> {
            StoredSettings.write(tx, StoredSettings.PINNED_RETENTION_MS, new Value.Int64(retention.toMillis()));
            return true;
        });
    }

    /** The deployed code, if any was pushed. */
    public Optional<DeployedCode> deployed() {
        return code;
    }

    /** The environment variables, by name, as the database holds them now. */
    public SortedMap<String, String> environment() {
        Transaction tx = db.begin();
        try {
            return Collections.unmodifiableSortedMap(EnvironmentVariables.read(tx));
        } finally {
            tx.abort();
        }
    }

    /**
     * Changes environment variables atomically, in one transaction: a present value sets the variable,
     * an empty one removes it. Every name and value is checked first, then the count and total size of
     * the result (Convex's rules and error codes, see {@link EnvironmentVariables}); a failing check
     * changes nothing. The next call of any function sees the new values in {@code process.env}, at
     * module load as well as inside the function.
     *
     * @return every variable after the change, by name
     * @throws ApplicationException naming the variable and the broken rule
     */
    public SortedMap<String, String> setEnvironment(java.util.Map<String, Optional<String>> changes) {
        stateLock.lock();
        try {
            SortedMap<String, String> next = systemRunner()
                    .runSystem(tx -> EnvironmentVariables.apply(tx, changes))
                    .value();
            environment = Collections.unmodifiableSortedMap(new TreeMap<>(next));
            code = code.map(c -> c.withEnvironment(environment));
            return environment;
        } finally {
            stateLock.unlock();
        }
    }

    // ---- for the push pipeline ----------------------------------------------------------------

    /** The environment variables the deployed code runs with. */
    java.util.Map<String, String> environmentNow() {
        return environment;
    }

    /** The lock a push holds (write side) while it checks for concurrent writes and switches. */
    Lock userWriteLock() {
        return userWrites.writeLock();
    }

    /**
     * Runs {@code work}, which commits user data, under the read side of the user-write lock, which a
     * push holds on its write side while it checks for writes since its schema check and switches.
     * Mutations and scheduled functions commit through here; so must writers outside the application
     * (a data import), or a write could land between that check and the switch unchecked.
     */
    public <T> T writingUserData(Supplier<T> work) {
        Lock lock = userWrites.readLock();
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** The push just switched the database to {@code next}: serve it (under the current environment). */
    void switched(DeployedCode next) {
        stateLock.lock();
        try {
            code = Optional.of(next.withEnvironment(environment));
        } finally {
            stateLock.unlock();
        }
        pinned.switched();
        scheduler.wake();
    }

    /** A push staged a version: the pinned versions are read again (a staged one may have been superseded). */
    void staged() {
        pinned.switched();
    }

    /** The versions still pinned by clients, for gate 2 of a push (the current one among them). */
    List<ApiCompatibility.Baseline> pinnedBaselines() {
        return pinned.baselines();
    }

    /** Records where the running push is. */
    void pushProgress(PushProgress now) {
        progress = Optional.of(now);
    }

    /**
     * Runs a query at the latest snapshot, with the code version the request names ({@link
     * FunctionCall.RequestInfo#version()}) or the current one. A version that is no longer pinned
     * answers a failure telling the client to reload (so do {@link #queryAt}, {@link #mutation}, {@link
     * #action} and {@link #run}).
     */
    public FunctionResult query(FunctionCall call) {
        return log.timed(
                call,
                FunctionKind.QUERY,
                () -> unavailable(call)
                        .or(() -> resolve(call, FunctionKind.QUERY)
                                .map(spec -> runQuery(call, spec, db.begin(), PageJournal.fresh())))
                        .orElseGet(() -> notRunnable(call, FunctionKind.QUERY)));
    }

    /**
     * Runs a query at snapshot {@code ts}, for results consistent with other reads at {@code ts}.
     *
     * @throws dev.slipway.database.DatabaseException when {@code ts} is in the future or out of retention
     */
    public FunctionResult queryAt(FunctionCall call, Timestamp ts) {
        return queryAt(call, ts, Optional.empty());
    }

    /**
     * Runs a query at snapshot {@code ts}, replaying the journal of its previous run (a
     * subscription's re-run): a paginated query's page then ends where it ended before. The new
     * journal is in the result's {@link FunctionResult.Reads#journal()}.
     *
     * @throws dev.slipway.database.DatabaseException when {@code ts} is in the future or out of retention
     */
    public FunctionResult queryAt(FunctionCall call, Timestamp ts, Optional<String> journal) {
        return log.timed(
                call,
                FunctionKind.QUERY,
                () -> unavailable(call)
                        .or(() -> resolve(call, FunctionKind.QUERY)
                                .map(spec -> runQuery(call, spec, db.beginAt(ts), PageJournal.replaying(journal))))
                        .orElseGet(() -> notRunnable(call, FunctionKind.QUERY)));
    }

    /** Runs a mutation to its commit, retrying on OCC conflicts. */
    public FunctionResult mutation(FunctionCall call) {
        return mutation(call, Optional.empty());
    }

    /**
     * Runs a mutation to its commit, at most once per {@code key}: when a mutation with the same key
     * already committed, answers its recorded outcome without running it again (see {@link
     * SessionRequests}). A WebSocket client's resends after a reconnect are keyed this way.
     */
    public FunctionResult mutation(FunctionCall call, Optional<MutationKey> key) {
        return log.timed(
                call,
                FunctionKind.MUTATION,
                () -> unavailable(call)
                        .or(() -> resolve(call, FunctionKind.MUTATION).map(spec -> runMutation(call, spec, key)))
                        .orElseGet(() -> notRunnable(call, FunctionKind.MUTATION)));
    }

    /** Runs an action. */
    public FunctionResult action(FunctionCall call) {
        return log.timed(
                call,
                FunctionKind.ACTION,
                () -> unavailable(call)
                        .or(() -> resolve(call, FunctionKind.ACTION).map(spec -> runAction(call, spec)))
                        .orElseGet(() -> notRunnable(call, FunctionKind.ACTION)));
    }

    /** Runs the function at the call's path, whatever its kind ({@code /api/function}). */
    public FunctionResult run(FunctionCall call) {
        Optional<FunctionResult> unavailable = unavailable(call);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        Optional<FunctionSpec> spec = codeFor(call).flatMap(c -> c.function(call.path()));
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
        FunctionCall call = new FunctionCall(
                HTTP_ROUTER,
                Value.Obj.of(java.util.Map.of()),
                FunctionCall.Caller.ADMIN,
                request.withOriginOr(FunctionCall.Origin.HTTP));
        CallContext ctx = new CallContext(HTTP_ROUTER, CallContext.Kind.ACTION, options.deployment(), request);
        HttpInvocation invocation = new HttpInvocation(
                deployed.get().version(),
                method,
                url,
                headers,
                body,
                new ActionSyscalls(this, call, ctx, options.actionCalls()),
                request.requestId());
        return log.timedHttp(call, method + " " + url.getRawPath(), () -> invoker.http(invocation));
    }

    /**
     * Makes the scheduler look for due jobs and crons now. It wakes by itself on new jobs, finished
     * jobs, deploys and due times; a test that moves {@link ApplicationOptions#clockMillis()} calls this.
     */
    public void wakeScheduler() {
        scheduler.wake();
    }

    /** The deployment's recent function executions ({@code slipway logs}). */
    public FunctionLog functionLog() {
        return log;
    }

    /** The scheduled jobs in state {@code state}, by scheduled time ({@code slipway jobs list}); see {@link JobsAdmin}. */
    public List<ScheduledJob> jobs(String state, int limit) {
        return JobsAdmin.list(db, state, limit);
    }

    /** Cancels the pending job {@code id} ({@code slipway jobs cancel}); see {@link JobsAdmin}. */
    public ScheduledJob cancelJob(String id) {
        return JobsAdmin.cancel(systemRunner(), id, options.clockMillis().getAsLong());
    }

    /** Stops the scheduler (waiting for the jobs it is running), wakes log readers, and forgets the deployed code. */
    @Override
    public void close() {
        scheduler.close();
        log.close();
        code = Optional.empty();
    }

    // ---- queries -----------------------------------------------------------------------------

    private FunctionResult runQuery(FunctionCall call, FunctionSpec spec, Transaction tx, PageJournal journal) {
        try {
            CallContext ctx = context(call, spec);
            Invoker.Outcome outcome = invokeInTransaction(call, spec, tx, ctx, new ScheduledJobs.Budget(), journal);
            Optional<FunctionResult.Reads> reads =
                    Optional.of(new FunctionResult.Reads(tx.readSet(), tx.snapshotTs(), journal.end()));
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

    private FunctionResult runMutation(FunctionCall call, FunctionSpec spec, Optional<MutationKey> key) {
        MutationRunner runner =
                new MutationRunner(db, options.retries(), System::nanoTime, Thread::sleep, options.seeds());
        try {
            MutationRunner.Committed<Invoker.Outcome> committed = writingUserData(() -> runner.run(tx -> {
                Optional<Invoker.Outcome> recorded = key.flatMap(k -> SessionRequests.find(tx, k));
                if (recorded.isPresent()) {
                    return recorded.get();
                }
                Invoker.Outcome outcome = invokeInTransaction(
                        call, spec, tx, context(call, spec), new ScheduledJobs.Budget(), PageJournal.fresh());
                if (outcome.failed()) {
                    throw new Failed(outcome);
                }
                key.ifPresent(k -> SessionRequests.record(
                        tx, k, outcome, options.clockMillis().getAsLong()));
                return outcome;
            }));
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
            FunctionCall call,
            FunctionSpec spec,
            Transaction tx,
            CallContext ctx,
            ScheduledJobs.Budget scheduled,
            PageJournal journal) {
        Optional<String> badArgs = validate(spec.args(), call.args(), tx.catalog(), ValidationException.ARGUMENTS);
        if (badArgs.isPresent()) {
            return Invoker.Outcome.developerFailure(badArgs.get());
        }
        SyscallHandler syscalls = new DatabaseSyscalls(
                tx,
                ctx,
                args -> nestedUdf(call, tx, ctx, args, scheduled),
                new DatabaseSyscalls.Scheduling(scheduled, currentCode(), options.clockMillis()),
                journal);
        Invoker.Outcome outcome = invoker.invoke(codeFor(call).orElseThrow(), spec, call.args(), syscalls, ctx);
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
        Invoker.Outcome outcome = invokeInTransaction(call, spec, tx, ctx, scheduled, PageJournal.fresh());
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
        Invoker.Outcome outcome = invoker.invoke(codeFor(call).orElseThrow(), spec, call.args(), syscalls, ctx);
        return checkReturns(spec, outcome, db.catalog()).toResult(Optional.empty(), Optional.empty());
    }

    /** {@code 1.0/actions/schedule}: schedules in a transaction of its own. */
    dev.slipway.value.DocumentId scheduleFromAction(
            SyscallArgs args, ScheduledJobs.Budget budget, FunctionCall.RequestInfo request) {
        return systemRunner()
                .run(tx -> ScheduledJobs.schedule(
                        tx, args, currentCode(), options.clockMillis().getAsLong(), budget, request))
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

    /**
     * The code {@code call} runs: the version its request names, else the current one.
     *
     * @throws ApplicationException when the named version is unknown or no longer pinned (see {@link
     *     #unavailable}, which the entry points ask first)
     */
    private Optional<DeployedCode> codeFor(FunctionCall call) {
        Optional<String> version = call.request().version();
        if (version.isEmpty()) {
            return currentCode();
        }
        return Optional.of(pinned.code(version.get(), currentCode(), environment));
    }

    /**
     * For a call of a pinned version: the failure to answer when that version is unknown or no longer
     * pinned (telling the client to reload); also counts the call.
     */
    private Optional<FunctionResult> unavailable(FunctionCall call) {
        Optional<String> version = call.request().version();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        pinned.called(version.get());
        try {
            pinned.code(version.get(), currentCode(), environment);
            return Optional.empty();
        } catch (ApplicationException e) {
            return Optional.of(PinnedVersions.failure(e, version.get()));
        }
    }

    /** The function to run, or empty when it does not exist, is of another kind, or is internal to a client. */
    private Optional<FunctionSpec> resolve(FunctionCall call, FunctionKind kind) {
        return codeFor(call)
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
        Optional<FunctionSpec> spec = codeFor(call).flatMap(c -> c.function(call.path()));
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
