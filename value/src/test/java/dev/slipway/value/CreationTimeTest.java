package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CreationTimeTest {

    @Test
    void fromCommitTimestamp_splitsMillisAndRemainder() {
        assertThat(CreationTime.fromCommitTimestamp(1_700_000_000_123_456_789L).millis())
                .isEqualTo(1_700_000_000_123.0 + 456_789 * 1e-6);
        assertThat(CreationTime.fromCommitTimestamp(5_000_000L).millis()).isEqualTo(5.0);
        assertThat(CreationTime.fromCommitTimestamp(1L).millis()).isEqualTo(1e-6);
        assertThat(CreationTime.fromCommitTimestamp(Long.MAX_VALUE).millis())
                .isEqualTo(9_223_372_036_854.0 + 775_807 * 1e-6);
    }

    @Test
    void next_isStrictlyGreaterAndAdjacent() {
        CreationTime first = CreationTime.fromCommitTimestamp(1_700_000_000_123_456_789L);
        CreationTime second = first.next();
        assertThat(second).isGreaterThan(first);
        assertThat(second.millis()).isEqualTo(Math.nextUp(first.millis()));
        assertThat(second.toValue()).isEqualTo(new Value.Float64(second.millis()));
    }

    @Test
    void constructor_invalidMillis_isRejected() {
        assertThatThrownBy(() -> new CreationTime(-0.0)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new CreationTime(Double.NaN)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> CreationTime.fromCommitTimestamp(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
