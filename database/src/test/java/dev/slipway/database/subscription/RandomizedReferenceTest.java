package dev.slipway.database.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.database.subscription.RandomReads.Reads;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Precision and completeness against trivial references: read sets against their raw intervals,
 * the subscription index against a list scanned linearly, the write log against a scan of every
 * commit ever appended. Seeded; the seed is in every failure message. Rerun one with
 * {@code -Dslipway.test.seed=N}.
 */
class RandomizedReferenceTest {
    private static final int SEEDS = 30;

    @FunctionalInterface
    private interface Round {
        void run(SplittableRandom random);
    }

    private static void forEachSeed(Round round) {
        long base = Long.getLong("slipway.test.seed", new SplittableRandom().nextLong());
        for (int i = 0; i < SEEDS; i++) {
            long seed = base + i;
            try {
                round.run(new SplittableRandom(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed with seed " + seed + " (-Dslipway.test.seed=" + seed + "): " + e, e);
            }
        }
    }

    @Test
    void readSet_randomReads_isNormalizedAndHoldsExactlyTheKeysRead() {
        forEachSeed(random -> {
            RandomReads gen = new RandomReads(random, 3);
            List<IndexKey> universe = RandomReads.smallUniverse();
            for (int i = 0; i < 30; i++) {
                Reads reads = gen.reads(12);
                Reads other = gen.reads(6);
                ReadSet union = reads.readSet().union(other.readSet());
                assertNormalized(reads.readSet());
                assertNormalized(union);
                for (IndexId index : List.of(TestKeys.index(1), TestKeys.index(2), TestKeys.index(3))) {
                    for (IndexKey key : universe) {
                        assertThat(reads.readSet().intersects(index, key))
                                .as("%s contains %s in %s (raw %s)", reads.readSet(), key, index, reads.raw())
                                .isEqualTo(reads.contains(index, key));
                        assertThat(union.intersects(index, key))
                                .isEqualTo(reads.contains(index, key) || other.contains(index, key));
                    }
                }
            }
        });
    }

    private static void assertNormalized(ReadSet readSet) {
        int count = 0;
        for (IndexId index : readSet.indexes()) {
            List<KeyRange> ranges = readSet.ranges(index);
            assertThat(ranges).isNotEmpty();
            for (int i = 0; i < ranges.size(); i++) {
                KeyRange range = ranges.get(i);
                assertThat(range.isEmpty()).as("empty range in %s", readSet).isFalse();
                if (i + 1 < ranges.size()) {
                    IndexKey end = range.end()
                            .orElseThrow(() -> new AssertionError("unbounded before the last in " + readSet));
                    assertThat(end)
                            .as("touching or overlapping in %s", readSet)
                            .isLessThan(ranges.get(i + 1).start());
                }
            }
            count += ranges.size();
        }
        assertThat(readSet.intervalCount()).isEqualTo(count);
    }

    @Test
    void subscriptionIndex_randomRegistrationsAndCommits_reportsExactlyTheReference() {
        forEachSeed(random -> {
            RandomReads gen = new RandomReads(random, 3);
            SubscriptionIndex<Integer> index = SubscriptionIndex.create();
            Map<Subscription<Integer>, Reads> reference = new IdentityHashMap<>();
            List<Subscription<Integer>> registered = new ArrayList<>();
            for (int op = 0; op < 300; op++) {
                int choice = random.nextInt(10);
                if (choice < 5) {
                    Reads reads = gen.reads(8);
                    Subscription<Integer> s = index.register(op % 7, reads.readSet());
                    reference.put(s, reads);
                    registered.add(s);
                } else if (choice < 7 && !registered.isEmpty()) {
                    Subscription<Integer> s = registered.remove(random.nextInt(registered.size()));
                    assertThat(index.unregister(s)).isTrue();
                    reference.remove(s);
                } else {
                    CommitKeys keys = gen.commit(4);
                    assertThat(index.invalidated(keys))
                            .as("invalidated by %s", keys)
                            .containsExactlyInAnyOrderElementsOf(expectedInvalidated(reference, keys));
                }
                assertThat(index.size()).isEqualTo(reference.size());
            }
            Collections.shuffle(registered, new Random(random.nextLong()));
            for (Subscription<Integer> s : registered) {
                assertThat(index.unregister(s)).isTrue();
            }
            assertThat(index.intervalCount()).isZero();
        });
    }

    private static List<Subscription<Integer>> expectedInvalidated(
            Map<Subscription<Integer>, Reads> reference, CommitKeys keys) {
        List<Subscription<Integer>> expected = new ArrayList<>();
        reference.forEach((s, reads) -> {
            if (reads.touchedBy(keys)) {
                expected.add(s);
            }
        });
        return expected;
    }

    private record Commit(long ts, CommitKeys keys) {}

    @Test
    void writeLog_randomCommitsAndTrims_conflictMatchesBruteForce() {
        forEachSeed(random -> {
            RandomReads gen = new RandomReads(random, 3);
            long start = random.nextLong(1_000);
            WriteLog log = WriteLog.startingAfter(Timestamp.of(start));
            List<Commit> all = new ArrayList<>();
            long horizon = start;
            long latest = start;
            for (int op = 0; op < 200; op++) {
                int choice = random.nextInt(10);
                if (choice < 5) {
                    latest += 1 + random.nextInt(3);
                    CommitKeys keys = gen.commit(3);
                    log.append(Timestamp.of(latest), keys);
                    all.add(new Commit(latest, keys));
                } else if (choice < 6) {
                    long windowStart = latest - random.nextInt(20) + 5;
                    log.trimBefore(Timestamp.of(Math.max(0, windowStart)));
                    horizon = Math.max(horizon, Math.min(Math.max(0, windowStart) - 1, latest));
                } else {
                    Reads reads = gen.reads(6);
                    long snapshot = Math.max(0, latest - random.nextInt(30));
                    assertThat(log.conflict(reads.readSet(), Timestamp.of(snapshot)))
                            .as("conflict of %s at %d", reads.raw(), snapshot)
                            .isEqualTo(expectedConflict(all, reads, snapshot, horizon));
                }
                assertThat(log.horizon()).isEqualTo(Timestamp.of(horizon));
                assertThat(log.latest()).isEqualTo(Timestamp.of(latest));
                long retainedAfter = horizon;
                assertThat(log.size()).isEqualTo((int)
                        all.stream().filter(c -> c.ts > retainedAfter).count());
            }
        });
    }

    private static Optional<Conflict> expectedConflict(List<Commit> all, Reads reads, long snapshot, long horizon) {
        if (snapshot < horizon) {
            return Optional.of(new Conflict.SnapshotTooOld(Timestamp.of(snapshot), Timestamp.of(horizon)));
        }
        for (Commit commit : all) {
            if (commit.ts <= snapshot) {
                continue;
            }
            for (IndexId index : commit.keys.indexes()) {
                for (IndexKey key : commit.keys.keys(index)) {
                    if (reads.contains(index, key)) {
                        return Optional.of(new Conflict.KeyWritten(Timestamp.of(commit.ts), index, key));
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void subscriptionIndex_manyIntervalsInOneIndex_matchesReference() {
        // Deeper treaps than the mixed test: one index, hundreds of live ranges.
        forEachSeed(random -> {
            RandomReads gen = new RandomReads(random, 1);
            SubscriptionIndex<Integer> index = SubscriptionIndex.create();
            Map<Subscription<Integer>, Reads> reference = new IdentityHashMap<>();
            for (int i = 0; i < 200; i++) {
                Reads reads = gen.reads(4);
                reference.put(index.register(i, reads.readSet()), reads);
            }
            for (IndexKey key : RandomReads.smallUniverse()) {
                CommitKeys keys =
                        CommitKeys.builder().add(TestKeys.index(1), key).build();
                Set<Subscription<Integer>> found = index.invalidated(keys);
                assertThat(found).containsExactlyInAnyOrderElementsOf(expectedInvalidated(reference, keys));
            }
        });
    }
}
