package dev.slipway.isolate;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.jspecify.annotations.Nullable;

/**
 * One call running in a leased context: a function, an HTTP request or an analysis, driven as an
 * event loop until its promise settles.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Steps.</b> The call runs in steps on the runtime's pool of platform threads. The first step
 *       imports the module and starts the function; every later step delivers the completions that
 *       arrived (async syscalls, timers, fetches) into JavaScript. Pending jobs (promise reactions) run
 *       when each outermost Java-to-JavaScript call returns, so after a step the promise has advanced
 *       as far as it can. Between steps the call holds its context but no thread: a waiting action
 *       costs no platform thread.
 *   <li><b>Scheduling.</b> Completions arrive on any thread and go into {@link #completions}; whoever
 *       flips {@link #scheduled} from false to true submits the next step, so at most one step runs
 *       or is queued at a time, and steps never overlap (the context is single-threaded). A step that
 *       ends with completions still queued runs the next one itself, on the same thread (see {@link
 *       #step}). All context-thread state (pending work, logs, tickets) is handed from step to step
 *       through the queue and the executor, which order the memory effects.
 *   <li><b>Settling.</b> After each step: settled means done; nothing pending (no syscall, timer or
 *       fetch) and nothing queued while unsettled means the promise can never settle, which fails the
 *       call instead of hanging it.
 *   <li><b>Termination.</b> The {@link Watchdog} reads the timing fields (volatile, written by the
 *       context thread) and calls {@link #terminate}: under {@link #lock} the reason is recorded unless
 *       the call already finished; then the context is interrupted (escalating to a forced close) and
 *       a wake-up is queued so a waiting call notices. {@link #finish} takes the same lock, so a call
 *       either finishes first (the termination is dropped) or sees the termination and retires its
 *       context: an interrupt can never hit a context that went back to the pool.
 *   <li><b>Failures.</b> A syscall handler's {@link SyscallException} becomes a JavaScript error; any
 *       other exception fails the whole call as a system error even if JavaScript caught it, and is
 *       logged here, since its message is not for developers.
 * </ul>
 *
 * <p>Longer than most classes on purpose: it is the hot path (every syscall, including the
 * per-document {@code queryStreamNext}, and every completion passes through it), and its state is
 * shared by the loop and the host functions. Timing lives in {@link CallClock}, analysis in {@link
 * Analyzer}.
 */
final class Call {
    private static final System.Logger LOG = System.getLogger(Call.class.getName());
    private static final Duration INTERRUPT_GRACE = Duration.ofMillis(500);
    /** Steps one thread runs in a row before it gives the executor's queue a turn. */
    private static final int INLINE_STEPS = 64;

    private final Services services;
    private final JsContext context;
    private final CallSpec spec;
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean(true);
    private final Object lock = new Object();

    @GuardedBy("lock")
    private boolean finished;

    @GuardedBy("lock")
    private @Nullable Termination termination;

    // Context-thread state.
    private final LogSink logs = new LogSink();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private int nextTicket = 1;
    private boolean started;
    private @Nullable String systemFailure;

    private final CallClock clock = new CallClock();
    private final long startMillis;

    Call(Services services, JsContext context, CallSpec spec) {
        this.services = services;
        this.context = context;
        this.spec = spec;
        this.startMillis = services.options().clock().millis();
    }

    /** Completes with the outcome and the log lines once the call is over. */
    CompletableFuture<Result> result() {
        return result;
    }

    /** Runs the first step on the calling (pool) thread. */
    void start() {
        services.watchdog().track(this);
        step();
    }

    // ---- the event loop ------------------------------------------------------------------------------

