package dev.slipway.sync;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.SessionInput.ActionDone;
import dev.slipway.sync.SessionInput.Authenticated;
import dev.slipway.sync.SessionInput.CallFailed;
import dev.slipway.sync.SessionInput.HoldExpired;
import dev.slipway.sync.SessionInput.Invalidated;
import dev.slipway.sync.SessionInput.MutationDone;
import dev.slipway.sync.SessionInput.ObservedRecheck;
import dev.slipway.sync.SessionInput.PingDue;
import dev.slipway.sync.SessionInput.Received;
import dev.slipway.sync.SessionInput.Unreadable;
import dev.slipway.sync.SessionInput.UpdateDone;
import dev.slipway.sync.SessionInput.UpdatePlan;
import dev.slipway.sync.protocol.ClientMessage;
import dev.slipway.sync.protocol.ClientMessage.Action;
import dev.slipway.sync.protocol.ClientMessage.Authenticate;
import dev.slipway.sync.protocol.ClientMessage.Connect;
import dev.slipway.sync.protocol.ClientMessage.Event;
import dev.slipway.sync.protocol.ClientMessage.ModifyQuerySet;
import dev.slipway.sync.protocol.ClientMessage.Mutation;
import dev.slipway.sync.protocol.ClientMessages;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.sync.protocol.ProtocolException;
import dev.slipway.sync.protocol.ServerMessage;
import dev.slipway.sync.protocol.ServerMessage.ActionResponse;
import dev.slipway.sync.protocol.ServerMessage.AuthError;
import dev.slipway.sync.protocol.ServerMessage.FatalError;
import dev.slipway.sync.protocol.ServerMessage.MutationResponse;
import dev.slipway.sync.protocol.ServerMessage.Ping;
import dev.slipway.sync.protocol.ServerMessage.StateModification;
import dev.slipway.sync.protocol.ServerMessage.StateVersion;
import dev.slipway.sync.protocol.ServerMessage.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One client's sync session: the state machine behind one WebSocket. The server feeds it every text
 * frame ({@link #onMessage}) and tells it when the socket is gone ({@link #onClose}); it sends frames
 * and closes through its {@link SessionOutput}.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Versions.</b> The session keeps the <i>received</i> versions (query set: the last {@code
 * newVersion}; identity: bumped by each accepted {@code Authenticate}) and the <i>sent</i> version,
 * the {@code endVersion} of the last Transition, which starts at {@code {0, 0, ts 0}}. Every
 * Transition goes from exactly the sent version to the new one. A {@code baseVersion} other than the
 * received version, a {@code newVersion} not above it, an {@code Add} of an id in the set or a
 * {@code Remove} of one not in it, and any message that cannot be read are {@code FatalError}s.
 *
 * <p><b>Updates.</b> Anything that may change the client's view (a query-set change, a new identity,
 * an invalidation, a committed mutation) sets {@code updateWanted}. One update runs at a time: it
 * takes {@code ts = max(latest(), sent.ts)}, applies the pending query-set changes, and runs at that
 * one {@code ts} every query that is new, invalidated, or whose {@link Dependency} cannot show it is
 * unchanged through {@code ts} (all of them after an identity change), one run per distinct call.
 * Results equal to what the client has are left out. The Transition is sent when it has
 * modifications, changes a version, or must reach a committed mutation's timestamp; otherwise
 * nothing is sent and the client's view stays consistent at its older {@code ts}. So every result the
 * client holds is valid at {@code endVersion.ts}, and {@code ts} never goes back. Invalidation
 * callbacks are only hints; the {@code unchangedThrough} check is what makes a Transition consistent
 * when a notification is late.
 *
 * <p><b>Mutations.</b> They run one at a time in arrival order; the client resolves a success only
 * on a Transition at or after its commit {@code ts}, so each success sets {@code mutationTsToReach}
 * and the next update (at {@code latest() >=} the commit ts) is sent even if empty. A Transition
 * whose {@code ts} was taken while a mutation was running is held back ({@code parked}) until that
 * mutation's response is sent (or {@link SyncOptions#maxTransitionHold()} has passed, so a slow
 * mutation does not stall the socket's queries), so the client does not see a mutation's writes
 * before its response (which would show its optimistic update twice). Failed mutations and actions
 * answer at once.
 *
 * <p><b>Concurrency.</b> All state is guarded by one lock; frames are sent with it held, so their
 * order is the order of the decisions. Everything that happens (a frame, a finished backend call, an
 * invalidation, a timer) becomes a {@link SessionInput} handled by {@code accept} with the lock held.
 * Backend calls are made without the lock, from the context's executor, and their results come back
 * through the executor. What many sessions share is handled for all of them at once: a run they all
 * hold is subscribed to once and its result encoded once ({@link SharedRuns}); its invalidation (the
 * dependency may report it on any thread, even inside {@link Dependency#subscribe}) reaches them in
 * batches on executor threads that hold no session's lock, and each session runs its update right
 * there; sessions waiting for the same run go on together when it completes ({@link
 * Continuations}). An {@code Authenticate} holds back the messages after it until the backend
 * answers, so they see the new identity. This class is long because every handler of the locked
 * state is here, so the lock discipline reads in one place; the single-threaded parts are split out
 * ({@link QuerySet}, {@link Versions}, {@link MutationQueue}, {@link Outbox}, {@link
 * ObservedTimestamp}).
 *
 * <p><b>Failures.</b> A refused token gets an {@code AuthError} ({@code authUpdateAttempted: true}),
 * an expired identity one with {@code false}; both then close (1000). A failed backend future closes
 * with 1011 {@code InternalServerError} (the client reconnects); too many queued mutations or running
 * actions close with 1013. A reconnecting client's {@code maxObservedTimestamp} above {@code latest()}
 * holds updates until the deployment reaches it, or closes with 1011 after {@link
 * SyncOptions#observedTimestampWait()}.
 */
public final class SyncSession {
    private static final System.Logger LOG = System.getLogger(SyncSession.class.getName());
    private static final long NONE = MutationQueue.NONE;

    private final SyncBackend backend;
    private final Outbox outbox;
    private final SyncOptions options;
    private final SyncContext context;
    private final ReentrantLock lock = new ReentrantLock();

    @GuardedBy("lock")
    private boolean closed;

    @GuardedBy("lock")
    private final QuerySet queries;

    @GuardedBy("lock")
    private final ArrayDeque<ClientMessage> backlog = new ArrayDeque<>();

    @GuardedBy("lock")
    private boolean authenticating;

    @GuardedBy("lock")
    private Identity identity = Identity.anonymous();

    @GuardedBy("lock")
    private Optional<String> sessionId = Optional.empty();

    @GuardedBy("lock")
    private OptionalLong clientClockSkew = OptionalLong.empty();

    @GuardedBy("lock")
    private final ObservedTimestamp observed = new ObservedTimestamp();

    @GuardedBy("lock")
    private final Versions versions = new Versions();

    @GuardedBy("lock")
    private boolean updateWanted;

    @GuardedBy("lock")
    private boolean updateDispatched;

    @GuardedBy("lock")
    private boolean updating;

    @GuardedBy("lock")
    private Optional<Parked> parked = Optional.empty();

    @GuardedBy("lock")
    private final MutationQueue mutations;

    @GuardedBy("lock")
    private int inflightActions;

    @GuardedBy("lock")
    private Subscription pingTimer = () -> {};

    /** A finished Transition waiting for the response of the mutation that was running when its ts was taken. */
    private record Parked(Transition transition, long mutation) {}

    private SyncSession(SyncBackend backend, SessionOutput output, SyncOptions options, SyncContext context) {
        this.backend = backend;
        this.outbox = new Outbox(output, options, context.clock(), context.runs());
        this.options = options;
        this.context = context;
        this.mutations = new MutationQueue(options.maxQueuedMutations());
        this.queries = new QuerySet(context.runs());
    }

    /** Starts a session on a newly opened socket (and its ping timer). */
    public static SyncSession open(
            SyncBackend backend, SessionOutput output, SyncOptions options, SyncContext context) {
        SyncSession session = new SyncSession(backend, output, options, context);
        session.lock.lock();
        try {
            session.schedulePing(options.pingInterval());
        } finally {
            session.lock.unlock();
        }
        return session;
    }

    /**
     * Handles one text frame from the client. Call it in the order the frames arrived (one reader per
     * socket); it does not block: backend work runs on the context's executor.
     */
    public void onMessage(String text) {
        SessionInput input;
        try {
            input = new Received(ClientMessages.decode(text));
        } catch (ProtocolException e) {
            input = new Unreadable(e);
        }
        accept(input);
    }

    /** The socket is gone: stop everything, send nothing more. */
    public void onClose() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                releaseAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the session has ended (closed by either side). */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The client's session id, once it has sent {@code Connect}. */
    public Optional<String> sessionId() {
        lock.lock();
        try {
            return sessionId;
        } finally {
            lock.unlock();
        }
    }

    // ---- incoming messages (lock held) ----

    /** Handles one input with the lock held unless the session is closed, then starts an update if one is due. */
    private void accept(SessionInput input) {
        handle(input, false);
    }

    /**
     * Handles one input like {@link #accept}, but runs an update that is due on this thread instead of
     * handing it to the executor. Only for inputs that arrive on an executor thread holding no
     * session's lock (invalidations, told in {@link Batches}).
     */
    private void acceptHere(SessionInput input) {
        if (handle(input, true)) {
            runUpdate();
        }
    }

    /**
     * Handles one input with the lock held; true when an update is due and {@code updateHere} asked
     * for it to run on this thread (never otherwise).
     */
    private boolean handle(SessionInput input, boolean updateHere) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            try {
                switch (input) {
                    case Received r -> receive(r.message());
                    case Unreadable u -> fatal(u.error());
                    case Authenticated a -> onAuthenticated(a.identity());
                    case MutationDone m -> onMutationDone(m.mutation(), m.run());
                    case ActionDone a -> {
                        inflightActions--;
                        send(new ActionResponse(a.requestId(), a.outcome()));
                    }
                    case UpdateDone u -> finishUpdate(u.plan(), u.runs(), u.error());
                    case Invalidated i -> updateWanted |= queries.invalidate(i.queryId(), i.generation());
                    case CallFailed f -> callFailed(f.error(), f.authenticating());
                    case PingDue p -> onPingDue();
                    case ObservedRecheck r -> observed.rechecked();
                    case HoldExpired h -> releaseParked(h.mutation());
                }
                return dispatchUpdate(updateHere);
            } catch (ProtocolException e) {
                fatal(e);
            } catch (RuntimeException e) {
                internalError("handling " + input.getClass().getSimpleName(), e);
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @GuardedBy("lock")
    private void receive(ClientMessage message) {
        if (authenticating) {
            backlog.add(message);
        } else {
            handle(message);
        }
    }

    @GuardedBy("lock")
    private void handle(ClientMessage message) {
        switch (message) {
            case Connect c -> onConnect(c);
            case ModifyQuerySet m -> onModifyQuerySet(m);
            case Mutation m -> onMutation(m);
            case Action a -> onAction(a);
            case Authenticate a -> onAuthenticate(a);
            case Event e -> {
                // Telemetry: accepted and ignored, as the backend does (it only records metrics).
            }
        }
    }

    @GuardedBy("lock")
    private void onConnect(Connect connect) {
        sessionId = Optional.of(connect.sessionId());
        if (connect.clientTs().isPresent()) {
            clientClockSkew = OptionalLong.of(
                    connect.clientTs().getAsLong() - context.clock().millis());
        }
        if (connect.maxObservedTimestamp().isPresent()) {
            observed.require(
                    connect.maxObservedTimestamp().get(),
                    backend.latest(),
                    context.clock().instant().plus(options.observedTimestampWait()));
        }
    }

    @GuardedBy("lock")
    private void onModifyQuerySet(ModifyQuerySet m) {
        versions.checkQuerySet(m.baseVersion(), m.newVersion());
        queries.receive(m.modifications());
        versions.querySetReceived(m.newVersion());
        updateWanted = true;
    }

    @GuardedBy("lock")
    private void onAuthenticate(Authenticate a) {
        versions.checkIdentity(a.baseVersion());
        authenticating = true;
        call(() -> backend.authenticate(a.token()), Authenticated::new, true);
    }

    @GuardedBy("lock")
    private void onAuthenticated(Identity result) {
        authenticating = false;
        identity = result;
        versions.identityReceived();
        updateWanted = true;
        while (!closed && !authenticating && !backlog.isEmpty()) {
            handle(backlog.remove());
        }
    }

    @GuardedBy("lock")
    private void onMutation(Mutation m) {
        if (identityExpired()) {
            return;
        }
        if (!mutations.offer(m, CallArgs.parse(m.argsJson()), identity)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "closing a sync session: more than {0} mutations queued",
                    options.maxQueuedMutations());
            shutdown(1013, "TooManyConcurrentMutations");
            return;
        }
        startNextMutation();
    }

    @GuardedBy("lock")
    private void startNextMutation() {
        Optional<MutationQueue.Queued> next = mutations.start();
        if (next.isEmpty()) {
            return;
        }
        MutationQueue.Queued q = next.get();
        Mutation m = q.message();
        Supplier<CompletableFuture<MutationRun>> run = switch (q.args()) {
            case CallArgs.Valid valid -> {
                FunctionCall call =
                        new FunctionCall(m.udfPath(), valid.args(), q.identity(), m.componentPath(), Optional.empty());
                Optional<RequestKey> key = sessionId.map(id -> new RequestKey(id, m.requestId()));
                yield () -> backend.runMutation(call, key);
            }
            case CallArgs.Invalid invalid ->
                () -> CompletableFuture.completedFuture(MutationRun.failed(Outcome.Failure.of(invalid.message())));
        };
        call(run, result -> new MutationDone(q, result), false);
    }

    @GuardedBy("lock")
    private void onMutationDone(MutationQueue.Queued q, MutationRun result) {
        mutations.finished();
        send(new MutationResponse(q.message().requestId(), result.outcome(), result.commitTs()));
        if (result.commitTs().isPresent()) {
            versions.mutationCommitted(result.commitTs().get());
            updateWanted = true;
        }
        releaseParked(q.seq());
        startNextMutation();
    }

    @GuardedBy("lock")
    private void onAction(Action a) {
        if (identityExpired()) {
            return;
        }
        if (inflightActions >= options.maxInflightActions()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "closing a sync session: more than {0} actions running",
                    options.maxInflightActions());
            shutdown(1013, "TooManyInflightActionsForSingleClient");
            return;
        }
        inflightActions++;
        Supplier<CompletableFuture<Outcome>> run = switch (CallArgs.parse(a.argsJson())) {
            case CallArgs.Valid valid -> {
                FunctionCall call =
                        new FunctionCall(a.udfPath(), valid.args(), identity, a.componentPath(), Optional.empty());
                yield () -> backend.runAction(call);
            }
            case CallArgs.Invalid invalid ->
                () -> CompletableFuture.completedFuture(Outcome.Failure.of(invalid.message()));
        };
        call(run, outcome -> new ActionDone(a.requestId(), outcome), false);
    }

    // ---- updates ----

    /** Starts an update if one is due: on the executor, or (true) on the caller's thread once it unlocks. */
    @GuardedBy("lock")
    private boolean dispatchUpdate(boolean here) {
        if (closed || !updateWanted || updating || updateDispatched) {
            return false;
        }
        updateDispatched = true;
        if (here) {
            return true;
        }
        context.executor().execute(this::runUpdate);
        return false;
    }

    private void runUpdate() {
        Optional<UpdatePlan> plan = Optional.empty();
        lock.lock();
        try {
            updateDispatched = false;
            if (!closed) {
                plan = planUpdate();
            }
        } catch (RuntimeException e) {
            internalError("planning a Transition", e);
        } finally {
            lock.unlock();
        }
        plan.ifPresent(this::execute);
    }

    @GuardedBy("lock")
    private Optional<UpdatePlan> planUpdate() {
        if (updating || !updateWanted || identityExpired()) {
            return Optional.empty();
        }
        Timestamp latest = backend.latest();
        switch (observed.check(latest, context.clock().instant())) {
            case READY -> {}
            case WAIT -> {
                if (observed.scheduleRecheck()) {
                    context.scheduler().schedule(() -> accept(new ObservedRecheck()), options.observedTimestampPoll());
                }
                return Optional.empty();
            }
            case GIVE_UP -> {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "closing a sync session: the client observed timestamp {0} but the deployment is at {1}",
                        observed.floor().map(Timestamp::nanos).orElse(0L),
                        latest.nanos());
                shutdown(1011, "InternalServerError");
                return Optional.empty();
            }
        }
        updateWanted = false;
        updating = true;
        StateVersion target = versions.next(latest);
        List<StateModification> removals = queries.applyPending();
        QuerySet.Runs runs = queries.plan(target.ts(), identity, versions.identityChanged());
        return Optional.of(new UpdatePlan(target, removals, runs, mutations.running()));
    }

    /** Runs a plan's queries without the lock (on an executor thread), then finishes it. */
    private void execute(UpdatePlan plan) {
        Map<FunctionCall, List<Long>> shared = plan.runs().shared();
        List<CompletableFuture<QueryRun>> futures = new ArrayList<>(shared.size());
        for (FunctionCall call : shared.keySet()) {
            futures.add(SessionInput.invoke(
                    () -> backend.runQuery(call, plan.target().ts())));
        }
        // One run (the usual plan) is waited for as itself: other sessions share it, and go on with
        // this one when it completes (Continuations); a finished one is taken up on this thread.
        CompletableFuture<?> all = futures.size() == 1
                ? futures.getFirst()
                : CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        context.continuations().whenDone(all, () -> accept(new UpdateDone(plan, futures, failure(all))));
    }

    /** The failure of a completed future, or null if it succeeded. */
    private static @Nullable Throwable failure(CompletableFuture<?> done) {
        return done.isCompletedExceptionally()
                ? done.handle((ignored, error) -> error).join()
                : null;
    }

    @GuardedBy("lock")
    private void finishUpdate(UpdatePlan plan, List<CompletableFuture<QueryRun>> futures, @Nullable Throwable error) {
        if (error != null) {
            internalError("running queries", SessionInput.unwrap(error));
            return;
        }
        List<StateModification> modifications = new ArrayList<>(plan.removals());
        int i = 0;
        for (List<Long> ids : plan.runs().shared().values()) {
            QueryRun run = futures.get(i++).join();
            for (long id : ids) {
                complete(id, run, modifications);
            }
        }
        for (Map.Entry<Long, QueryRun> immediate : plan.runs().immediate().entrySet()) {
            complete(immediate.getKey(), immediate.getValue(), modifications);
        }
        modifications.sort(Comparator.comparingLong(StateModification::queryId));
        conclude(plan, modifications);
    }

    @GuardedBy("lock")
    private void complete(long id, QueryRun run, List<StateModification> modifications) {
        queries.complete(id, run, generation -> () -> acceptHere(new Invalidated(id, generation)))
                .ifPresent(modifications::add);
    }

    /** Sends, parks or drops the Transition of a finished plan. */
    @GuardedBy("lock")
    private void conclude(UpdatePlan plan, List<StateModification> modifications) {
        if (!versions.worthSending(plan.target(), !modifications.isEmpty())) {
            updating = false;
            return;
        }
        Transition transition = versions.transition(plan.target(), modifications, clientClockSkew, nowNanos());
        long mutation = plan.mutationAtStart();
        if (mutation != NONE && mutation == mutations.running()) {
            parked = Optional.of(new Parked(transition, mutation));
            context.scheduler().schedule(() -> accept(new HoldExpired(mutation)), options.maxTransitionHold());
            return;
        }
        sendTransition(transition);
        updating = false;
    }

    /**
     * Sends the Transition held back for mutation {@code seq}, once its response is out or the hold
     * limit has passed (a slow mutation, which had almost certainly not committed when the
     * Transition's timestamp was taken, so the Transition cannot show its writes).
     */
    @GuardedBy("lock")
    private void releaseParked(long seq) {
        if (parked.isPresent() && parked.get().mutation() == seq) {
            Transition held = parked.get().transition();
            parked = Optional.empty();
            sendTransition(held);
            updating = false;
        }
    }

    @GuardedBy("lock")
    private void sendTransition(Transition transition) {
        send(transition);
        versions.sent(transition);
    }

    // ---- identity ----

    /** Reports an expired identity ({@code AuthError}, then close) and says whether it did. */
    @GuardedBy("lock")
    private boolean identityExpired() {
        Optional<Instant> expiry = identity.expiresAt();
        if (expiry.isEmpty() || context.clock().instant().isBefore(expiry.get())) {
            return false;
        }
        send(new AuthError("Convex token identity expired", versions.receivedIdentity(), false));
        shutdown(1000, "AuthError");
        return true;
    }

    // ---- backend calls ----

    /**
     * Calls the backend from the executor, without the lock, and hands a normal result to {@code
     * onResult}; a refused token or a failure ends the session.
     */
    private <T> void call(
            Supplier<CompletableFuture<T>> backendCall, Function<T, SessionInput> onResult, boolean authenticating) {
        context.executor().execute(() -> {
            CompletableFuture<T> _ = SessionInput.invoke(backendCall)
                    .whenCompleteAsync(
                            (result, error) -> {
                                if (error == null) {
                                    accept(onResult.apply(result));
                                } else {
                                    accept(new CallFailed(SessionInput.unwrap(error), authenticating));
                                }
                            },
                            context.executor());
        });
    }

    @GuardedBy("lock")
    private void callFailed(Throwable error, boolean authenticating) {
        if (error instanceof AuthenticationException refused) {
            String message = Objects.requireNonNullElse(refused.getMessage(), "invalid token");
            send(new AuthError(message, versions.receivedIdentity(), authenticating));
            shutdown(1000, "AuthError");
        } else {
            internalError("calling the deployment", error);
        }
    }

    // ---- output ----

    @GuardedBy("lock")
    private void send(ServerMessage message) {
        outbox.send(message);
    }

    @GuardedBy("lock")
    private void schedulePing(Duration delay) {
        pingTimer = context.scheduler().schedule(() -> accept(new PingDue()), delay);
    }

    @GuardedBy("lock")
    private void onPingDue() {
        Duration left = outbox.untilPing();
        if (left.isZero()) {
            send(new Ping());
            left = options.pingInterval();
        }
        schedulePing(left);
    }

    @GuardedBy("lock")
    private void fatal(ProtocolException e) {
        if (closed) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "sync session protocol error ({0}): {1}", e.code(), e.getMessage());
        send(new FatalError(e.getMessage()));
        shutdown(1000, e.code());
    }

    @GuardedBy("lock")
    private void internalError(String doing, Throwable error) {
        if (closed) {
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "sync session failed while " + doing, error);
        shutdown(1011, "InternalServerError");
    }

    @GuardedBy("lock")
    private void shutdown(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        releaseAll();
        outbox.close(code, reason);
    }

    @GuardedBy("lock")
    private void releaseAll() {
        queries.cancelAll();
        pingTimer.cancel();
        backlog.clear();
        mutations.clear();
        parked = Optional.empty();
    }

    private long nowNanos() {
        Instant now = context.clock().instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }
}
