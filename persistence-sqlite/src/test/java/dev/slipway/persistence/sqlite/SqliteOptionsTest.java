package dev.slipway.persistence.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqliteOptionsTest {

    @Test
    void defaults_areFullSynchronousFourReadersFiveSeconds() {
        assertThat(SqliteOptions.defaults())
                .isEqualTo(new SqliteOptions(SqliteOptions.Synchronous.FULL, 4, Duration.ofSeconds(5)));
    }

    @Test
    void toBuilder_keepsEverySetting() {
        SqliteOptions options = SqliteOptions.builder()
                .synchronous(SqliteOptions.Synchronous.NORMAL)
                .readers(2)
                .busyTimeout(Duration.ofMillis(300))
                .build();

        assertThat(options.toBuilder().build()).isEqualTo(options);
    }

    @Test
    void readers_outOfRange_failsNamingTheValue() {
        assertThatThrownBy(() -> SqliteOptions.builder().readers(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 64, got 0");
        assertThatThrownBy(() -> SqliteOptions.builder().readers(65).build()).hasMessageContaining("got 65");
    }

    @Test
    void busyTimeout_notWholePositiveMillis_failsNamingTheValue() {
        assertThatThrownBy(
                        () -> SqliteOptions.builder().busyTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got PT0S");
        assertThatThrownBy(() -> SqliteOptions.builder()
                        .busyTimeout(Duration.ofNanos(10))
                        .build())
                .hasMessageContaining("busy timeout");
        assertThatThrownBy(() ->
                        SqliteOptions.builder().busyTimeout(Duration.ofDays(30)).build())
                .hasMessageContaining("busy timeout");
    }
}