    /**
     * Runs steps on this thread while completions keep arriving during them (a syscall whose result
     * was ready at once, the usual case for database reads and writes), up to {@link #INLINE_STEPS}
     * in a row; a hand-off to the executor per syscall would cost a thread wake-up each. After that,
     * or when nothing is queued, the next step goes through the executor like any other.
     */
    private void step() {
        for (int turn = 1; ; turn++) {
            runStep();
            if (isFinished()) {
                return;
            }
            scheduled.set(false);
            if (completions.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
            if (turn == INLINE_STEPS) {
                submitStep();
                return;
            }
        }
    }

    private void runStep() {
        Thread thread = Thread.currentThread();
        beginStep(thread);
        try {
            if (!started) {
                started = true;
                begin();
            }
            deliverCompletions();
            afterTurn();
        } catch (JsContext.ModuleFailure e) {
            finish(new Settled.Failed(e.failure()));
        } catch (PolyglotException e) {
            finish(new Settled.Failed(polyglotFailure(e)));
        } catch (IllegalStateException e) {
            context.poison();
            Termination t = termination();
            finish(new Settled.Failed(t != null ? t.failure() : internalFailure("step", e)));
        } catch (RuntimeException e) {
            context.poison();
            finish(new Settled.Failed(internalFailure("step", e)));
        } finally {
            clock.endStep(thread);
        }
    }

    private void submitStep() {
        try {
            services.executor().execute(this::step);
        } catch (RejectedExecutionException e) {
            abandon();
        }
    }

    private void complete(Completion completion) {
        completions.add(completion);
        if (scheduled.compareAndSet(false, true)) {
            submitStep();
        }
    }

    private void begin() {
        context.bridge().attach(this);
        switch (spec) {
            case CallSpec.Function f -> beginFunction(f);
            case CallSpec.Http h -> beginHttp(h);
            case CallSpec.Analyze a ->
                finish(new Settled.Described(Analyzer.analyze(a.version(), context, this::importModule)));
        }
    }

    private void beginFunction(CallSpec.Function f) {
        Invocation invocation = f.invocation();
        if (!invocation.version().hasModule(invocation.modulePath())) {
            finish(new Settled.Failed(InvocationResult.Failure.developer(
                    "Could not find module '" + invocation.modulePath() + "' for '" + f.udfPath() + "' in code version "
                            + invocation.version().versionId(),
                    "")));
            return;
        }
        Value namespace = importModule(invocation.modulePath());
        context.begin(callConfig(
                invocation.kind().name().toLowerCase(java.util.Locale.ROOT),
                invocation.seed(),
                invocation.nowMillis()));
        Value function = namespace.getMember(invocation.exportName());
        context.invoke(
                function,
                invocation.kind().name().toLowerCase(java.util.Locale.ROOT),
                invocation.argsJson(),
                invocation.requestId(),
                f.udfPath());
    }

    private void beginHttp(CallSpec.Http h) {
        HttpInvocation request = h.invocation();
        if (!request.version().hasModule("http.js")) {
            byte[] body = ("No HttpAction routed for " + request.path()).getBytes(StandardCharsets.UTF_8);
            finish(new Settled.Http(new HttpActionResult.Response(
                    404, List.of(new HttpHeader("content-type", "text/plain;charset=UTF-8")), body)));
            return;
        }
        Value namespace = importModule("http.js");
        context.begin(callConfig("http", services.random().nextLong(), startMillis));
        StringBuilder headers = new StringBuilder("[");
        for (HttpHeader header : request.headers()) {
            headers.append(headers.length() == 1 ? "[" : ",[");
            JsonStrings.appendQuoted(headers, header.name());
            headers.append(',');
            JsonStrings.appendQuoted(headers, header.value());
            headers.append(']');
        }
        byte[] body = request.body();
        context.invokeHttp(
                namespace.getMember("default"),
                request.method(),
                request.url().toString(),
                request.path(),
                headers.append(']').toString(),
                body.length == 0 ? null : new String(body, StandardCharsets.ISO_8859_1));
    }

    private Value importModule(String path) {
        long started = clock.beginExcluded();
        try {
            return context.namespace(path, importConfig());
        } finally {
            clock.endExcluded(started);
        }
    }

    private void deliverCompletions() {
        for (Completion c; (c = completions.poll()) != null; ) {
            switch (c) {
                case Completion.SyscallDone d -> deliverSyscall(d);
                case Completion.FetchDone d -> deliverFetch(d);
                case Completion.TimerFired t -> {
                    if (pending.remove(t.ticket()) != null) {
                        context.fireTimer(t.ticket());
                    }
                }
                case Completion.Wake w -> {}
            }
        }
    }

    private void deliverSyscall(Completion.SyscallDone d) {
        Pending p = pending.remove(d.ticket());
        if (p == null) {
            return;
        }
        String value = d.value();
        Throwable error = d.error();
        if (error == null && value != null) {
            context.deliverSyscall(d.ticket(), true, value, null);
        } else if (unwrap(error) instanceof SyscallException e) {
            context.deliverSyscall(
                    d.ticket(), false, e.getMessage(), e.dataJson().orElse(null));
        } else {
            recordHostFailure(
                    p.what(), error == null ? new IllegalStateException("completed with null") : unwrap(error));
            context.deliverSyscall(d.ticket(), false, "Internal server error in syscall " + p.what(), null);
        }
    }

    private void deliverFetch(Completion.FetchDone d) {
        if (pending.remove(d.ticket()) == null) {
            return;
        }
        Fetcher.Response response = d.response();
        if (d.error() == null && response != null) {
            context.deliverFetch(
                    d.ticket(), true, response.metaJson(), new String(response.body(), StandardCharsets.ISO_8859_1));
        } else {
            context.deliverFetch(d.ticket(), false, Fetcher.describe(unwrap(d.error())), null);
        }
    }

    private void afterTurn() {
        if (isFinished()) {
            return;
        }
        Termination t = termination();
        if (t != null) {
            finish(new Settled.Failed(t.failure()));
            return;
        }
        Value outcome = context.poll();
        if (!outcome.isNull()) {
            finish(settled(outcome));
        } else if (pending.isEmpty() && completions.isEmpty()) {
            finish(new Settled.Failed(InvocationResult.Failure.developer(
                    "Returned promise will never resolve: the function awaits something that nothing pending"
                            + " (no syscall, timer or fetch) can settle",
                    "")));
        }
    }

    private Settled settled(Value outcome) {
        if (!outcome.getMember("ok").asBoolean()) {
            return new Settled.Failed(Outcomes.failure(outcome));
        }
        long limit = services.options().maxResultBytes();
        if (spec instanceof CallSpec.Http) {
            Value bodyValue = outcome.getMember("body");
            byte[] body =
                    bodyValue.isString() ? bodyValue.asString().getBytes(StandardCharsets.UTF_8) : bytes(bodyValue);
            if (body.length > limit) {
                return tooLarge("HTTP response body", body.length, limit);
            }
            return new Settled.Http(new HttpActionResult.Response(
                    outcome.getMember("status").asInt(),
                    Outcomes.headers(outcome.getMember("headers").asString()),
                    body));
        }
        String json = outcome.getMember("json").asString();
        long size = LogSink.utf8Length(json);
        return size > limit ? tooLarge("Function return value", size, limit) : new Settled.Json(json);
    }

    private static Settled tooLarge(String what, long size, long limit) {
        return new Settled.Failed(InvocationResult.Failure.system(what + " is too large (actual: " + size
                + " bytes, limit: " + limit + " bytes, RuntimeOptions.maxResultBytes)"));
    }

    static byte[] bytes(Value buffer) {
        byte[] bytes = new byte[Math.toIntExact(buffer.getBufferSize())];
        buffer.readBuffer(0, bytes, 0, bytes.length);
        return bytes;
    }

    private void finish(Settled settled) {
        Termination t;
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            t = termination;
        }
        services.watchdog().untrack(this);
        Settled outcome = settled;
        if (systemFailure != null
                && !(settled instanceof Settled.Failed f
                        && f.failure().kind() == InvocationResult.FailureKind.SYSTEM)) {
            outcome = new Settled.Failed(InvocationResult.Failure.system(
                    "Internal server error: " + systemFailure + " failed unexpectedly (see the server log)"));
        }
        warnDangling();
        context.bridge().detach();
        Result answer = new Result(outcome, logs.lines());
        if (t != null || context.poisoned()) {
            services.pool().discard(context);
            result.complete(answer);
            return;
        }
        // The caller gets its answer before the context's check for changed built-ins (the larger part
        // of a small call); leases wait for the context meanwhile instead of making another.
        services.pool().returning(context, () -> result.complete(answer));
        if (endInJavaScript()) {
            services.pool().release(context);
        } else {
            services.pool().discard(context);
        }
    }

