package dev.slipway.database.subscription;

import static dev.slipway.database.subscription.TestKeys.from;
import static dev.slipway.database.subscription.TestKeys.index;
import static dev.slipway.database.subscription.TestKeys.key;
import static dev.slipway.database.subscription.TestKeys.range;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import org.junit.jupiter.api.Test;

class ReadSetTest {
    private static final IndexId A = index(1);
    private static final IndexId B = index(2);

    @Test
    void build_overlappingRanges_mergesThem() {
        ReadSet set = ReadSet.builder()
                .addRange(A, range(key(1), key(5)))
                .addRange(A, range(key(3), key(8)))
                .build();

        assertThat(set.ranges(A)).containsExactly(range(key(1), key(8)));
        assertThat(set.intervalCount()).isEqualTo(1);
    }

    @Test
    void build_adjacentRanges_mergesThem() {
        ReadSet set = ReadSet.builder()
                .addRange(A, range(key(5), key(8)))
                .addRange(A, range(key(1), key(5)))
                .build();

        assertThat(set.ranges(A)).containsExactly(range(key(1), key(8)));
    }

    @Test
    void build_containedRange_keepsTheOuterOne() {
        ReadSet set = ReadSet.builder()
                .addRange(A, range(key(1), key(9)))
                .addRange(A, range(key(2), key(3)))
                .addRange(A, range(key(1), key(9)))
                .build();

        assertThat(set.ranges(A)).containsExactly(range(key(1), key(9)));
    }

    @Test
    void build_rangeSpanningSeveral_absorbsThemAll() {
        ReadSet.Builder builder = ReadSet.builder()
                .addRange(A, range(key(1), key(2)))
                .addRange(A, range(key(3), key(4)))
                .addRange(A, range(key(5), key(6)))
                .addRange(A, range(key(7), key(8)));
        assertThat(builder.intervalCount()).isEqualTo(4);

        builder.addRange(A, range(key(1, 5), key(6, 5)));

        assertThat(builder.intervalCount()).isEqualTo(2);
        assertThat(builder.build().ranges(A)).containsExactly(range(key(1), key(6, 5)), range(key(7), key(8)));

        builder.addRange(A, range(key(6, 5), key(7)));

        assertThat(builder.build().ranges(A)).containsExactly(range(key(1), key(8)));
    }

    @Test
    void build_disjointRanges_staySortedAndSeparate() {
        ReadSet set = ReadSet.builder()
                .addRange(A, range(key(7), key(8)))
                .addRange(A, range(key(1), key(2)))
                .addRange(A, range(key(4), key(5)))
                .build();

        assertThat(set.ranges(A)).containsExactly(range(key(1), key(2)), range(key(4), key(5)), range(key(7), key(8)));
        assertThat(set.intervalCount()).isEqualTo(3);
    }

    @Test
    void build_unboundedEnd_absorbsEverythingAfterItsStart() {
        ReadSet set = ReadSet.builder()
                .addRange(A, range(key(1), key(2)))
                .addRange(A, range(key(5), key(6)))
                .addRange(A, from(key(4)))
                .addRange(A, range(key(9), key(10)))
                .addPoint(A, key(0xFF, 0xFF))
                .build();

        assertThat(set.ranges(A)).containsExactly(range(key(1), key(2)), from(key(4)));
        assertThat(set.intersects(A, key(0xFF, 0xFF, 0xFF))).isTrue();
        assertThat(set.intersects(A, key(3))).isFalse();
    }

    @Test
    void build_unboundedRangesOverlapping_keepTheEarlierStart() {
        ReadSet set = ReadSet.builder()
                .addRange(A, from(key(4)))
                .addRange(A, from(key(2)))
                .addRange(A, range(key(1), key(2)))
                .build();

        assertThat(set.ranges(A)).containsExactly(from(key(1)));
    }

    @Test
    void build_allKeys_isOneInterval() {
        ReadSet set =
                ReadSet.builder().addPoint(A, key(3)).addRange(A, KeyRange.ALL).build();

        assertThat(set.ranges(A)).containsExactly(KeyRange.ALL);
        assertThat(set.intersects(A, IndexKey.MIN)).isTrue();
    }

    @Test
    void build_emptyRange_recordsNothing() {
        ReadSet set = ReadSet.builder().addRange(A, range(key(3), key(3))).build();

        assertThat(set.isEmpty()).isTrue();
        assertThat(set.indexes()).isEmpty();
        assertThat(set).isEqualTo(ReadSet.empty());
    }

