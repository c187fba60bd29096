package dev.slipway.database.subscription;

import static dev.slipway.database.subscription.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.IndexKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalTreapTest {
    private static int compare(IndexKey a, IndexKey b) {
        byte[] x = a.bytes();
        byte[] y = b.bytes();
        return Integer.signum(IntervalTreap.compare(x, IntervalTreap.prefix(x), y, IntervalTreap.prefix(y)));
    }

    @Test
    void compare_keysAroundThePackedPrefix_agreesWithIndexKeyOrder() {
        List<IndexKey> keys = List.of(
                IndexKey.MIN,
                key(0),
                key(0, 0),
                key(1),
                key(1, 0, 0, 0, 0, 0, 0, 0),
                key(1, 0, 0, 0, 0, 0, 0, 0, 0),
                key(1, 0, 0, 0, 0, 0, 0, 0, 1),
                key(1, 0, 0, 0, 0, 0, 0, 1),
                key(0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
                key(0xFF),
                key(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
                key(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0));
        for (IndexKey a : keys) {
            for (IndexKey b : keys) {
                assertThat(compare(a, b)).as("%s vs %s", a, b).isEqualTo(Integer.signum(a.compareTo(b)));
            }
        }
    }

    @Test
    void prefix_shortKey_isZeroPadded() {
        assertThat(IntervalTreap.prefix(new byte[] {1})).isEqualTo(0x0100_0000_0000_0000L);
        assertThat(IntervalTreap.prefix(new byte[] {(byte) 0xFF, 2, 3, 4, 5, 6, 7, 8, 9}))
                .isEqualTo(0xFF02_0304_0506_0708L);
    }
}