    private boolean endInJavaScript() {
        try {
            return context.end();
        } catch (PolyglotException | IllegalStateException e) {
            context.poison();
            return false;
        }
    }

    /** Cancels what is still pending; an action that left syscalls or fetches unawaited gets Convex's warning. */
    private void warnDangling() {
        TreeSet<String> names = new TreeSet<>();
        int dangling = 0;
        for (Pending p : pending.values()) {
            p.future().cancel(true);
            if (p.awaitable()) {
                dangling++;
                names.add(p.what());
            }
        }
        pending.clear();
        if (dangling > 0 && !spec.deterministic()) {
            logs.add(
                    LogLevel.WARN,
                    dangling + " unawaited operation" + (dangling == 1 ? "" : "s") + ": "
                            + names + ". Async operations should be awaited or they might not run. See"
                            + " https://docs.convex.dev/functions/actions#dangling-promises for more information.");
        }
    }

    /** The runtime shut down under the call: fail it without touching JavaScript again. */
    private void abandon() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
        }
        services.watchdog().untrack(this);
        context.poison();
        services.pool().discard(context);
        result.complete(new Result(new Settled.Failed(Termination.shutdown().failure()), logs.lines()));
    }

    private boolean isFinished() {
        synchronized (lock) {
            return finished;
        }
    }

    private @Nullable Termination termination() {
        synchronized (lock) {
            return termination;
        }
    }

    // ---- limits (called by the watchdog thread) --------------------------------------------------------

    /** Terminates the call if it is over its time limit at {@code now} (System.nanoTime). */
    void checkDeadline(long now) {
        RuntimeOptions options = services.options();
        boolean overWallTime = clock.wallNanos(now) > options.actionTimeLimit().toNanos();
        if (spec.deterministic()) {
            long limit = options.queryTimeLimit().toNanos();
            if (clock.userNanos(now) > limit && clock.cpuNanos() > limit) {
                terminate(Termination.userTime(options.queryTimeLimit()));
            } else if (overWallTime) {
                terminate(Termination.wallTime(options.actionTimeLimit()));
            }
        } else if (overWallTime) {
            terminate(Termination.actionTime(options.actionTimeLimit()));
        }
    }

    /** Bytes the call allocated so far, for the heap watch. */
    long allocatedBytes() {
        return clock.allocatedBytes();
    }

    /** Stops the call for {@code reason}; false if it already finished or was already being stopped. */
    boolean terminate(Termination reason) {
        synchronized (lock) {
            if (finished || termination != null) {
                return false;
            }
            termination = reason;
        }
        context.poison();
        try {
            services.killer().execute(() -> context.interrupt(INTERRUPT_GRACE));
        } catch (RejectedExecutionException e) {
            context.interrupt(INTERRUPT_GRACE);
        }
        complete(Completion.Wake.INSTANCE);
        return true;
    }

    private void beginStep(Thread thread) {
        clock.beginStep(thread);
        if (!context.poisoned()) {
            try {
                context.resetLimits();
            } catch (PolyglotException | IllegalStateException e) {
                context.poison();
            }
        }
    }

    private InvocationResult.Failure polyglotFailure(PolyglotException e) {
        context.poison();
        Termination t = termination();
        if (e.isResourceExhausted()) {
            String message = String.valueOf(e.getMessage());
            Termination reason = message.contains("Statement count limit")
                    ? Termination.statements(services.options().statementLimit())
                    : t != null ? t : Termination.heapExhausted();
            return reason.failure();
        }
        if (e.isInterrupted() || e.isCancelled()) {
            return t != null ? t.failure() : InvocationResult.Failure.system("JavaScript execution was interrupted");
        }
        if (t != null) {
            return t.failure();
        }
        if (e.isGuestException() && !e.isInternalError()) {
            return Outcomes.guestFailure(e, "");
        }
        return internalFailure("JavaScript", e);
    }

    private InvocationResult.Failure internalFailure(String where, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "Internal error in the JavaScript runtime (" + where + ")", e);
        return InvocationResult.Failure.system("Internal server error in the JavaScript runtime");
    }

    // ---- host functions (called by HostBridge on the context thread) ----------------------------------

    @Nullable
    Object syscall(String op, String argsJson) {
        long started = clock.beginExcluded();
        try {
            String result = spec.syscalls().syscall(op, argsJson);
            if (result == null) {
                throw new IllegalStateException("syscall handler returned null for " + op);
            }
            return result;
        } catch (SyscallException e) {
            return context.bridge().fail(e.getMessage(), e.dataJson());
        } catch (RuntimeException e) {
            recordHostFailure(op, e);
            return context.bridge().fail("Internal server error in syscall " + op, Optional.empty());
        } finally {
            clock.endExcluded(started);
        }
    }

    /** JSON text when done already, {@code null} after a recorded failure, else a ticket for a later delivery. */
    @Nullable
    Object asyncSyscall(String op, String argsJson) {
        CompletionStage<String> stage;
        long started = clock.beginExcluded();
        try {
            stage = spec.syscalls().asyncSyscall(op, argsJson);
        } catch (SyscallException e) {
            return context.bridge().fail(e.getMessage(), e.dataJson());
        } catch (RuntimeException e) {
            recordHostFailure(op, e);
            return context.bridge().fail("Internal server error in syscall " + op, Optional.empty());
        } finally {
            clock.endExcluded(started);
        }
        if (stage instanceof CompletableFuture<String> future && future.isDone()) {
            return immediate(op, future);
        }
        int ticket = nextTicket++;
        Future<?> handle = stage instanceof Future<?> f ? f : CompletableFuture.completedFuture(op);
        pending.put(ticket, new Pending(op, handle, true));
        var _ = stage.whenComplete((value, error) -> complete(new Completion.SyscallDone(ticket, value, error)));
        return ticket;
    }

    private @Nullable Object immediate(String op, CompletableFuture<String> future) {
        try {
            String value = future.get();
            if (value == null) {
                throw new IllegalStateException("syscall handler completed " + op + " with null");
            }
            return value;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SyscallException s) {
                return context.bridge().fail(s.getMessage(), s.dataJson());
            }
            recordHostFailure(op, unwrap(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recordHostFailure(op, e);
        } catch (RuntimeException e) {
            recordHostFailure(op, e);
        }
        return context.bridge().fail("Internal server error in syscall " + op, Optional.empty());
    }

    Object timer(long delayMillis) {
        int ticket = nextTicket++;
        Future<?> future = services.scheduler()
                .schedule(
                        () -> complete(new Completion.TimerFired(ticket)),
                        Math.max(0, delayMillis),
                        TimeUnit.MILLISECONDS);
        pending.put(ticket, new Pending("setTimeout", future, false));
        return ticket;
    }

    void cancel(int ticket) {
        Pending p = pending.remove(ticket);
        if (p != null) {
            p.future().cancel(false);
        }
    }

    @Nullable
    Object fetch(String method, String url, String headersJson, Value body) {
        byte[] bytes = body.isNull() ? null : bytes(body);
        CompletableFuture<Fetcher.Response> future;
        try {
            future = services.fetcher().fetch(method, url, Outcomes.headers(headersJson), bytes);
        } catch (Fetcher.FetchException e) {
            return context.bridge().fail("fetch failed: " + e.getMessage(), Optional.empty());
        }
        int ticket = nextTicket++;
        pending.put(ticket, new Pending("fetch", future, true));
        var _ = future.whenComplete((response, error) -> complete(new Completion.FetchDone(ticket, response, error)));
        return ticket;
    }

    void log(LogLevel level, String text) {
        logs.add(level, text);
    }

    long nowMillis() {
        return services.options().clock().millis();
    }

    double elapsedMillis() {
        return clock.elapsedMillis();
    }

    /** A host function failed with a Java exception: the call will fail as a system error. */
    void hostFailure(String name, Throwable e) {
        recordHostFailure(name, e);
    }

    private void recordHostFailure(String what, Throwable e) {
        if (systemFailure == null) {
            systemFailure = what;
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "Syscall or host function " + what + " failed with an unexpected exception",
                e);
    }

    // ---- configuration handed to core.js --------------------------------------------------------------

    private String importConfig() {
        CodeVersion version = spec.version();
        return config("import", version.importSeed(), version.importTimeMillis());
    }

    private String callConfig(String mode, long seed, long nowMillis) {
        return config(
                mode,
                spec.deterministic() ? seed : services.random().nextLong(),
                spec.deterministic() ? nowMillis : startMillis);
    }

    private String config(String mode, long seed, long nowMillis) {
        StringBuilder json = new StringBuilder(128).append("{\"mode\":");
        JsonStrings.appendQuoted(json, mode);
        json.append(",\"seedHigh\":")
                .append((int) (seed >>> 32))
                .append(",\"seedLow\":")
                .append((int) seed)
                .append(",\"now\":")
                .append(nowMillis)
                .append(",\"env\":");
        JsonStrings.appendObject(json, spec.env());
        return json.append('}').toString();
    }

    private static Throwable unwrap(@Nullable Throwable error) {
        Throwable t = error == null ? new IllegalStateException("no error") : error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** How a call ended, before it is shaped into the public result type. */
    sealed interface Settled {
        record Json(String json) implements Settled {}

        record Http(HttpActionResult.Response response) implements Settled {}

        record Described(Analysis analysis) implements Settled {}

        record Failed(InvocationResult.Failure failure) implements Settled {}
    }

    record Result(Settled settled, List<LogLine> logLines) {}

    /** Work the call is waiting for: what it is (for warnings), how to cancel it, and whether it should have been awaited. */
    private record Pending(String what, Future<?> future, boolean awaitable) {}

    /** Something that happened off the context thread and waits for the next step. */
    private sealed interface Completion {
        record SyscallDone(
                int ticket,
                @Nullable String value,
                @Nullable Throwable error) implements Completion {}

        record FetchDone(
                int ticket,
                Fetcher.@Nullable Response response,
                @Nullable Throwable error) implements Completion {}

        record TimerFired(int ticket) implements Completion {}

        enum Wake implements Completion {
            INSTANCE
        }
    }
}
