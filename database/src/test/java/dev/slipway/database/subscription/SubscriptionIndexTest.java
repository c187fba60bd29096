package dev.slipway.database.subscription;

import static dev.slipway.database.subscription.TestKeys.from;
import static dev.slipway.database.subscription.TestKeys.index;
import static dev.slipway.database.subscription.TestKeys.key;
import static dev.slipway.database.subscription.TestKeys.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Timestamp;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {
    private static final IndexId A = index(1);
    private static final IndexId B = index(2);

    private final SubscriptionIndex<String> index = SubscriptionIndex.create();

    private static CommitKeys write(IndexId index, IndexKey... keys) {
        CommitKeys.Builder builder = CommitKeys.builder();
        for (IndexKey key : keys) {
            builder.add(index, key);
        }
        return builder.build();
    }

    private static ReadSet reads(IndexId index, KeyRange... ranges) {
        ReadSet.Builder builder = ReadSet.builder();
        for (KeyRange range : ranges) {
            builder.addRange(index, range);
        }
        return builder.build();
    }

    @Test
    void invalidated_writeInsideRange_reportsSubscription() {
        Subscription<String> s = index.register("q1", reads(A, range(key(2), key(5))));

        assertThat(index.invalidated(write(A, key(3)))).containsExactly(s);
        assertThat(index.invalidated(write(A, key(2)))).containsExactly(s);
    }

    @Test
    void invalidated_writeOutsideEveryReadSet_reportsNothing() {
        index.register("q1", reads(A, range(key(2), key(5))));
        index.register("q2", ReadSet.builder().addPoint(A, key(7)).build());

        assertThat(index.invalidated(write(A, key(5), key(1), key(7, 0)))).isEmpty();
        assertThat(index.invalidated(write(B, key(3)))).isEmpty();
        assertThat(index.invalidated(CommitKeys.empty())).isEmpty();
    }

    @Test
    void invalidated_pointRead_reportsOnlyThatKey() {
        Subscription<String> s =
                index.register("get", ReadSet.builder().addPoint(A, key(7)).build());

        assertThat(index.invalidated(write(A, key(7)))).containsExactly(s);
        assertThat(index.invalidated(write(A, key(7, 0)))).isEmpty();
        assertThat(index.invalidated(write(A, key(6, 0xFF)))).isEmpty();
    }

    @Test
    void invalidated_unboundedRange_reportsEveryLaterKey() {
        Subscription<String> s = index.register("tail", reads(A, from(key(0xF0))));

        assertThat(index.invalidated(write(A, key(0xFF, 0xFF, 0xFF)))).containsExactly(s);
        assertThat(index.invalidated(write(A, key(0xEF, 0xFF)))).isEmpty();
    }

    @Test
    void invalidated_severalKeysInOneSubscription_reportsItOnce() {
        Subscription<String> s = index.register(
                "q",
                ReadSet.builder()
                        .addRange(A, range(key(1), key(3)))
                        .addPoint(B, key(1))
                        .build());

        assertThat(index.invalidated(CommitKeys.builder()
                        .add(A, key(1))
                        .add(A, key(2))
                        .add(B, key(1))
                        .build()))
                .containsExactly(s);
    }

    @Test
    void invalidated_identicalReadSets_reportsEveryOwner() {
        ReadSet same = reads(A, range(key(1), key(3)), range(key(5), key(6, 0)));
        Subscription<String> one = index.register("one", same);
        Subscription<String> two = index.register("two", same);
        Subscription<String> three = index.register("one", same);

        assertThat(index.invalidated(write(A, key(6)))).containsExactlyInAnyOrder(one, two, three);
        assertThat(index.intervalCount()).isEqualTo(2);
    }

    @Test
    void invalidated_nestedAndOverlappingRanges_reportsEveryContainingOne() {
        Subscription<String> wide = index.register("wide", reads(A, KeyRange.ALL));
        Subscription<String> middle = index.register("middle", reads(A, range(key(2), key(8))));
        Subscription<String> narrow = index.register("narrow", reads(A, range(key(4), key(5))));
        Subscription<String> right = index.register("right", reads(A, range(key(6), key(9))));

        assertThat(index.invalidated(write(A, key(4)))).containsExactlyInAnyOrder(wide, middle, narrow);
        assertThat(index.invalidated(write(A, key(7)))).containsExactlyInAnyOrder(wide, middle, right);
        assertThat(index.invalidated(write(A, key(9)))).containsExactly(wide);
        assertThat(index.invalidated(write(A, IndexKey.MIN))).containsExactly(wide);
    }

    @Test
    void unregister_registered_stopsReportingAndFreesIntervals() {
        ReadSet readSet = ReadSet.builder()
                .addRange(A, range(key(1), key(4)))
                .addPoint(A, key(9))
                .addPoint(B, key(1))
                .build();
        Subscription<String> s = index.register("q", readSet);
        Subscription<String> other = index.register("other", reads(A, range(key(1), key(4))));

        assertThat(index.unregister(s)).isTrue();

        assertThat(s.isActive()).isFalse();
        assertThat(index.invalidated(write(A, key(2), key(9)))).containsExactly(other);
        assertThat(index.invalidated(write(B, key(1)))).isEmpty();
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.intervalCount()).isEqualTo(1);
    }

    @Test
    void unregister_twice_returnsFalseTheSecondTime() {
        Subscription<String> s = index.register("q", reads(A, range(key(1), key(4))));

        assertThat(index.unregister(s)).isTrue();
        assertThat(index.unregister(s)).isFalse();
        assertThat(index.size()).isZero();
        assertThat(index.intervalCount()).isZero();
    }

    @Test
    void unregister_subscriptionOfAnotherIndex_fails() {
        Subscription<String> foreign = SubscriptionIndex.<String>create().register("q", ReadSet.empty());

        assertThatThrownBy(() -> index.unregister(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another subscription index");
    }

    @Test
    void register_emptyReadSet_isNeverReported() {
        Subscription<String> s = index.register("constant", ReadSet.empty());

        assertThat(index.invalidated(write(A, key(1)))).isEmpty();
        assertThat(index.size()).isEqualTo(1);
        assertThat(s.token()).isEqualTo("constant");
        assertThat(s.readSet()).isEqualTo(ReadSet.empty());
    }

    @Test
    void registerAt_commitSinceReadTsTouchesIt_isStaleAndNotRegistered() {
        WriteLog log = WriteLog.startingAfter(Timestamp.of(10));
        log.append(Timestamp.of(11), write(A, key(3)));

        Registration<String> registration =
                index.registerAt("q", reads(A, range(key(1), key(4))), Timestamp.of(10), log);

        assertThat(registration)
                .isEqualTo(new Registration.Stale<String>(new Conflict.KeyWritten(Timestamp.of(11), A, key(3))));
        assertThat(index.size()).isZero();
        assertThat(index.invalidated(write(A, key(3)))).isEmpty();
    }

    @Test
    void registerAt_untouchedSinceReadTs_isActive() {
        WriteLog log = WriteLog.startingAfter(Timestamp.of(10));
        log.append(Timestamp.of(11), write(A, key(3)));
        log.append(Timestamp.of(12), write(A, key(7)));

        Registration<String> registration =
                index.registerAt("q", reads(A, range(key(1), key(4))), Timestamp.of(11), log);

        assertThat(registration).isInstanceOf(Registration.Active.class);
        Subscription<String> s = ((Registration.Active<String>) registration).subscription();
        assertThat(index.invalidated(write(A, key(3)))).containsExactly(s);
    }

    @Test
    void registerAt_readTsOlderThanLog_isStale() {
        WriteLog log = WriteLog.startingAfter(Timestamp.of(10));

        Registration<String> registration =
                index.registerAt("q", reads(A, range(key(1), key(4))), Timestamp.of(9), log);

        assertThat(registration)
                .isEqualTo(
                        new Registration.Stale<String>(new Conflict.SnapshotTooOld(Timestamp.of(9), Timestamp.of(10))));
        assertThat(index.size()).isZero();
    }
}
