package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retention durations {@code slipway versions retention} reads and prints, and the version table. */
class VersionsCommandTest {

    @ParameterizedTest
    @CsvSource({
        "24h, PT24H",
        "90m, PT90M",
        "30s, PT30S",
        "2d, PT48H",
        "1h30m, PT1H30M",
        "1d12h, PT36H",
        "1500ms, PT1.5S",
        "0, PT0S",
        "000, PT0S",
        "0h, PT0S",
        "' 48h ', PT48H"
    })
    void parseDuration_valid(String text, String expected) {
        assertThat(VersionsCommand.parseDuration(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-1 | the retention '-1' is negative",
                "-2h | the retention '-2h' is negative",
                "90 | the retention '90' has no unit: write 90s, 90m, 90h or 90d",
                "5w | the retention '5w' has the unknown unit 'w' (units: d, h, m, s, ms)",
                "10min | the retention '10min' has the unknown unit 'min'",
                "24H | the retention '24H' has the unknown unit 'H'",
                "h | the retention 'h' is not a duration at 'h'",
                "1.5h | the retention '1.5h' is not a duration at '1.5h'",
                "1h 30m | the retention '1h 30m' is not a duration at ' 30m'",
                "''| the retention is empty",
                "99999999999999999999d | the retention '99999999999999999999d' is too long",
                "9999999999999999d | the retention '9999999999999999d' is too long"
            })
    void parseDuration_invalid_isAUsageErrorNamingTheValue(String text, String message) {
        assertThatThrownBy(() -> VersionsCommand.parseDuration(text))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exit()).isEqualTo(CliException.Exit.USAGE))
                .hasMessageContaining(message);
    }

    @Test
    void formatDuration_usesTheLargestWholeUnitUpToHours() {
        assertThat(VersionsCommand.formatDuration(86_400_000)).isEqualTo("24h");
        assertThat(VersionsCommand.formatDuration(172_800_000)).isEqualTo("48h");
        assertThat(VersionsCommand.formatDuration(5_400_000)).isEqualTo("90m");
        assertThat(VersionsCommand.formatDuration(30_000)).isEqualTo("30s");
        assertThat(VersionsCommand.formatDuration(1_500)).isEqualTo("1500ms");
        assertThat(VersionsCommand.formatDuration(0)).isEqualTo("0");
        for (String text : new String[] {"24h", "90m", "30s", "1500ms", "2d"}) {
            long ms = VersionsCommand.parseDuration(text).toMillis();
            assertThat(VersionsCommand.parseDuration(VersionsCommand.formatDuration(ms))
                            .toMillis())
                    .isEqualTo(ms);
        }
    }

    @Test
    void printTable_marksCurrentAndStaged_showsGitPinsAndCalls() {
        long t0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
        Json versions = Json.parse("""
                {"versions": [
                  {"versionId": "bbbbbbbbbbbb", "state": "staged", "createdAt": %d, "retiredAt": null,
                   "author": "ada", "git": {"commit": "0123456789abcdef", "branch": "feature"},
                   "pinned": true, "pinnedUntil": null, "pinnedCalls": 3, "functions": 4},
                  {"versionId": "aaaaaaaaaaaa", "state": "current", "createdAt": %d, "retiredAt": null,
                   "author": null, "git": null, "pinned": false, "pinnedUntil": null, "pinnedCalls": 0,
                   "functions": 3},
                  {"versionId": "999999999999", "state": "retired", "createdAt": %d, "retiredAt": %d,
                   "author": "bo", "git": {"commit": "fedcba9", "branch": null},
                   "pinned": true, "pinnedUntil": %d, "pinnedCalls": 12, "functions": 2}]}
                """.formatted(t0 + 120_000, t0 + 60_000, t0, t0 + 60_000, t0 + 86_460_000));
        StringWriter out = new StringWriter();

        VersionsCommand.printTable(versions.array("versions"), ZoneOffset.UTC, new PrintWriter(out, true));

        assertThat(out.toString()).isEqualTo("""
                           VERSION       STATE    CREATED              AUTHOR  GIT                PINNED                          CALLS  FUNCTIONS
                        +  bbbbbbbbbbbb  staged   2026-03-02 09:02:00  ada     0123456 (feature)  yes                             3      4
                        *  aaaaaaaaaaaa  current  2026-03-02 09:01:00  -       -                  no                              0      3
                           999999999999  retired  2026-03-02 09:00:00  bo      fedcba9            yes, until 2026-03-03 09:01:00  12     2
                        """);
    }

    @Test
    void printTable_usesTheGivenZone() {
        Json versions = Json.parse("""
                {"versions": [{"versionId": "aaaaaaaaaaaa", "state": "current", "createdAt": 0, "pinned": false,
                               "pinnedCalls": 0, "functions": 1}]}""");
        StringWriter out = new StringWriter();

        VersionsCommand.printTable(versions.array("versions"), ZoneId.of("Asia/Tokyo"), new PrintWriter(out, true));

        assertThat(out.toString()).contains("1970-01-01 09:00:00");
    }
}