    @Test
    void addPoint_oneKey_isOneKeyInterval() {
        ReadSet set = ReadSet.builder().addPoint(A, key(3)).build();

        assertThat(set.ranges(A)).containsExactly(range(key(3), key(3, 0)));
        assertThat(set.intersects(A, key(3))).isTrue();
        assertThat(set.intersects(A, key(3, 0))).isFalse();
        assertThat(set.intersects(A, key(2, 0xFF))).isFalse();
        assertThat(set.intersects(B, key(3))).isFalse();
    }

    @Test
    void addPoint_successiveKeys_merge() {
        ReadSet set = ReadSet.builder()
                .addPoint(A, key(3))
                .addPoint(A, key(3, 0))
                .addPoint(A, key(3))
                .build();

        assertThat(set.ranges(A)).containsExactly(range(key(3), key(3, 0, 0)));
    }

    @Test
    void addPoint_insideRange_changesNothing() {
        ReadSet.Builder builder = ReadSet.builder().addRange(A, range(key(1), key(9)));

        builder.addPoint(A, key(4, 0xFF));

        assertThat(builder.intervalCount()).isEqualTo(1);
    }

    @Test
    void addPoint_emptyKeyAndMaximalBytes_areOrdinaryKeys() {
        ReadSet set = ReadSet.builder()
                .addPoint(A, IndexKey.MIN)
                .addPoint(A, key(0xFF))
                .addPoint(A, key(0x00))
                .build();

        assertThat(set.ranges(A)).containsExactly(range(IndexKey.MIN, key(0, 0)), range(key(0xFF), key(0xFF, 0)));
    }

    @Test
    void intersects_atBoundaries_isStartInclusiveEndExclusive() {
        ReadSet set = ReadSet.builder().addRange(A, range(key(2), key(4))).build();

        assertThat(set.intersects(A, key(2))).isTrue();
        assertThat(set.intersects(A, key(3, 0xFF, 0xFF))).isTrue();
        assertThat(set.intersects(A, key(4))).isFalse();
        assertThat(set.intersects(A, key(1, 0xFF))).isFalse();
    }

    @Test
    void build_severalIndexes_keepsThemApart() {
        ReadSet set = ReadSet.builder()
                .addRange(A, range(key(1), key(3)))
                .addRange(B, range(key(2), key(4)))
                .build();

        assertThat(set.indexes()).containsExactlyInAnyOrder(A, B);
        assertThat(set.ranges(A)).containsExactly(range(key(1), key(3)));
        assertThat(set.ranges(B)).containsExactly(range(key(2), key(4)));
        assertThat(set.intervalCount()).isEqualTo(2);
    }

    @Test
    void union_overlappingAndDisjoint_isNormalized() {
        ReadSet caller = ReadSet.builder()
                .addRange(A, range(key(1), key(3)))
                .addRange(A, range(key(7), key(8)))
                .build();
        ReadSet nested = ReadSet.builder()
                .addRange(A, range(key(3), key(5)))
                .addRange(A, from(key(8)))
                .addPoint(B, key(1))
                .build();

        ReadSet union = caller.union(nested);

        assertThat(union.ranges(A)).containsExactly(range(key(1), key(5)), from(key(7)));
        assertThat(union.ranges(B)).containsExactly(range(key(1), key(1, 0)));
        assertThat(union.intervalCount()).isEqualTo(3);
        assertThat(nested.union(caller)).isEqualTo(union);
        assertThat(ReadSet.builder().addAll(caller).addAll(nested).build()).isEqualTo(union);
    }

    @Test
    void union_withEmpty_isItself() {
        ReadSet set = ReadSet.builder().addPoint(A, key(1)).build();

        assertThat(set.union(ReadSet.empty())).isSameAs(set);
        assertThat(ReadSet.empty().union(set)).isSameAs(set);
    }

    @Test
    void equals_sameIntervalsRecordedDifferently_areEqual() {
        ReadSet one = ReadSet.builder()
                .addRange(A, range(key(1), key(2)))
                .addRange(A, range(key(2), key(3)))
                .build();
        ReadSet other = ReadSet.builder().addRange(A, range(key(1), key(3))).build();

        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    }
}
