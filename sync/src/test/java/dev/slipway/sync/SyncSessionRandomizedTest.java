package dev.slipway.sync;

import static dev.slipway.sync.SessionHarness.add;
import static dev.slipway.sync.SessionHarness.authenticateNone;
import static dev.slipway.sync.SessionHarness.connect;
import static dev.slipway.sync.SessionHarness.modify;
import static dev.slipway.sync.SessionHarness.mutation;
import static dev.slipway.sync.SessionHarness.remove;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of commits, query-set changes, mutations, identity changes, late
 * invalidation notifications and out-of-order completions, checked against the fake store: every
 * Transition must chain exactly, never move {@code ts} back, hold a result for exactly the queries
 * of its query-set version, and every result must equal a fresh run at {@code endVersion.ts}; no
 * Transition may reach a mutation's commit ts before that mutation's response; at rest every
 * mutation is resolved and every result equals a run at the latest timestamp.
 *
 * <p>Replay a failure with {@code -Dslipway.seed=N}.
 */
class SyncSessionRandomizedTest {
    private static final int RUNS = 60;
    private static final int STEPS = 400;
    private static final List<String> KEYS = List.of("a/1", "a/2", "a/3", "b/1", "b/2", "c");
    private static final List<String> PREFIXES = List.of("a/", "b/", "");

    @Test
    void randomInterleavings_transitionsConsistentAtOneTsAndOrderedAfterMutations() {
        Long fixed = Long.getLong("slipway.seed");
        long base = fixed != null ? fixed : new SplittableRandom().nextLong();
        System.out.println(
                "SyncSessionRandomizedTest base seed " + base + " (replay with -Dslipway.seed=" + base + ")");
        int transitions = 0;
        int mutations = 0;
        for (int i = 0; i < (fixed != null ? 1 : RUNS); i++) {
            long seed = base + i;
            try {
                Run run = new Run(seed);
                run.go();
                transitions += run.checker.transitionsChecked();
                mutations += run.checker.client.resolved.size();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "failed with seed " + seed + " (replay with -Dslipway.seed=" + seed + "): " + e.getMessage(),
                        e);
            }
        }
        System.out.println("checked " + transitions + " Transitions; " + mutations + " mutations resolved");
        assertThat(transitions).isGreaterThan(100);
    }

    /** One seeded run. */
    private static final class Run {
        private final Random random;
        private final FakeBackend backend = new FakeBackend();
        private final ManualExecutor notifications = new ManualExecutor();
        private final ManualExecutor queryCompletions = new ManualExecutor();
        private final ManualExecutor mutationCompletions = new ManualExecutor();
        private final ManualExecutor mutationRuns = new ManualExecutor();
        private final SessionHarness h;
        private final ViewChecker checker = new ViewChecker(backend);

        private Map<Long, FunctionCall> declared = new TreeMap<>();
        private long querySetVersion;
        private long identityVersion;
        private long nextQueryId;
        private long nextRequestId;

        Run(long seed) {
            this.random = new Random(seed);
            backend.notifier = notifications;
            backend.queryCompleter = queryCompletions;
            backend.mutationCompleter = mutationCompletions;
            backend.mutationRunner = mutationRuns;
            SyncOptions options = SyncOptions.defaults();
            if (random.nextBoolean()) {
                options = options.withTransitionChunks(true, 40 + random.nextInt(200));
            }
            h = new SessionHarness(backend, options);
        }

        void go() {
            h.session.onMessage(connect(Optional.empty()));
            for (int step = 0; step < STEPS; step++) {
                step();
                check();
            }
            drain();
            assertThat(h.out.closed()).as("the session closed").isEmpty();
            checker.assertAtRest(querySetVersion);
            assertThat(checker.client.version.identity()).isEqualTo(identityVersion);
        }

        private void step() {
            int roll = random.nextInt(100);
            if (roll < 14) {
                String key = pick(KEYS);
                if (random.nextInt(5) == 0) {
                    backend.commit(Map.of(key, Optional.empty()));
                } else {
                    backend.put(key, new Value.Float64(random.nextInt(4)));
                }
            } else if (roll < 24) {
                changeQuerySet();
            } else if (roll < 31) {
                String args = "{\"key\":\"" + pick(KEYS) + "\",\"value\":" + random.nextInt(4) + "}";
                h.session.onMessage(mutation(nextRequestId++, "kv:set", args));
            } else if (roll < 33) {
                h.session.onMessage(authenticateNone(identityVersion++));
            } else if (roll < 63) {
                h.executor.runRandom(random);
            } else if (roll < 78) {
                notifications.runRandom(random);
            } else if (roll < 90) {
                queryCompletions.runRandom(random);
            } else if (roll < 95) {
                mutationCompletions.runRandom(random);
            } else {
                mutationRuns.runRandom(random);
            }
        }

        private void changeQuerySet() {
            List<String> changes = new ArrayList<>();
            Map<Long, FunctionCall> next = new TreeMap<>(declared);
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                if (!next.isEmpty() && random.nextInt(3) == 0) {
                    long id = new ArrayList<>(next.keySet()).get(random.nextInt(next.size()));
                    next.remove(id);
                    changes.add(remove(id));
                } else {
                    long id = nextQueryId++;
                    String path = pick(List.of("kv:get", "kv:sum", "kv:list"));
                    String field = path.equals("kv:get") ? "key" : "prefix";
                    String arg = path.equals("kv:get") ? pick(KEYS) : pick(PREFIXES);
                    next.put(id, call(path, field, arg));
                    changes.add(add(id, path, "{\"" + field + "\":\"" + arg + "\"}"));
                }
            }
            h.session.onMessage(modify(querySetVersion, querySetVersion + 1, changes.toArray(String[]::new)));
            querySetVersion++;
            declared = next;
            checker.querySet(querySetVersion, next);
        }

        private static FunctionCall call(String path, String field, String arg) {
            return new FunctionCall(
                    path,
                    Value.Obj.of(Map.of(field, new Value.Str(arg))),
                    Identity.anonymous(),
                    Optional.empty(),
                    Optional.empty());
        }

        private void check() {
            h.out.take().forEach(checker::accept);
        }

        private void drain() {
            for (int round = 0; round < 10_000; round++) {
                boolean ran = false;
                for (ManualExecutor e :
                        List.of(h.executor, notifications, queryCompletions, mutationCompletions, mutationRuns)) {
                    ran = e.runOne() || ran;
                }
                check();
                if (!ran) {
                    return;
                }
            }
            throw new AssertionError("the session never came to rest");
        }

        private <T> T pick(List<T> items) {
            return items.get(random.nextInt(items.size()));
        }
    }
}
