package dev.slipway.sync;

import static dev.slipway.sync.SessionHarness.add;
import static dev.slipway.sync.SessionHarness.connect;
import static dev.slipway.sync.SessionHarness.modify;
import static dev.slipway.sync.SessionHarness.mutation;
import static dev.slipway.sync.SessionHarness.remove;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The session on real threads: two writers commit while the client changes its query set and sends
 * mutations, invalidations arrive on pool threads, and query and mutation results complete there
 * too. Afterwards every frame is replayed into a model client and checked (see {@link ViewChecker}).
 * The writers' keys and values come from a printed seed; the thread interleaving is the machine's.
 */
class SyncSessionConcurrencyTest {
    private static final List<String> KEYS = List.of("a/1", "a/2", "a/3", "b/1", "b/2");

    @Test
    void concurrentCommitsAndMutations_realThreads_everyTransitionConsistent() throws Exception {
        ThreadedRuns.run("SyncSessionConcurrencyTest", SyncSessionConcurrencyTest::run);
    }

    private static void run(long seed, ThreadedRuns.CountingExecutor executor, Scheduler scheduler) throws Exception {
        FakeBackend backend = new FakeBackend();
        backend.notifier = executor;
        backend.queryCompleter = executor;
        backend.mutationCompleter = executor;
        RecordingOutput out = new RecordingOutput();
        SyncSession session = SyncSession.open(
                backend, out, SyncOptions.defaults(), new SyncContext(executor, scheduler, InstantSource.system()));
        ViewChecker checker = new ViewChecker(backend);

        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Random random = new Random(seed + w);
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 400; i++) {
                    backend.put(KEYS.get(random.nextInt(KEYS.size())), new Value.Float64(random.nextInt(5)));
                }
            }));
        }

        Random random = new Random(seed ^ 0x5DEECE66DL);
        session.onMessage(connect(Optional.empty()));
        TreeMap<Long, FunctionCall> queries = new TreeMap<>();
        long version = 0;
        long nextId = 0;
        for (int round = 0; round < 40; round++) {
            List<String> changes = new ArrayList<>();
            if (!queries.isEmpty() && random.nextInt(3) == 0) {
                long id = queries.firstKey();
                queries.remove(id);
                changes.add(remove(id));
            }
            String key = KEYS.get(random.nextInt(KEYS.size()));
            boolean sum = random.nextBoolean();
            String arg = sum ? key.substring(0, 2) : key;
            queries.put(
                    nextId,
                    new FunctionCall(
                            sum ? "kv:sum" : "kv:get",
                            Value.Obj.of(Map.of(sum ? "prefix" : "key", new Value.Str(arg))),
                            Identity.anonymous(),
                            Optional.empty(),
                            Optional.empty()));
            changes.add(
                    add(nextId++, sum ? "kv:sum" : "kv:get", "{\"" + (sum ? "prefix" : "key") + "\":\"" + arg + "\"}"));
            checker.querySet(version + 1, queries);
            session.onMessage(modify(version, version + 1, changes.toArray(String[]::new)));
            version++;
            session.onMessage(mutation(round, "kv:set", "{\"key\":\"" + key + "\",\"value\":" + round + "}"));
            Thread.sleep(random.nextInt(3));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        executor.awaitIdle();

        assertThat(out.closed()).isEmpty();
        for (String frame : out.frames()) {
            checker.accept(ServerMessages.decode(frame));
        }
        checker.assertAtRest(version);
        assertThat(checker.client.resolved).hasSize(40);
        session.onClose();
        assertThat(backend.activeSubscriptions()).isZero();
    }
}
