package dev.slipway.sync;

import static dev.slipway.sync.SessionHarness.add;
import static dev.slipway.sync.SessionHarness.connect;
import static dev.slipway.sync.SessionHarness.key;
import static dev.slipway.sync.SessionHarness.modify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.sync.protocol.Outcome;
import dev.slipway.sync.protocol.ServerMessage;
import dev.slipway.sync.protocol.ServerMessage.Transition;
import dev.slipway.sync.protocol.ServerMessages;
import dev.slipway.value.Value;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Many sessions of one context over a backend that shares runs (as the server's query cache does):
 * a shared run is subscribed to once, however many sessions hold it, every session still gets every
 * change in a consistent Transition, and closing the sessions leaves nothing subscribed. First with a
 * manual executor (exact counts), then on real threads with writers committing meanwhile.
 */
class SyncSessionSharingTest {
    private static final String GET_A = add(0, "kv:get", key("a"));

    private record Socket(SyncSession session, RecordingOutput out, ClientModel client) {
        List<ServerMessage> settle() {
            List<ServerMessage> messages = out.take();
            client.applyAll(messages);
            return messages;
        }
    }

    private final ManualExecutor executor = new ManualExecutor();
    private final ManualTime time = new ManualTime();
    private final SyncContext context = new SyncContext(executor, time, time);
    private final FakeBackend backend = new FakeBackend();

    private Socket open() {
        RecordingOutput out = new RecordingOutput();
        Socket socket =
                new Socket(SyncSession.open(backend, out, SyncOptions.defaults(), context), out, new ClientModel());
        socket.session().onMessage(connect(Optional.empty()));
        return socket;
    }

    @Test
    void sameQueryOnManySockets_oneRunOneSubscription_everySocketUpdated() {
        backend.shareRuns = true;
        backend.put("a", new Value.Float64(1));
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Socket socket = open();
            socket.session().onMessage(modify(0, 1, GET_A));
            sockets.add(socket);
        }
        executor.runAll();
        sockets.forEach(Socket::settle);
        assertThat(backend.totalQueryRuns()).isEqualTo(1);
        assertThat(backend.activeSubscriptions()).isEqualTo(1);

        backend.put("a", new Value.Float64(2));
        executor.runAll();

        for (Socket socket : sockets) {
            List<ServerMessage> sent = socket.settle();
            assertThat(sent).hasSize(1).first().isInstanceOf(Transition.class);
            assertThat(socket.client().results.get(0L)).isEqualTo(new Outcome.Success(new Value.Float64(2), List.of()));
        }
        assertThat(backend.totalQueryRuns()).isEqualTo(2);
        assertThat(backend.activeSubscriptions()).isEqualTo(1);

        sockets.getFirst().session().onClose();
        assertThat(backend.activeSubscriptions())
                .as("the others still hold the run")
                .isEqualTo(1);
        sockets.forEach(s -> s.session().onClose());
        assertThat(backend.activeSubscriptions()).isZero();
        assertThat(context.runs().groups()).isZero();
    }

    @Test
    void sharedResult_sameTextOnEverySocket() {
        backend.shareRuns = true;
        backend.put("a", Value.Obj.of(Map.of("text", new Value.Str("h\u00e9llo \"quoted\"\n"))));
        Socket first = open();
        Socket second = open();
        first.session().onMessage(modify(0, 1, GET_A));
        second.session().onMessage(modify(0, 1, GET_A));
        executor.runAll();

        String one = first.out().frames().getLast();
        String two = second.out().frames().getLast();
        assertThat(ServerMessages.decode(one)).isEqualTo(ServerMessages.decode(two));
        first.settle();
        assertThat(first.client().results.get(0L))
                .isEqualTo(new Outcome.Success(
                        Value.Obj.of(Map.of("text", new Value.Str("h\u00e9llo \"quoted\"\n"))), List.of()));
    }

    @Test
    void differentQueries_subscribedSeparately() {
        backend.shareRuns = true;
        Socket first = open();
        Socket second = open();
        first.session().onMessage(modify(0, 1, GET_A));
        second.session().onMessage(modify(0, 1, add(0, "kv:get", key("b"))));
        executor.runAll();

        assertThat(backend.activeSubscriptions()).isEqualTo(2);
        backend.put("b", new Value.Float64(7));
        executor.runAll();

        assertThat(first.settle()).hasSize(1); // its first result only
        assertThat(second.settle()).hasSize(2); // its first result, then the change
        assertThat(second.client().results.get(0L)).isEqualTo(new Outcome.Success(new Value.Float64(7), List.of()));
    }

    @Test
    void realThreads_manySocketsWhileWritersCommit_everyTransitionConsistent() throws Exception {
        ThreadedRuns.run("SyncSessionSharingTest", SyncSessionSharingTest::runOnThreads);
    }

    private static void runOnThreads(long seed, ThreadedRuns.CountingExecutor counting, Scheduler scheduler)
            throws Exception {
        FakeBackend backend = new FakeBackend();
        backend.shareRuns = true;
        backend.notifier = counting;
        backend.queryCompleter = counting;
        SyncContext context = new SyncContext(counting, scheduler, InstantSource.system());
        Random random = new Random(seed);
        List<String> keys = List.of("a", "b", "c");
        int sockets = 60;
        List<SyncSession> sessions = new ArrayList<>();
        List<RecordingOutput> outs = new ArrayList<>();
        List<TreeMap<Long, FunctionCall>> querySets = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            RecordingOutput out = new RecordingOutput();
            SyncSession session = SyncSession.open(backend, out, SyncOptions.defaults(), context);
            session.onMessage(connect(Optional.empty()));
            String k = keys.get(random.nextInt(keys.size()));
            session.onMessage(modify(0, 1, add(0, "kv:get", key(k))));
            TreeMap<Long, FunctionCall> set = new TreeMap<>();
            set.put(0L, call(k));
            sessions.add(session);
            outs.add(out);
            querySets.add(set);
        }
        Thread writer = Thread.ofPlatform().start(() -> {
            Random writes = new Random(seed + 1);
            for (int i = 0; i < 300; i++) {
                backend.put(keys.get(writes.nextInt(keys.size())), new Value.Float64(i));
            }
        });
        writer.join();
        counting.awaitIdle();

        for (int i = 0; i < sockets; i++) {
            ViewChecker checker = new ViewChecker(backend);
            checker.querySet(1, querySets.get(i));
            assertThat(outs.get(i).closed()).isEmpty();
            for (String frame : outs.get(i).frames()) {
                checker.accept(ServerMessages.decode(frame));
            }
            checker.assertAtRest(1);
        }
        // Sessions of one key may rest on runs at different timestamps (one planned before a write to
        // another key, one after; both runs are current), so the count of runs is not fixed; what is:
        // one subscription per run held, however many sockets hold it, and far fewer runs than sockets.
        assertThat(backend.activeSubscriptions())
                .as("one subscription per run held, however many sockets hold it")
                .isEqualTo(context.runs().groups());
        assertThat(context.runs().groups())
                .as("runs held, for %d sockets", sockets)
                .isLessThan(sockets / 4);
        sessions.forEach(SyncSession::onClose);
        assertThat(backend.activeSubscriptions()).isZero();
        assertThat(context.runs().groups()).isZero();
    }

    private static FunctionCall call(String key) {
        return new FunctionCall(
                "kv:get",
                Value.Obj.of(Map.of("key", new Value.Str(key))),
                Identity.anonymous(),
                Optional.empty(),
                Optional.empty());
    }
}
