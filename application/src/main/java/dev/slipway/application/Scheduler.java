package dev.slipway.application;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.database.Database;
import dev.slipway.database.MutationRunner;
import dev.slipway.database.OccConflict;
import dev.slipway.database.QueryStream;
import dev.slipway.database.Subscriptions;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.IndexKeys;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.InvocationResult.FailureKind;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Order;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs a deployment's scheduled functions and crons.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Loop.</b> One thread ({@link SchedulerOptions#loopThreads()}) makes passes: each reads, in
 *       one transaction, the pending jobs in {@code by_state} order (when the batch of due jobs the
 *       last scan found is used up: see {@link #ready}) and the crons by next run, dispatches the due
 *       ones that are not already running while permits last ({@link SchedulerOptions#concurrency()}),
 *       collects finished jobs past their retention ({@link FinishedJobs}), subscribes to what it
 *       read, and waits until the earliest future due time, a commit into what it read (a new job, a
 *       cancel, a push's crons), a finished job, a deploy, or {@link #wake()}. Nothing but that wait
 *       reads the wall clock's passing: due-ness is judged by {@link ApplicationOptions#clockMillis()},
 *       so a test moves time by moving its clock and calling {@link #wake()}. Jobs that came due while
 *       the server was down are simply due at the first pass.
 *   <li><b>Mutations run exactly once.</b> The job's {@code success} is written in the mutation's
 *       own transaction, which first re-reads the job and does nothing unless it is still pending;
 *       a pass that saw a stale snapshot and dispatches a finished job again thus does nothing. OCC
 *       conflicts re-run it as any mutation. A developer failure marks the job {@code failed} in a
 *       transaction of its own. Inside its transaction the mutation sees its own job {@code
 *       inProgress}, as in Convex; if it cancels itself, it stays {@code canceled} and its writes
 *       commit.
 *   <li><b>Canceled jobs schedule nothing.</b> A function running for a canceled job (an action
 *       canceled while it runs, or a job that canceled itself) keeps running, but the jobs it
 *       schedules are born {@code canceled}, as in Convex ({@link ScheduledJobs#schedule}).
 *   <li><b>Actions run at most once.</b> {@code inProgress} commits before the action starts; the
 *       outcome commits after, unless the job was canceled meanwhile. {@link #start()} marks every
 *       job still {@code inProgress} (the server stopped while it ran) {@code failed}.
 *   <li><b>Never forever, never dropped.</b> A missing function or bad arguments fail the job with
 *       that reason. A system failure is tried again after a backoff (in memory), at most {@link
 *       SchedulerOptions#maxSystemAttempts()} times, then the job fails naming the last error.
 *   <li><b>Crons</b> run the same way, with the cron document's {@code nextTs} in place of the job
 *       state; see {@link CronJobs} for the times.
 *   <li><b>Function log.</b> Scheduled and cron mutations are recorded in the {@link FunctionLog}
 *       here, once per attempt, with their job; actions through {@link Application#action}, whose
 *       request carries the job ({@link FunctionCall.RequestInfo#scheduledJob()}).
 * </ul>
 */
final class Scheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());
    /** The longest wait between passes, so a clock that jumps is noticed. */
    private static final long MAX_WAIT_MILLIS = 60_000;
    /** How often expired {@link SessionRequests} records are looked for. */
    private static final long SESSION_SWEEP_MILLIS = 60_000;

    /** Most due jobs one scan puts in {@link #ready}. */
    private static final int READY_BATCH = 1_000;

    static final String INTERRUPTED = "The scheduled action was interrupted: the server stopped while it ran, and"
            + " scheduled actions run at most once, so it was not restarted";

    private final Application app;
    private final Database db;
    private final ApplicationOptions options;
    private final SchedulerOptions schedulerOptions;
    private final Semaphore permits;
    private final Set<DocumentId> running = ConcurrentHashMap.newKeySet();
    private final Map<DocumentId, Retry> retries = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    @GuardedBy("lock")
    private boolean woken;

    @GuardedBy("lock")
    private boolean closed;

    @GuardedBy("lock")
    private @Nullable Thread loop;

    private Subscriptions.@Nullable Handle subscription;

    /**
     * Due pending jobs found by the last scan and not dispatched yet, in due order (the loop thread's
     * own). A scan reads the pending jobs from the start of {@code by_state}, past the index entries
     * that jobs finished since the store's retention last ran left behind, so one scan per job would
     * cost in proportion to the jobs already run; one scan per batch does not. A job is read again when
     * it runs, so one canceled or run meanwhile is skipped; jobs scheduled meanwhile wait for the next
     * scan, at most a batch later.
     */
    private final Deque<DocumentId> ready = new ArrayDeque<>();

    /**
     * Where the next scan starts: after the last job of a scan that stopped because the batch was
     * full, so a burst is read once, not again past the dead entries of the jobs it already ran. A
     * scan that reaches the end (or a future job) makes the next one start at the head again, which
     * picks up jobs that were scheduled meanwhile with an earlier due time.
     */
    private Optional<IndexKey> resumeAfter = Optional.empty();

    /** When the next finished job expires (the loop thread's own; {@link Long#MIN_VALUE}: look now). */
    private long nextSweep = Long.MIN_VALUE;

    private long nextSessionSweep = Long.MIN_VALUE;

    /** Whether a cron ran (or a push may have removed one) since {@code _cron_job_logs} was last trimmed. */
    private volatile boolean cronLogsChanged = true;

    private record Retry(int attempts, long notBefore) {}

    Scheduler(Application app, Database db, ApplicationOptions options, SchedulerOptions schedulerOptions) {
        this.app = app;
        this.db = db;
        this.options = options;
        this.schedulerOptions = schedulerOptions;
        this.permits = new Semaphore(schedulerOptions.concurrency());
    }

    /** Fails what an earlier run left in progress, then starts the loop. */
    void start() {
        failInterrupted();
        Thread thread = schedulerOptions.loopThreads().newThread(this::run);
        synchronized (lock) {
            loop = thread;
        }
        thread.start();
    }

    /** Makes the loop look for due jobs now (after a deploy, or a test's clock moved). */
    void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    /** Stops dispatching and waits for the jobs already running to end. */
    @Override
    public void close() {
        Thread thread;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            thread = loop;
        }
        if (thread != null) {
            try {
                thread.join();
                permits.acquire(schedulerOptions.concurrency());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Subscriptions.Handle handle = subscription;
        if (handle != null) {
            handle.close();
        }
    }

    // ---- the loop ----------------------------------------------------------------------------

    private void run() {
        while (!isClosed()) {
            long wait;
            try {
                wait = pass();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Scheduler pass failed; trying again in 1 s", e);
                wait = 1_000;
            }
            await(wait);
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void await(long millis) {
        synchronized (lock) {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (!woken && !closed) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
            woken = false;
        }
    }

    /** Dispatches what is due; returns how long to wait for the next due time. */
    private long pass() {
        if (app.deployed().isEmpty()) {
            return MAX_WAIT_MILLIS; // deploy wakes the loop
        }
        Transaction tx = db.begin();
        try {
            long now = options.clockMillis().getAsLong();
            long wait = Math.min(Math.min(dispatchJobs(tx, now), dispatchCrons(tx, now)), collectGarbage(now));
            Subscriptions.Handle previous = subscription;
            if (previous != null) {
                previous.close();
            }
            subscription = db.subscribe(tx.readSet(), tx.snapshotTs(), ts -> wake());
            return wait;
        } finally {
            tx.abort();
        }
    }

    /**
     * Dispatches due jobs while permits last, from {@link #ready}, which a scan of the pending jobs
     * refills only once it is empty; returns how long to wait for the next due job or retry.
     */
    private long dispatchJobs(Transaction tx, long now) {
        long wait = ready.isEmpty() ? scan(tx, now) : MAX_WAIT_MILLIS;
        while (!ready.isEmpty()) {
            if (!permits.tryAcquire()) {
                return MAX_WAIT_MILLIS; // a finishing job wakes the loop
            }
            DocumentId id = ready.removeFirst();
            dispatch(id, () -> runJob(id));
        }
        return wait;
    }

    /**
     * Puts up to {@link #READY_BATCH} due pending jobs that are neither running nor backing off into
     * {@link #ready}, in due order; returns how long until the first future one (or the next retry),
     * or 1 ms when the batch filled up and more may be due.
     */
    private long scan(Transaction tx, long now) {
        QueryPlan plan = ScheduledJobs.byStatePlan(tx, ScheduledJobs.PENDING);
        Optional<IndexKey> from = resumeAfter;
        resumeAfter = Optional.empty();
        if (from.isPresent()) {
            plan = new QueryPlan(
                    plan.index(), plan.range().remainingAfter(from.get(), Order.ASC), plan.order(), plan.operators());
        }
        QueryStream pending = tx.query(plan);
        Optional<IndexKey> last = Optional.empty();
        while (pending.hasNext()) {
            if (ready.size() == READY_BATCH) {
                resumeAfter = last;
                return 1;
            }
            Value.Obj job = pending.next();
            double at = ScheduledJobs.scheduledTime(job);
            if (at > now) {
                return Math.min(waitUntil(at, now), nextRetry(now));
            }
            DocumentId id = ScheduledJobs.id(job);
            last = Optional.of(IndexKeys.of(plan.index(), job, id));
            if (!running.contains(id) && !backingOff(id, now)) {
                ready.addLast(id);
            }
        }
        return nextRetry(now);
    }

    private long dispatchCrons(Transaction tx, long now) {
        QueryStream crons = CronJobs.all(tx);
        while (crons.hasNext()) {
            Value.Obj cron = crons.next();
            double at = CronJobs.nextTs(cron);
            if (at > now) {
                return waitUntil(at, now);
            }
            DocumentId id = CronJobs.id(cron);
            if (running.contains(id) || CronJobs.inProgress(cron) || backingOff(id, now)) {
                continue;
            }
            if (!permits.tryAcquire()) {
                return MAX_WAIT_MILLIS;
            }
            dispatch(id, () -> runCron(id, cron));
        }
        return MAX_WAIT_MILLIS;
    }

    /**
     * Deletes what outlived its retention: finished jobs, cron logs, and the records of keyed
     * mutations ({@link SessionRequests}); returns how long until the next pass is due.
     */
    private long collectGarbage(long now) {
        return Math.min(collectSessionRequests(now), collectFinishedJobs(now));
    }

    /** Deletes expired {@link SessionRequests} records, once a minute or at once while more are expired. */
    private long collectSessionRequests(long now) {
        if (now < nextSessionSweep) {
            return waitUntil(nextSessionSweep, now);
        }
        try {
            int deleted = SessionRequests.sweep(runner(), now - SessionRequests.RETENTION.toMillis());
            nextSessionSweep = deleted == SessionRequests.BATCH ? now : now + SESSION_SWEEP_MILLIS;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "Deleting expired session requests failed; trying again in 1 s", e);
            nextSessionSweep = now + 1_000;
        }
        return waitUntil(nextSessionSweep, now);
    }

    /**
     * Deletes the finished jobs whose retention ended (see {@link FinishedJobs}) when the oldest is
     * due, and trims the cron logs after cron runs; returns how long until the next job expires.
     */
    private long collectFinishedJobs(long now) {
        try {
            if (cronLogsChanged) {
                cronLogsChanged = false;
                FinishedJobs.trimCronLogs(runner());
            }
        } catch (RuntimeException e) { // an OCC conflict that outlasted the retries, say: never stop the jobs
            cronLogsChanged = true;
            LOG.log(System.Logger.Level.INFO, "Trimming " + CronJobs.LOG_TABLE + " failed; trying again later", e);
        }
        if (now < nextSweep) {
            return waitUntil(nextSweep, now);
        }
        long retention = schedulerOptions.jobRetention().toMillis();
        FinishedJobs.Sweep sweep;
        try {
            sweep = FinishedJobs.sweep(runner(), now, retention);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "Deleting finished scheduled jobs failed; trying again in 1 s", e);
            nextSweep = now + 1_000;
            return 1_000;
        }
        if (sweep.deleted() > 0) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Deleted " + sweep.deleted() + " scheduled jobs that finished more than " + retention + " ms ago");
        }
        // A job finishing from now on expires no sooner than now + retention.
        nextSweep = sweep.more() ? now : sweep.nextExpiry().orElse(now + retention);
        return sweep.more() ? 1 : waitUntil(nextSweep, now);
    }

    private static long waitUntil(double at, long now) {
        return Math.max(1, Math.min(MAX_WAIT_MILLIS, (long) Math.ceil(at) - now));
    }

    private boolean backingOff(DocumentId id, long now) {
        Retry retry = retries.get(id);
        return retry != null && retry.notBefore() > now;
    }

    private long nextRetry(long now) {
        return retries.values().stream()
                .mapToLong(r -> Math.max(1, r.notBefore() - now))
                .min()
                .orElse(MAX_WAIT_MILLIS);
    }

    private void dispatch(DocumentId id, Runnable work) {
        running.add(id);
        try {
            schedulerOptions.jobs().execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    systemFailure(id, String.valueOf(e.getMessage()));
                    LOG.log(System.Logger.Level.WARNING, "Scheduled job " + id.encode() + " failed", e);
                } finally {
                    running.remove(id);
                    permits.release();
                    wake();
                }
            });
        } catch (RuntimeException e) {
            running.remove(id);
            permits.release();
            throw e;
        }
    }

    // ---- jobs --------------------------------------------------------------------------------

    /** Carries a failed mutation out of the runner, so its transaction is dropped. */
    private static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("serial")
        final transient Invoker.Outcome outcome;

        Failed(Invoker.Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    private void runJob(DocumentId id) {
        Transaction read = db.begin();
        Optional<Value.Obj> current;
        try {
            current = read.get(id);
        } finally {
            read.abort();
        }
        if (current.isEmpty() || !ScheduledJobs.kind(current.get()).equals(ScheduledJobs.PENDING)) {
            return; // canceled, or run, since the scan found it
        }
        Value.Obj job = current.get();
        String name = ScheduledJobs.name(job);
        Optional<FunctionSpec> spec = target(name);
        if (spec.isEmpty()) {
            finishJob(id, ScheduledJobs.PENDING, ScheduledJobs.failedState(missing(name)));
            return;
        }
        FunctionCall call = new FunctionCall(
                spec.get().path(),
                ScheduledJobs.args(job),
                FunctionCall.Caller.ADMIN,
                FunctionCall.RequestInfo.internal(
                        "scheduled:" + id.encode(), FunctionCall.Origin.SCHEDULER, Optional.of(id.encode())));
        if (spec.get().kind() == FunctionKind.MUTATION) {
            runMutationJob(id, call, spec.get());
        } else {
            runActionJob(id, call);
        }
    }

    private void runMutationJob(DocumentId id, FunctionCall call, FunctionSpec spec) {
        long startMillis = now();
        long startNanos = System.nanoTime();
        try {
            // Under the user-write lock, so a push never switches between this job's checks and its commit.
            Optional<Invoker.Outcome> ran = app.writingUserData(() -> runner().run(tx -> {
                        if (!isState(tx, id, ScheduledJobs.PENDING)) {
                            // canceled, or already run (a pass saw an old snapshot)
                            return Optional.<Invoker.Outcome>empty();
                        }
                        // As in Convex, the mutation sees its own job in progress (a write only its own
                        // transaction ever sees: the job commits as a success, or stays pending).
                        tx.patchInSystemTable(id, ScheduledJobs.inProgress());
                        Invoker.Outcome outcome = invoke(tx, call, spec);
                        if (isState(tx, id, ScheduledJobs.IN_PROGRESS)) { // else it canceled itself, and stays so
                            tx.patchInSystemTable(
                                    id, ScheduledJobs.finished(ScheduledJobs.state(ScheduledJobs.SUCCESS), now()));
                        }
                        return Optional.of(outcome);
                    })
                    .value());
            retries.remove(id);
            ran.ifPresent(outcome -> logMutation(call, startMillis, startNanos, Optional.empty(), outcome));
        } catch (Failed e) {
            failed(id, ScheduledJobs.PENDING, e.outcome);
            logMutation(call, startMillis, startNanos, e.outcome.failure().map(f -> f.message()), e.outcome);
        } catch (OccConflict e) {
            systemFailure(id, String.valueOf(e.getMessage()));
            logMutation(
                    call,
                    startMillis,
                    startNanos,
                    Optional.of(String.valueOf(e.getMessage())),
                    Invoker.Outcome.systemFailure(String.valueOf(e.getMessage())));
        }
    }

    /** Records a scheduled or cron mutation in the function log (actions are recorded by {@link Application#action}). */
    private void logMutation(
            FunctionCall call, long startMillis, long startNanos, Optional<String> error, Invoker.Outcome outcome) {
        app.functionLog()
                .record(
                        call,
                        call.path().toString(),
                        FunctionKind.MUTATION,
                        startMillis,
                        startNanos,
                        error,
                        outcome.logLines());
    }

    @com.google.errorprone.annotations.CanIgnoreReturnValue
    private Invoker.Outcome invoke(Transaction tx, FunctionCall call, FunctionSpec spec) {
        CallContext ctx = new CallContext(call.path(), CallContext.Kind.MUTATION, options.deployment(), call.request());
        Invoker.Outcome outcome =
                app.invokeInTransaction(call, spec, tx, ctx, new ScheduledJobs.Budget(), PageJournal.fresh());
        if (outcome.failed()) {
            throw new Failed(outcome);
        }
        return outcome;
    }

    private void runActionJob(DocumentId id, FunctionCall call) {
        boolean started = runner().run(tx -> {
                    if (!isState(tx, id, ScheduledJobs.PENDING)) {
                        return false;
                    }
                    tx.patchInSystemTable(id, ScheduledJobs.inProgress());
                    return true;
                })
                .value();
        if (!started) {
            return;
        }
        retries.remove(id);
        FunctionResult result = app.action(call);
        Value.Obj state = switch (result) {
            case FunctionResult.Success success -> ScheduledJobs.state(ScheduledJobs.SUCCESS);
            case FunctionResult.Failure failure -> ScheduledJobs.failedState(failure.message());
        };
        finishJob(id, ScheduledJobs.IN_PROGRESS, state);
    }

    private void failed(DocumentId id, String expected, Invoker.Outcome outcome) {
        var failure = outcome.failure().orElseThrow();
        if (failure.kind() == FailureKind.DEVELOPER) {
            finishJob(id, expected, ScheduledJobs.failedState(failure.message()));
        } else {
            systemFailure(id, failure.message());
        }
    }

    /** Retries later, or fails the job for good after the last attempt. */
    private void systemFailure(DocumentId id, String message) {
        Retry previous = retries.getOrDefault(id, new Retry(0, 0));
        int attempts = previous.attempts() + 1;
        if (attempts >= schedulerOptions.maxSystemAttempts()) {
            retries.remove(id);
            String error = "System error after " + attempts + " attempts: " + message;
            finishJob(id, ScheduledJobs.PENDING, ScheduledJobs.failedState(error));
            finishCronAfterSystemFailure(id, error);
            return;
        }
        long backoff = Math.min(60_000, 500L << Math.min(16, attempts - 1));
        retries.put(id, new Retry(attempts, now() + backoff));
    }

    /** Writes the job's final state if it is still in state {@code expected}. */
    private void finishJob(DocumentId id, String expected, Value.Obj state) {
        runner().run(tx -> {
            if (isState(tx, id, expected)) {
                tx.patchInSystemTable(id, ScheduledJobs.finished(state, now()));
            }
            return true;
        });
    }

    private static boolean isState(Transaction tx, DocumentId id, String kind) {
        return tx.get(id).map(ScheduledJobs::kind).filter(kind::equals).isPresent();
    }

    /** Marks every job (and cron run) an earlier run left in progress as failed. */
    private void failInterrupted() {
        boolean more = true;
        while (more) {
            List<Value.Obj> failed = runner().run(tx -> {
                        QueryStream stuck = ScheduledJobs.byState(tx, ScheduledJobs.IN_PROGRESS);
                        List<Value.Obj> jobs = new ArrayList<>();
                        while (stuck.hasNext() && jobs.size() < 1_000) {
                            Value.Obj job = stuck.next();
                            tx.patchInSystemTable(
                                    ScheduledJobs.id(job),
                                    ScheduledJobs.finished(ScheduledJobs.failedState(INTERRUPTED), now()));
                            jobs.add(job);
                        }
                        return jobs;
                    })
                    .value();
            failed.forEach(job -> logInterrupted(
                    ScheduledJobs.name(job),
                    FunctionCall.RequestInfo.internal(
                            "scheduled:" + ScheduledJobs.id(job).encode(),
                            FunctionCall.Origin.SCHEDULER,
                            Optional.of(ScheduledJobs.id(job).encode()))));
            more = failed.size() == 1_000;
        }
        MutationRunner runner = runner();
        List<CronJobs.Spec> crons = runner.run(tx -> {
                    List<CronJobs.Spec> interrupted = new ArrayList<>();
                    CronJobs.all(tx).forEachRemaining(cron -> {
                        if (CronJobs.inProgress(cron)) {
                            finishCron(tx, CronJobs.id(cron), cron, ScheduledJobs.failedState(INTERRUPTED));
                            interrupted.add(CronJobs.spec(cron));
                        }
                    });
                    return interrupted;
                })
                .value();
        crons.forEach(spec -> logInterrupted(
                ScheduledJobs.storedName(spec.function()),
                FunctionCall.RequestInfo.internal("cron:" + spec.name(), FunctionCall.Origin.CRON, Optional.empty())));
    }

    /** Records in the function log that the scheduled action {@code name} was failed as interrupted. */
    private void logInterrupted(String name, FunctionCall.RequestInfo request) {
        FunctionPath path;
        try {
            path = FunctionPath.parse(name);
        } catch (ApplicationException e) {
            return; // not a function path: nothing could have run
        }
        FunctionCall call = new FunctionCall(path, Value.Obj.of(Map.of()), FunctionCall.Caller.ADMIN, request);
        app.functionLog()
                .record(
                        call,
                        path.toString(),
                        FunctionKind.ACTION,
                        now(),
                        System.nanoTime(),
                        Optional.of(INTERRUPTED),
                        List.of());
    }

    // ---- crons -------------------------------------------------------------------------------

    private void runCron(DocumentId id, Value.Obj cron) {
        CronJobs.Spec spec = CronJobs.spec(cron);
        String name = ScheduledJobs.storedName(spec.function());
        Optional<FunctionSpec> fn = target(name);
        if (fn.isEmpty()) {
            updateCron(id, cron, tx -> ScheduledJobs.failedState(missing(name)));
            return;
        }
        FunctionCall call = new FunctionCall(
                fn.get().path(),
                spec.args(),
                FunctionCall.Caller.ADMIN,
                FunctionCall.RequestInfo.internal("cron:" + spec.name(), FunctionCall.Origin.CRON, Optional.empty()));
        if (fn.get().kind() == FunctionKind.MUTATION) {
            long startMillis = now();
            long startNanos = System.nanoTime();
            AtomicReference<Optional<Invoker.Outcome>> ran = new AtomicReference<>(Optional.empty());
            try {
                app.writingUserData(() -> {
                    updateCron(id, cron, tx -> {
                        ran.set(Optional.of(invoke(tx, call, fn.get())));
                        return ScheduledJobs.state(ScheduledJobs.SUCCESS);
                    });
                    return true;
                });
                retries.remove(id);
                ran.get().ifPresent(outcome -> logMutation(call, startMillis, startNanos, Optional.empty(), outcome));
            } catch (Failed e) {
                logMutation(call, startMillis, startNanos, e.outcome.failure().map(f -> f.message()), e.outcome);
                var failure = e.outcome.failure().orElseThrow();
                if (failure.kind() == FailureKind.DEVELOPER) {
                    updateCron(id, cron, tx -> ScheduledJobs.failedState(failure.message()));
                } else {
                    systemFailure(id, failure.message());
                }
            }
        } else {
            boolean started = runner().run(tx -> {
                        Optional<Value.Obj> current = tx.get(id);
                        if (current.isEmpty() || !sameRun(current.get(), cron)) {
                            return false;
                        }
                        tx.patchInSystemTable(id, Map.of("inProgress", Optional.of(new Value.Bool(true))));
                        return true;
                    })
                    .value();
            if (started) {
                FunctionResult result = app.action(call);
                Value.Obj status = result instanceof FunctionResult.Failure f
                        ? ScheduledJobs.failedState(f.message())
                        : ScheduledJobs.state(ScheduledJobs.SUCCESS);
                runner().run(tx -> {
                    tx.get(id).ifPresent(current -> finishCron(tx, id, current, status));
                    return true;
                });
            }
        }
    }

    /**
     * In one transaction: unless the cron changed since {@code seen}, computes the run's status with
     * {@code body} (a mutation runs there), records it and moves the cron to its next run.
     */
    private void updateCron(DocumentId id, Value.Obj seen, Function<Transaction, Value.Obj> body) {
        runner().run(tx -> {
            Optional<Value.Obj> current = tx.get(id);
            if (current.isEmpty() || !sameRun(current.get(), seen)) {
                return true; // re-registered by a push, or already run
            }
            finishCron(tx, id, current.get(), body.apply(tx));
            return true;
        });
    }

    private static boolean sameRun(Value.Obj current, Value.Obj seen) {
        return CronJobs.nextTs(current) == CronJobs.nextTs(seen) && !CronJobs.inProgress(current);
    }

    /** Logs the run (and any occurrences it overlapped) and sets the next run after now. */
    private void finishCron(Transaction tx, DocumentId id, Value.Obj cron, Value.Obj status) {
        cronLogsChanged = true;
        CronJobs.Spec spec = CronJobs.spec(cron);
        double scheduled = CronJobs.nextTs(cron);
        long now = now();
        CronJobs.log(tx, spec, scheduled, status, now);
        long overlapped = CronJobs.occurrencesBetween(spec, scheduled, now) - 1;
        if (overlapped > 0) {
            CronJobs.log(tx, spec, scheduled, CronJobs.skipped(overlapped), now);
            LOG.log(
                    System.Logger.Level.INFO,
                    "Cron " + spec.name() + ": skipped " + overlapped + " run(s) that came due while the previous"
                            + " one was running (or the server was down)");
        }
        Map<String, Optional<Value>> patch = new LinkedHashMap<>();
        patch.put("prevTs", Optional.of(new Value.Float64(scheduled)));
        patch.put("nextTs", Optional.of(new Value.Float64(CronJobs.next(spec, Optional.of(scheduled), now))));
        patch.put("inProgress", Optional.of(new Value.Bool(false)));
        tx.patchInSystemTable(id, patch);
    }

    private void finishCronAfterSystemFailure(DocumentId id, String error) {
        runner().run(tx -> {
            tx.get(id)
                    .filter(doc -> doc.fields().containsKey("nextTs"))
                    .ifPresent(cron -> finishCron(tx, id, cron, ScheduledJobs.failedState(error)));
            return true;
        });
    }

    // ---- shared ------------------------------------------------------------------------------

    private Optional<FunctionSpec> target(String name) {
        try {
            FunctionPath path = FunctionPath.parse(name);
            return app.deployed()
                    .flatMap(code -> code.function(path))
                    .filter(spec -> spec.kind() == FunctionKind.MUTATION || spec.kind() == FunctionKind.ACTION);
        } catch (ApplicationException e) {
            return Optional.empty();
        }
    }

    private static String missing(String name) {
        return "Could not find function for '" + name + "': the deployed code has no mutation or action there"
                + " (it was removed or renamed after the job was scheduled)";
    }

    private MutationRunner runner() {
        return new MutationRunner(db, options.retries(), System::nanoTime, Thread::sleep, options.seeds());
    }

    private long now() {
        return options.clockMillis().getAsLong();
    }
}
