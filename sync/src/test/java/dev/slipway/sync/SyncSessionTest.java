package dev.slipway.sync;

import static dev.slipway.sync.SessionHarness.action;
import static dev.slipway.sync.SessionHarness.add;
import static dev.slipway.sync.SessionHarness.addWithJournal;
import static dev.slipway.sync.SessionHarness.authenticateNone;
import static dev.slipway.sync.SessionHarness.authenticateUser;
import static dev.slipway.sync.SessionHarness.connect;
import static dev.slipway.sync.SessionHarness.key;
import static dev.slipway.sync.SessionHarness.modify;
import static dev.slipway.sync.SessionHarness.mutation;
import static dev.slipway.sync.SessionHarness.prefix;
import static dev.slipway.sync.SessionHarness.remove;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.sync.protocol.ServerMessage;
import dev.slipway.sync.protocol.ServerMessage.ActionResponse;
import dev.slipway.sync.protocol.ServerMessage.AuthError;
import dev.slipway.sync.protocol.ServerMessage.FatalError;
import dev.slipway.sync.protocol.ServerMessage.MutationResponse;
import dev.slipway.sync.protocol.ServerMessage.Ping;
import dev.slipway.sync.protocol.ServerMessage.QueryFailed;
import dev.slipway.sync.protocol.ServerMessage.QueryRemoved;
import dev.slipway.sync.protocol.ServerMessage.QueryUpdated;
import dev.slipway.sync.protocol.ServerMessage.StateVersion;
import dev.slipway.sync.protocol.ServerMessage.Transition;
import dev.slipway.sync.protocol.ServerMessage.TransitionChunk;
import dev.slipway.value.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session driven by hand-written message sequences, one protocol rule per test. */
class SyncSessionTest {
    private final SessionHarness h = new SessionHarness();

    private static Value num(double d) {
        return new Value.Float64(d);
    }

    private static Value.Obj args(String key) {
        return Value.Obj.of(Map.of("key", new Value.Str(key)));
    }

    private static FunctionCall getCall(String key) {
        return new FunctionCall("kv:get", args(key), Identity.anonymous(), Optional.empty(), Optional.empty());
    }

    // ---- query sets and Transitions ----

    @Test
    void modifyQuerySet_addTwoQueries_sendsOneTransitionFromTheInitialVersion() {
        h.backend.put("a/1", num(1));
        h.backend.put("a/2", num(2));
        long latest = h.backend.latest().nanos();

        List<ServerMessage> sent = h.send(modify(0, 1, add(0, "kv:get", key("a/1")), add(1, "kv:sum", prefix("a/"))));

        assertThat(sent)
                .containsExactly(new Transition(
                        StateVersion.INITIAL,
                        new StateVersion(1, 0, Timestamp.of(latest)),
                        List.of(
                                new QueryUpdated(0, num(1), List.of(), Optional.empty()),
                                new QueryUpdated(1, num(3), List.of(), Optional.empty())),
                        ((Transition) sent.getFirst()).clientClockSkew(),
                        ((Transition) sent.getFirst()).serverTs()));
        assertThat(h.out.closed()).isEmpty();
    }

    @Test
    void connect_withClientTs_reportsClockSkewAndServerTs() {
        h.send(connect(Optional.empty()));

        Transition t =
                (Transition) h.send(modify(0, 1, add(0, "kv:get", key("a")))).getFirst();

        // clientTs 1767225600000 is exactly the manual clock's start, 2026-01-01T00:00:00Z.
        assertThat(t.clientClockSkew()).hasValue(0);
        assertThat(t.serverTs()).hasValue(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
    }

    @Test
    void commit_touchingASubscribedQuery_sendsATransitionAtTheCommitTs() {
        h.send(modify(0, 1, add(0, "kv:get", key("a")), add(1, "kv:get", key("b"))));

        long ts = h.backend.put("a", num(5));
        List<ServerMessage> sent = h.settle();

        assertThat(sent).hasSize(1);
        Transition t = (Transition) sent.getFirst();
        assertThat(t.endVersion()).isEqualTo(new StateVersion(1, 0, Timestamp.of(ts)));
        assertThat(t.modifications()).containsExactly(new QueryUpdated(0, num(5), List.of(), Optional.empty()));
        assertThat(h.client.results).containsEntry(0L, new Outcome.Success(num(5), List.of()));
    }

    @Test
    void commit_elsewhere_sendsNothing() {
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));

