package dev.slipway.database.subscription;

import static dev.slipway.database.subscription.TestKeys.from;
import static dev.slipway.database.subscription.TestKeys.index;
import static dev.slipway.database.subscription.TestKeys.key;
import static dev.slipway.database.subscription.TestKeys.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.Timestamp;
import org.junit.jupiter.api.Test;

class WriteLogTest {
    private static final IndexId A = index(1);
    private static final IndexId B = index(2);

    private final WriteLog log = WriteLog.startingAfter(ts(100));

    private static Timestamp ts(long nanos) {
        return Timestamp.of(nanos);
    }

    private static CommitKeys write(IndexId index, int... keyByte) {
        CommitKeys.Builder builder = CommitKeys.builder();
        for (int b : keyByte) {
            builder.add(index, key(b));
        }
        return builder.build();
    }

    private final ReadSet readsAFrom3To5 =
            ReadSet.builder().addRange(A, range(key(3), key(5))).build();

    @Test
    void conflict_laterCommitWroteKeyRead_namesCommitIndexAndKey() {
        log.append(ts(101), write(A, 1, 9));
        log.append(ts(102), write(B, 4));
        log.append(ts(103), write(A, 2, 4));
        log.append(ts(104), write(A, 3));

        assertThat(log.conflict(readsAFrom3To5, ts(100))).contains(new Conflict.KeyWritten(ts(103), A, key(4)));
    }

    @Test
    void conflict_laterCommitsWroteOtherKeys_isEmpty() {
        log.append(ts(101), write(A, 2, 5));
        log.append(ts(102), write(B, 3, 4));

        assertThat(log.conflict(readsAFrom3To5, ts(100))).isEmpty();
    }

    @Test
    void conflict_commitAtOrBeforeSnapshot_isIgnored() {
        log.append(ts(101), write(A, 3));
        log.append(ts(102), write(A, 4));
        log.append(ts(103), write(A, 9));

        assertThat(log.conflict(readsAFrom3To5, ts(101))).contains(new Conflict.KeyWritten(ts(102), A, key(4)));
        assertThat(log.conflict(readsAFrom3To5, ts(102))).isEmpty();
        assertThat(log.conflict(readsAFrom3To5, ts(500))).isEmpty();
    }

    @Test
    void conflict_unboundedReadAndPointRead_areChecked() {
        log.append(ts(101), write(A, 0xFF));
        ReadSet unbounded = ReadSet.builder().addRange(A, from(key(0xF0))).build();
        ReadSet point = ReadSet.builder().addPoint(A, key(0xFF)).build();
        ReadSet pointBefore = ReadSet.builder().addPoint(A, key(0xFE)).build();

        assertThat(log.conflict(unbounded, ts(100))).isPresent();
        assertThat(log.conflict(point, ts(100))).isPresent();
        assertThat(log.conflict(pointBefore, ts(100))).isEmpty();
    }

    @Test
    void conflict_emptyReadSet_neverConflicts() {
        log.append(ts(101), write(A, 3));

        assertThat(log.conflict(ReadSet.empty(), ts(100))).isEmpty();
    }

    @Test
    void conflict_snapshotBeforeStart_isSnapshotTooOld() {
        assertThat(log.conflict(readsAFrom3To5, ts(99))).contains(new Conflict.SnapshotTooOld(ts(99), ts(100)));
        assertThat(log.conflict(ReadSet.empty(), ts(99))).isPresent();
    }

    @Test
    void trimBefore_window_dropsOlderCommitsAndRefusesOlderSnapshots() {
        log.append(ts(101), write(A, 3));
        log.append(ts(105), write(A, 4));
        log.append(ts(110), write(A, 9));

        log.trimBefore(ts(106));

        assertThat(log.size()).isEqualTo(1);
        assertThat(log.horizon()).isEqualTo(ts(105));
        assertThat(log.conflict(readsAFrom3To5, ts(104))).contains(new Conflict.SnapshotTooOld(ts(104), ts(105)));
        assertThat(log.conflict(readsAFrom3To5, ts(105))).isEmpty();
        assertThat(log.conflict(ReadSet.builder().addPoint(A, key(9)).build(), ts(105)))
                .contains(new Conflict.KeyWritten(ts(110), A, key(9)));
    }

    @Test
    void trimBefore_keepsCommitAtWindowStart() {
        log.append(ts(101), write(A, 3));
        log.append(ts(105), write(A, 4));

        log.trimBefore(ts(105));

        assertThat(log.size()).isEqualTo(1);
        assertThat(log.conflict(readsAFrom3To5, ts(104))).contains(new Conflict.KeyWritten(ts(105), A, key(4)));
    }

    @Test
    void trimBefore_pastLatestCommit_keepsLatestSnapshotValid() {
        log.append(ts(101), write(A, 3));

        log.trimBefore(ts(1_000));

        assertThat(log.size()).isZero();
        assertThat(log.horizon()).isEqualTo(ts(101));
        assertThat(log.conflict(readsAFrom3To5, ts(101))).isEmpty();
        assertThat(log.conflict(readsAFrom3To5, ts(100))).containsInstanceOf(Conflict.SnapshotTooOld.class);
    }

    @Test
    void trimBefore_earlierWindow_neverLowersHorizon() {
        log.append(ts(110), write(A, 3));
        log.trimBefore(ts(111));

        log.trimBefore(ts(50));

        assertThat(log.horizon()).isEqualTo(ts(110));
    }

    @Test
    void append_notAfterLatest_failsAndChangesNothing() {
        log.append(ts(101), write(A, 3));

        assertThatThrownBy(() -> log.append(ts(101), write(A, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101");
        assertThatThrownBy(() -> WriteLog.startingAfter(ts(5)).append(ts(5), write(A, 4)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.latest()).isEqualTo(ts(101));
    }

    @Test
    void append_manyWithTrimming_keepsWindowAcrossArrayGrowth() {
        ReadSet readsKey7 = ReadSet.builder().addPoint(A, key(7)).build();
        for (long t = 101; t <= 10_000; t++) {
            log.append(ts(t), t % 97 == 0 ? write(A, 7) : write(A, 1));
            if (t % 10 == 0) {
                log.trimBefore(ts(Math.max(0, t - 300)));
            }
        }

        assertThat(log.latest()).isEqualTo(ts(10_000));
        assertThat(log.horizon()).isEqualTo(ts(9_699));
        assertThat(log.size()).isEqualTo(301);
        assertThat(log.conflict(readsKey7, ts(9_700))).contains(new Conflict.KeyWritten(ts(9_797), A, key(7)));
        assertThat(log.conflict(readsKey7, ts(9_797))).contains(new Conflict.KeyWritten(ts(9_894), A, key(7)));
        assertThat(log.conflict(readsKey7, ts(9_991))).isEmpty();
    }
}
