package dev.slipway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpirationsTest {
    private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

    @ParameterizedTest
    @CsvSource(
            delimiterString = "=>",
            value = {
                "in 7 days => PT168H",
                "in 1 day => PT24H",
                "In 12 Hours => PT12H",
                "in 30 minutes => PT30M",
                "in 2 weeks => PT336H",
                "in 3d => PT72H",
                "in 5 h => PT5H",
                "in 45min => PT45M",
                "in 1w => PT168H",
                "'  in 7 days  ' => PT168H"
            })
    void parse_relative_addsToNow(String text, String duration) {
        assertThat(Expirations.parse(text, NOW)).isEqualTo(NOW.plus(Duration.parse(duration)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = "=>",
            value = {
                "2025-07-01 => 2025-07-01T00:00:00Z",
                "2025-07-01T12:30:00Z => 2025-07-01T12:30:00Z",
                "2025-07-01T12:30:00+02:00 => 2025-07-01T10:30:00Z",
                "2025-07-01T12:30 => 2025-07-01T12:30:00Z"
            })
    void parse_isoDateOrDateTime_isThatInstant_UtcWithoutAnOffset(String text, String instant) {
        assertThat(Expirations.parse(text, NOW)).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"next tuesday", "in days", "7 days", "in -1 days", "in 7 fortnights", "2025-13-01", ""})
    void parse_unreadable_failsNamingTheTextAndTheForms(String text) {
        assertThatThrownBy(() -> Expirations.parse(text, NOW))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ControlPlaneException.Kind.INVALID_ARGUMENT);
                    assertThat(e.getMessage())
                            .startsWith("Cannot read the expiration \"" + text + "\"")
                            .contains("in N minutes|hours|days|weeks", "2025-07-01T12:00:00Z");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"in 0 days", "2025-06-01", "2025-06-01T10:00:00Z", "2024-01-01"})
    void parse_notInTheFuture_fails(String text) {
        assertThatThrownBy(() -> Expirations.parse(text, NOW))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining("is not in the future (now is 2025-06-01T10:00:00Z)");
    }
}
