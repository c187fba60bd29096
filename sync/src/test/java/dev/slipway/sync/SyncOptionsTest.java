package dev.slipway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncOptionsTest {
    @ParameterizedTest
    @CsvSource({
        "1.48.0, true",
        "1.28.0, true",
        "1.27.9, false",
        "0.19.0, false",
        "2.0.0, true",
        "1.30.0-alpha.1, true",
        "unknown, false",
        "1.28, false"
    })
    void chunksSupported_fromNpm1_28(String version, boolean supported) {
        assertThat(SyncOptions.chunksSupported(version)).isEqualTo(supported);
    }

    @Test
    void constructor_badValues_areRefusedNotClamped() {
        SyncOptions defaults = SyncOptions.defaults();

        assertThatThrownBy(() -> defaults.withPingInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pingInterval must be positive, got PT0S");
        assertThatThrownBy(() -> defaults.withTransitionChunks(true, 3))
                .hasMessageContaining("transitionChunkBytes must be at least 4");
        assertThatThrownBy(() -> defaults.withLimits(0, 5)).hasMessageContaining("at least 1, got 0 and 5");
        assertThatThrownBy(() -> defaults.withObservedTimestampWait(Duration.ofSeconds(-1), Duration.ofMillis(1)))
                .hasMessageContaining("observedTimestampWait must not be negative");
    }

    @Test
    void defaults_areTheBackendsValues() {
        SyncOptions defaults = SyncOptions.defaults();

        assertThat(defaults.pingInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.transitionChunkBytes()).isEqualTo(5_000_000);
        assertThat(defaults.maxQueuedMutations()).isEqualTo(1000);
        assertThat(defaults.maxInflightActions()).isEqualTo(1000);
    }
}
