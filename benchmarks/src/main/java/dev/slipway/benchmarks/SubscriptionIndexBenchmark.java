package dev.slipway.benchmarks;

import dev.slipway.database.subscription.CommitKeys;
import dev.slipway.database.subscription.ReadSet;
import dev.slipway.database.subscription.Subscription;
import dev.slipway.database.subscription.SubscriptionIndex;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import dev.slipway.value.InternalId;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost a commit pays in the subscription index: {@code SubscriptionIndex.invalidated} for a commit
 * of one document (3 index keys: its {@code by_id} entry and two secondary index entries) when
 * {@code subscriptions} subscriptions are registered and the commit touches none of them. The point is
 * that an unrelated write costs about the same with 0, 10k or 100k subscriptions.
 *
 * <p>Workload: 20 indexes; an index key is a tag byte, an 8-byte indexed value and a 16-byte random
 * document id, as the real key encoding is (values first, id last). Each subscription reads three
 * documents by id (point reads of random ids in random indexes) and one range: every key of one
 * indexed value (a prefix range, like {@code .withIndex("by_channel", q => q.eq("channel", c))}) in a
 * random index. Subscribed values are even, written values odd, so a write lands between subscribed
 * ranges, never inside one; the setup checks that every prepared commit invalidates nothing. The
 * benchmark cycles through 1,024 prepared commits.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SubscriptionIndexBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SubscriptionIndexBenchmark {
    private static final int INDEXES = 20;
    private static final int VALUES = 50_000;
    private static final int COMMITS = 1024;
    private static final byte TAG = 0x05;

    @Param({"0", "10000", "100000"})
    public int subscriptions;

    private final SplittableRandom random = new SplittableRandom(42);
    private final IndexId[] indexes = new IndexId[INDEXES];
    private final CommitKeys[] commits = new CommitKeys[COMMITS];
    private final SubscriptionIndex<Integer> index = SubscriptionIndex.create();
    private int next;

    @Setup(Level.Trial)
    public void register() {
        for (int i = 0; i < INDEXES; i++) {
            indexes[i] = new IndexId(InternalId.random(random));
        }
        for (int s = 0; s < subscriptions; s++) {
            ReadSet.Builder reads = ReadSet.builder();
            for (int p = 0; p < 3; p++) {
                reads.addPoint(randomIndex(), key(random.nextInt(VALUES) * 2L, InternalId.random(random)));
            }
            reads.addRange(randomIndex(), KeyRange.prefix(valuePrefix(random.nextInt(VALUES) * 2L)));
            index.register(s, reads.build());
        }
        for (int c = 0; c < COMMITS; c++) {
            commits[c] = untouchedCommit();
        }
    }

    /** One document: its by_id entry and the entries of two other indexes of its table, at odd values. */
    private CommitKeys untouchedCommit() {
        InternalId id = InternalId.random(random);
        int first = random.nextInt(INDEXES - 2);
        CommitKeys keys = CommitKeys.builder()
                .add(indexes[first], key(random.nextInt(VALUES) * 2L + 1, id))
                .add(indexes[first + 1], key(random.nextInt(VALUES) * 2L + 1, id))
                .add(indexes[first + 2], key(random.nextInt(VALUES) * 2L + 1, id))
                .build();
        if (!index.invalidated(keys).isEmpty()) {
            throw new IllegalStateException("a prepared commit touches a subscription: " + keys);
        }
        return keys;
    }

    private IndexId randomIndex() {
        return indexes[random.nextInt(INDEXES)];
    }

    private static byte[] valueBytes(long value) {
        return ByteBuffer.allocate(9).put(TAG).putLong(value).array();
    }

    private static IndexKey valuePrefix(long value) {
        return new IndexKey(valueBytes(value));
    }

    private static IndexKey key(long value, InternalId id) {
        return new IndexKey(ByteBuffer.allocate(9 + InternalId.LENGTH)
                .put(valueBytes(value))
                .put(id.bytes())
                .array());
    }

    @Benchmark
    public Set<Subscription<Integer>> invalidatedUntouched() {
        CommitKeys keys = commits[next];
        next = (next + 1) & (COMMITS - 1);
        return index.invalidated(keys);
    }
}
