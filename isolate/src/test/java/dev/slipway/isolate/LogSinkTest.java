package dev.slipway.isolate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogSinkTest {
    @Test
    void add_257Lines_keeps255AndTheOverflowNotice() {
        LogSink sink = new LogSink();
        for (int i = 0; i < 257; i++) {
            sink.add(LogLevel.LOG, "line " + i);
        }
        assertThat(sink.lines()).hasSize(256);
        assertThat(sink.lines().get(254).text()).isEqualTo("line 254");
        assertThat(sink.lines().get(255).render())
                .isEqualTo("[ERROR] Log overflow (maximum 256). Remaining log lines omitted.");
    }

    @Test
    void truncate_multiByteTextOverTheLimit_cutsAtACharacterBoundary() {
        String text = "é".repeat(20_000); // 40,000 bytes
        String cut = LogSink.truncate(text);
        assertThat(cut).endsWith(LogSink.TRUNCATED);
        String kept = cut.substring(0, cut.length() - LogSink.TRUNCATED.length());
        assertThat(kept.getBytes(StandardCharsets.UTF_8)).hasSize(32_768);
        assertThat(LogSink.truncate("short")).isEqualTo("short");
        assertThat(LogSink.truncate("x".repeat(32_768))).hasSize(32_768);
    }

    @Test
    void utf8Length_surrogatePairsAndLoneSurrogates_countLikeTheEncoder() {
        assertThat(LogSink.utf8Length("a\u00e9\u20ac\ud83d\ude00")).isEqualTo(1 + 2 + 3 + 4);
        assertThat(LogSink.utf8Length("\ud800")).isEqualTo(3);
    }
}