        h.backend.put("b", num(5));

        assertThat(h.settle()).isEmpty();
        assertThat(h.backend.totalQueryRuns()).isEqualTo(1);
    }

    @Test
    void commit_leavingTheResultEqual_reRunsButSendsNothing() {
        h.backend.put("a", num(1));
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));

        h.backend.put("a", num(1));

        assertThat(h.settle()).isEmpty();
        assertThat(h.backend.runsOf(getCall("a"))).isEqualTo(2);
        // Still subscribed: the next real change arrives.
        h.backend.put("a", num(2));
        assertThat(h.settle()).hasSize(1);
    }

    @Test
    void remove_query_sendsQueryRemovedAndUnsubscribes() {
        h.send(modify(0, 1, add(0, "kv:get", key("a")), add(1, "kv:get", key("b"))));
        assertThat(h.backend.activeSubscriptions()).isEqualTo(2);

        List<ServerMessage> sent = h.send(modify(1, 2, remove(0)));

        assertThat(((Transition) sent.getFirst()).modifications()).containsExactly(new QueryRemoved(0));
        assertThat(((Transition) sent.getFirst()).endVersion().querySet()).isEqualTo(2);
        assertThat(h.backend.activeSubscriptions()).isEqualTo(1);
        h.backend.put("a", num(9));
        assertThat(h.settle()).isEmpty();
    }

    @Test
    void modifyQuerySet_addAndRemoveBeforeTheTransition_sendsQueryRemoved() {
        h.session.onMessage(modify(0, 1, add(0, "kv:get", key("a"))));
        h.session.onMessage(modify(1, 2, remove(0)));

        List<ServerMessage> sent = h.settle();

        assertThat(sent).hasSize(1);
        assertThat(((Transition) sent.getFirst()).endVersion().querySet()).isEqualTo(2);
        assertThat(((Transition) sent.getFirst()).modifications()).containsExactly(new QueryRemoved(0));
    }

    @Test
    void identicalQueries_inOneSession_shareOneExecution() {
        h.backend.put("a", num(1));

        h.send(modify(0, 1, add(0, "kv:get", key("a")), add(1, "kv:get", key("a")), add(2, "kv:get", key("b"))));

        assertThat(h.backend.runsOf(getCall("a"))).isEqualTo(1);
        assertThat(h.client.results)
                .containsEntry(0L, new Outcome.Success(num(1), List.of()))
                .containsEntry(1L, new Outcome.Success(num(1), List.of()));
        h.backend.put("a", num(2));
        h.settle();
        assertThat(h.backend.runsOf(getCall("a"))).isEqualTo(2);
        assertThat(h.client.results).containsEntry(1L, new Outcome.Success(num(2), List.of()));
    }

    @Test
    void invalidation_notificationLate_transitionStillConsistent() {
        // Notifications are held back: only unchangedThrough can reveal that q0 and q1 are stale.
        ManualExecutor notifications = new ManualExecutor();
        h.backend.notifier = notifications;
        h.send(modify(0, 1, add(0, "kv:get", key("a")), add(1, "kv:get", key("b"))));
        h.backend.put("a", num(1));
        h.backend.put("b", num(2));

        List<ServerMessage> sent = h.send(modify(1, 2, add(2, "kv:get", key("c"))));

        Transition t = (Transition) sent.getFirst();
        assertThat(t.endVersion().ts()).isEqualTo(h.backend.latest());
        assertThat(t.modifications())
                .containsExactly(
                        new QueryUpdated(0, num(1), List.of(), Optional.empty()),
                        new QueryUpdated(1, num(2), List.of(), Optional.empty()),
                        new QueryUpdated(2, Value.Null.INSTANCE, List.of(), Optional.empty()));
        notifications.runAll();
        assertThat(h.settle()).isEmpty();
    }

    @Test
    void queryFailure_sendsQueryFailedWithDataAndStaysReactive() {
        h.send(modify(0, 1, add(0, "kv:fail", key("a"))));

        assertThat(h.client.transitions.getFirst().modifications())
                .containsExactly(new QueryFailed(
                        0,
                        "Uncaught ConvexError: nope",
                        List.of("[ERROR] 'failing'"),
                        Optional.empty(),
                        Optional.of(new Value.Str("data"))));
        h.backend.put("a", num(1));
        assertThat(h.settle()).isEmpty(); // re-run, same failure: nothing to send
        assertThat(h.backend.totalQueryRuns()).isEqualTo(2);
    }

    @Test
    void add_argsNotOneObject_failsThatQueryOnly() {
        List<ServerMessage> sent = h.send(modify(
                0,
                1,
                "{\"type\":\"Add\",\"queryId\":0,\"udfPath\":\"kv:get\",\"args\":[1]}",
                add(1, "kv:get", key("a"))));

        assertThat(((Transition) sent.getFirst()).modifications())
                .containsExactly(
                        new QueryFailed(
                                0,
                                "Invalid function arguments: expected an array holding one object, got an array of 1"
                                        + " element(s)",
                                List.of(),
                                Optional.empty(),
                                Optional.empty()),
                        new QueryUpdated(1, Value.Null.INSTANCE, List.of(), Optional.empty()));
        assertThat(h.out.closed()).isEmpty();
    }

    @Test
    void backendFailure_closesWithInternalServerError() {
        h.send(modify(0, 1, add(0, "kv:explode", "{}")));

        assertThat(h.out.closed()).hasValue(new RecordingOutput.Close(1011, "InternalServerError"));
        assertThat(h.client.transitions).isEmpty();
    }

    // ---- version rules ----

    @Test
    void modifyQuerySet_baseVersionNotCurrent_isFatal() {
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));

        List<ServerMessage> sent = h.send(modify(0, 1, add(1, "kv:get", key("b"))));

        assertThat(sent)
                .containsExactly(new FatalError("Base version 0 passed up doesn't match the current version 1"));
        assertThat(h.out.closed()).hasValue(new RecordingOutput.Close(1000, "BaseVersionMismatch"));
        assertThat(h.send(modify(1, 2, add(1, "kv:get", key("b"))))).isEmpty();
        assertThat(h.backend.activeSubscriptions()).isZero();
    }

    @Test
    void modifyQuerySet_newVersionNotAboveBase_isFatal() {
        assertThat(h.send(modify(0, 0)))
                .containsExactly(new FatalError("New query set version 0 must be greater than the base version 0"));
        assertThat(h.out.closed()).hasValue(new RecordingOutput.Close(1000, "InvalidNewVersion"));
    }

    @Test
    void modifyQuerySet_newVersionSkipsAhead_isAcceptedAsTheBackendDoes() {
        List<ServerMessage> sent = h.send(modify(0, 5, add(0, "kv:get", key("a"))));

        assertThat(((Transition) sent.getFirst()).endVersion().querySet()).isEqualTo(5);
        assertThat(h.send(modify(5, 6, remove(0)))).hasSize(1);
    }

    @Test
    void modifyQuerySet_duplicateQueryId_isFatal() {
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));

        assertThat(h.send(modify(1, 2, add(0, "kv:get", key("b")))))
                .containsExactly(new FatalError("Duplicate query ID: 0"));
        assertThat(h.out.closed()).hasValue(new RecordingOutput.Close(1000, "DuplicateQueryId"));
    }

    @Test
    void modifyQuerySet_removeOfUnknownId_isFatal() {
        assertThat(h.send(modify(0, 1, add(0, "kv:get", key("a")), remove(9))))
                .containsExactly(new FatalError("Nonexistent query id: 9"));
    }

    @Test
    void authenticate_baseVersionNotCurrent_isFatal() {
        assertThat(h.send(authenticateNone(1)))
                .containsExactly(
                        new FatalError("Authenticate base version 1 doesn't match the current identity version 0"));
        assertThat(h.out.closed()).hasValue(new RecordingOutput.Close(1000, "IdentityVersionMismatch"));
    }

    @Test
    void malformedMessage_isFatalAndNothingFollows() {
        List<ServerMessage> sent = h.send("{\"type\":\"ModifyQuerySet\",\"baseVersion\":\"zero\"}");

        assertThat(sent).hasSize(1);
        assertThat(((FatalError) sent.getFirst()).error())
                .isEqualTo("Received Invalid JSON on websocket: ModifyQuerySet field \"baseVersion\" must be a"
                        + " non-negative integer");
        assertThat(h.out.closed()).hasValue(new RecordingOutput.Close(1000, "WSMessageInvalidJson"));
        assertThat(h.send(modify(0, 1, add(0, "kv:get", key("a"))))).isEmpty();
    }

    @Test
    void event_isIgnored() {
        assertThat(h.send("{\"type\":\"Event\",\"eventType\":\"ClientConnect\",\"event\":{\"marks\":[1]}}"))
                .isEmpty();
        assertThat(h.out.closed()).isEmpty();
    }

    // ---- mutations ----

    @Test
    void mutation_success_respondsThenSendsATransitionReachingItsTs() {
        h.send(connect(Optional.empty()));
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));

        List<ServerMessage> sent = h.send(mutation(0, "kv:set", "{\"key\":\"a\",\"value\":3}"));

        assertThat(sent).hasSize(2);
        MutationResponse response = (MutationResponse) sent.get(0);
        Transition transition = (Transition) sent.get(1);
        assertThat(response.outcome()).isEqualTo(new Outcome.Success(Value.Null.INSTANCE, List.of("[LOG] 'set'")));
        assertThat(transition.endVersion().ts()).isEqualTo(response.ts().orElseThrow());
        assertThat(transition.modifications())
                .containsExactly(new QueryUpdated(0, num(3), List.of(), Optional.empty()));
        assertThat(h.client.resolved).containsExactly(0L);
    }

    @Test
    void mutation_touchingNoSubscribedQuery_stillGetsAnEmptyTransition() {
        List<ServerMessage> sent = h.send(mutation(0, "kv:set", "{\"key\":\"z\",\"value\":1}"));

        assertThat(sent).hasSize(2);
        Transition transition = (Transition) sent.get(1);
        assertThat(transition.modifications()).isEmpty();
        assertThat(transition.startVersion()).isEqualTo(StateVersion.INITIAL);
        assertThat(transition.endVersion())
                .isEqualTo(new StateVersion(
                        0, 0, ((MutationResponse) sent.get(0)).ts().orElseThrow()));
        assertThat(h.client.resolved).containsExactly(0L);
        assertThat(h.client.awaitingTransition).isEmpty();
    }

    @Test
    void mutation_failure_respondsAtOnceWithoutATransition() {
        List<ServerMessage> sent = h.send(mutation(4, "kv:fail", "{}"));

        assertThat(sent)
                .containsExactly(new MutationResponse(
                        4,
                        new Outcome.Failure(
                                "Uncaught Error: mutation failed", Optional.of(num(7)), List.of("[LOG] 'before'")),
                        Optional.empty()));
        assertThat(h.client.resolved).containsExactly(4L);
    }

    @Test
    void mutation_invalidArgs_failsThatMutationOnly() {
        List<ServerMessage> sent = h.send("{\"type\":\"Mutation\",\"requestId\":1,\"udfPath\":\"kv:set\",\"args\":{}}");

        assertThat(sent)
                .containsExactly(new MutationResponse(
                        1,
                        Outcome.Failure.of(
                                "Invalid function arguments: expected an array holding one object, got an object"),
                        Optional.empty()));
        assertThat(h.backend.mutationCalls()).isEmpty();
    }

    @Test
    void mutation_whoseWritesAQueryReflectsFirst_transitionWaitsForTheResponse() {
        ManualExecutor completions = new ManualExecutor();
        h.backend.mutationCompleter = completions;
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));

        // The mutation commits and invalidates the query; the re-run finishes before the mutation's future.
        List<ServerMessage> early = h.send(mutation(0, "kv:set", "{\"key\":\"a\",\"value\":8}"));
        assertThat(early).isEmpty();
        assertThat(h.backend.totalQueryRuns()).isEqualTo(2);

        completions.runAll();
        List<ServerMessage> sent = h.settle();

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isInstanceOf(MutationResponse.class);
        assertThat(((Transition) sent.get(1)).modifications())
                .containsExactly(new QueryUpdated(0, num(8), List.of(), Optional.empty()));
        assertThat(h.client.resolved).containsExactly(0L);
    }

    @Test
    void mutation_slowToCommit_holdsATransitionOnlyUntilTheHoldLimit() {
        ManualExecutor runner = new ManualExecutor();
        h.backend.mutationRunner = runner;
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));
        h.send(mutation(0, "kv:set", "{\"key\":\"z\",\"value\":1}"));

        h.backend.put("a", num(5)); // re-run while the mutation runs: held back
        assertThat(h.settle()).isEmpty();
        List<ServerMessage> released = h.advance(Duration.ofMillis(100));

        assertThat(released).singleElement().isInstanceOf(Transition.class);
        assertThat(h.client.results).containsEntry(0L, new Outcome.Success(num(5), List.of()));
        runner.runAll();
        List<ServerMessage> after = h.settle();
        assertThat(after).hasSize(2);
        assertThat(after.get(0)).isInstanceOf(MutationResponse.class);
        assertThat(h.client.resolved).containsExactly(0L);
    }

    @Test
    void mutations_runOneAtATimeInArrivalOrder() {
        ManualExecutor completions = new ManualExecutor();
        h.backend.mutationCompleter = completions;

        h.session.onMessage(mutation(0, "kv:set", "{\"key\":\"a\",\"value\":1}"));
        h.session.onMessage(mutation(1, "kv:set", "{\"key\":\"a\",\"value\":2}"));
        h.settle();
        assertThat(h.backend.mutationCalls()).hasSize(1);

        completions.runAll();
        h.settle();
        assertThat(h.backend.mutationCalls()).hasSize(2);
        completions.runAll();
        h.settle();

        assertThat(h.backend.read("a", h.backend.latest().nanos())).hasValue(num(2));
        assertThat(h.client.resolved).containsExactly(0L, 1L);
    }

    @Test
    void mutation_afterConnect_carriesTheSessionAndRequestIdSoARepeatIsNotRun() {
        h.send(connect(Optional.empty()));
        List<ServerMessage> first = h.send(mutation(3, "kv:set", "{\"key\":\"a\",\"value\":1}"));
        long latest = h.backend.latest().nanos();

        // The client reconnects (a new socket, the same sessionId) and resends the mutation.
        SessionHarness again = new SessionHarness(h.backend, SyncOptions.defaults());
        again.send(connect(h.client.maxObservedTimestamp));
        List<ServerMessage> second = again.send(mutation(3, "kv:set", "{\"key\":\"a\",\"value\":1}"));

        assertThat(h.backend.latest().nanos()).isEqualTo(latest);
        assertThat(second.getFirst()).isEqualTo(first.getFirst());
        assertThat(again.client.resolved).containsExactly(3L);
    }

    @Test
    void mutations_beyondTheQueueLimit_closeWithTryAgain() {
        SessionHarness small =
                new SessionHarness(new FakeBackend(), SyncOptions.defaults().withLimits(2, 1));
        small.backend.mutationCompleter = new ManualExecutor();

        small.session.onMessage(mutation(0, "kv:set", "{\"key\":\"a\",\"value\":1}"));
        small.session.onMessage(mutation(1, "kv:set", "{\"key\":\"a\",\"value\":1}"));
        small.session.onMessage(mutation(2, "kv:set", "{\"key\":\"a\",\"value\":1}"));
        small.settle();

        assertThat(small.out.closed()).hasValue(new RecordingOutput.Close(1013, "TooManyConcurrentMutations"));
    }

    // ---- actions ----

    @Test
    void action_respondsWithItsOutcome() {
        assertThat(h.send(action(5, "act:echo", "{\"x\":1}")))
                .containsExactly(new ActionResponse(
                        5, new Outcome.Success(Value.Obj.of(Map.of("x", num(1))), List.of("[INFO] 'echo'"))));
        assertThat(h.send(action(6, "act:fail", "{}")))
                .containsExactly(new ActionResponse(6, Outcome.Failure.of("Uncaught Error: action failed")));
    }

    // ---- authentication ----

    @Test
    void authenticate_validToken_reRunsEveryQueryUnderTheNewIdentity() {
        h.send(modify(0, 1, add(0, "kv:whoami", "{}"), add(1, "kv:get", key("a"))));

        List<ServerMessage> sent = h.send(authenticateUser(0, "good:alice"));

        Transition t = (Transition) sent.getFirst();
        assertThat(t.startVersion().identity()).isZero();
        assertThat(t.endVersion().identity()).isEqualTo(1);
        assertThat(t.modifications())
                .containsExactly(new QueryUpdated(
                        0,
                        new Value.Str(
                                new Identity.User("https://issuer|alice", "{\"subject\":\"alice\"}", Optional.empty())
                                        .toString()),
                        List.of(),
                        Optional.empty()));
        assertThat(h.backend.totalQueryRuns()).isEqualTo(4);
    }

    @Test
    void authenticate_messagesAfterIt_waitForTheNewIdentity() {
        h.session.onMessage(authenticateUser(0, "good:bob"));
        h.session.onMessage(modify(0, 1, add(0, "kv:whoami", "{}")));
        h.session.onMessage(authenticateNone(1));
        h.session.onMessage(modify(1, 2, add(1, "kv:whoami", "{}")));

        h.settle();

        assertThat(h.client.version.identity()).isEqualTo(2);
        assertThat(h.client.version.querySet()).isEqualTo(2);
        assertThat(h.client.results.get(1L))
                .isEqualTo(
                        new Outcome.Success(new Value.Str(Identity.anonymous().toString()), List.of()));
        assertThat(h.out.closed()).isEmpty();
    }

    @Test
    void authenticate_refusedToken_sendsAuthErrorAndCloses() {
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));

        List<ServerMessage> sent = h.send(authenticateUser(0, "forged"));

        assertThat(sent)
                .containsExactly(new AuthError(
                        "Could not verify OIDC token claim. Check that the token signature is valid.", 0, true));
        assertThat(h.out.closed()).hasValue(new RecordingOutput.Close(1000, "AuthError"));
        assertThat(h.backend.activeSubscriptions()).isZero();
    }

    @Test
    void identity_expired_sendsAuthErrorNotAttemptedAndCloses() {
        h.send(authenticateUser(0, "good:carol:2026-01-01T00:01:00Z"));
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));
        h.advance(Duration.ofMinutes(2));

        h.backend.put("a", num(1));
        List<ServerMessage> sent = h.settle();

        assertThat(sent).containsExactly(new AuthError("Convex token identity expired", 1, false));
        assertThat(h.out.closed()).hasValue(new RecordingOutput.Close(1000, "AuthError"));
    }

    // ---- reconnect ----

    @Test
    void connect_maxObservedAheadOfLatest_waitsUntilTheDeploymentCatchesUp() {
        Timestamp observed = Timestamp.of(h.backend.latest().nanos() + 5);
        h.send(connect(Optional.of(observed)));

        assertThat(h.send(modify(0, 1, add(0, "kv:get", key("a"))))).isEmpty();
        h.backend.bump(3);
        assertThat(h.advance(Duration.ofMillis(60))).isEmpty();

        h.backend.bump(10);
        List<ServerMessage> sent = h.advance(Duration.ofMillis(60));

        Transition t = (Transition) sent.getFirst();
        assertThat(t.endVersion().ts()).isGreaterThanOrEqualTo(observed);
        assertThat(h.out.closed()).isEmpty();
    }

    @Test
    void connect_maxObservedNeverReached_closesWithInternalServerError() {
        h.send(connect(Optional.of(Timestamp.of(h.backend.latest().nanos() + 5))));
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));

        h.advance(Duration.ofSeconds(11));

        assertThat(h.out.closed()).hasValue(new RecordingOutput.Close(1011, "InternalServerError"));
        assertThat(h.client.transitions).isEmpty();
    }

    @Test
    void connect_maxObservedAtLatest_servesAtOnce() {
        h.send(connect(Optional.of(h.backend.latest())));

        assertThat(h.send(modify(0, 1, add(0, "kv:get", key("a"))))).hasSize(1);
    }

    // ---- pagination journals ----

    @Test
    void paginatedQuery_journalKeepsThePageEndStable() {
        for (String k : List.of("p/b", "p/d", "p/f", "p/h")) {
            h.backend.put(k, num(1));
        }
        h.send(modify(0, 1, add(0, "kv:page", "{\"prefix\":\"p/\",\"numItems\":2}")));
        assertThat(h.client.journals).containsEntry(0L, Optional.of("p/d"));

        h.backend.put("p/c", num(1)); // inside the page: it grows
        h.settle();
        assertThat(pageSize()).isEqualTo(3);
        assertThat(h.client.journals).containsEntry(0L, Optional.of("p/d"));

        h.backend.put("p/e", num(1)); // after the page end: it does not shift
        assertThat(h.settle()).isEmpty();
    }

    @Test
    void paginatedQuery_addWithJournal_endsWhereTheJournalSays() {
        for (String k : List.of("p/b", "p/d", "p/f", "p/h")) {
            h.backend.put(k, num(1));
        }

        h.send(modify(0, 1, addWithJournal(0, "kv:page", "{\"prefix\":\"p/\",\"numItems\":1}", "p/f")));

        assertThat(pageSize()).isEqualTo(3);
        assertThat(h.client.journals).containsEntry(0L, Optional.of("p/f"));
    }

    private int pageSize() {
        Outcome outcome = java.util.Objects.requireNonNull(h.client.results.get(0L));
        return ((Value.Array) ((Outcome.Success) outcome).value()).elements().size();
    }

    // ---- framing ----

    @Test
    void largeTransition_isSplitIntoChunksTheClientReassembles() {
        SessionHarness small =
                new SessionHarness(new FakeBackend(), SyncOptions.defaults().withTransitionChunks(true, 64));
        small.backend.put("big", new Value.Str("héllo 😀 wörld ".repeat(20)));

        List<ServerMessage> sent = small.send(modify(0, 1, add(0, "kv:get", key("big"))));

        assertThat(sent).hasSizeGreaterThan(3).allMatch(m -> m instanceof TransitionChunk);
        for (ServerMessage m : sent) {
            TransitionChunk chunk = (TransitionChunk) m;
            assertThat(TransitionChunks.utf8Length(chunk.chunk())).isLessThanOrEqualTo(64);
            assertThat(chunk.totalParts()).isEqualTo(sent.size());
            assertThat(chunk.transitionId()).isEqualTo("1");
        }
        assertThat(small.client.results.get(0L))
                .isEqualTo(new Outcome.Success(new Value.Str("héllo 😀 wörld ".repeat(20)), List.of()));
    }

    @Test
    void largeTransition_chunksOff_isSentWhole() {
        SessionHarness whole =
                new SessionHarness(new FakeBackend(), SyncOptions.defaults().withTransitionChunks(false, 64));
        whole.backend.put("big", new Value.Str("x".repeat(500)));

        assertThat(whole.send(modify(0, 1, add(0, "kv:get", key("big")))))
                .singleElement()
                .isInstanceOf(Transition.class);
    }

    @Test
    void ping_afterFifteenSilentSeconds_andNotWhileTrafficFlows() {
        assertThat(h.advance(Duration.ofSeconds(14))).isEmpty();
        assertThat(h.advance(Duration.ofSeconds(1))).containsExactly(new Ping());

        h.advance(Duration.ofSeconds(10));
        h.send(modify(0, 1, add(0, "kv:get", key("a")))); // a Transition at 25 s
        assertThat(h.advance(Duration.ofSeconds(14))).isEmpty();
        assertThat(h.advance(Duration.ofSeconds(1))).containsExactly(new Ping());
        assertThat(h.advance(Duration.ofSeconds(15))).containsExactly(new Ping());
    }

    @Test
    void onClose_cancelsSubscriptionsAndTimers() {
        h.send(modify(0, 1, add(0, "kv:get", key("a"))));

        h.session.onClose();

        assertThat(h.backend.activeSubscriptions()).isZero();
        assertThat(h.time.scheduled()).isZero();
        assertThat(h.send(modify(1, 2, remove(0)))).isEmpty();
        assertThat(h.session.isClosed()).isTrue();
        assertThat(h.out.closed()).isEmpty();
    }
}
