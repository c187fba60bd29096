package dev.slipway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransitionChunksTest {
    @Test
    void utf8Length_countsLikeTheEncoder() {
        String text = "a\u00e9\u20ac\uD83D\uDE00\uD800x";

        // A lone surrogate is 3 bytes in our count, '?' (1 byte) in Java's encoder: count only well-formed text.
        assertThat(TransitionChunks.utf8Length("a\u00e9\u20ac\uD83D\uDE00"))
                .isEqualTo("a\u00e9\u20ac\uD83D\uDE00".getBytes(StandardCharsets.UTF_8).length);
        assertThat(TransitionChunks.utf8Length(text)).isEqualTo(1 + 2 + 3 + 4 + 3 + 1);
    }

    @Test
    void split_neverCutsASurrogatePairAndJoinsBackExactly() {
        Random random = new Random(42);
        String[] pieces = {"a", "\"", "\u00e9", "\u20ac", "\uD83D\uDE00", "\\n"};
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = 1 + random.nextInt(300); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            int max = 4 + random.nextInt(40);

            List<String> slices = TransitionChunks.split(text.toString(), max);

            assertThat(String.join("", slices)).isEqualTo(text.toString());
            for (String slice : slices) {
                assertThat(TransitionChunks.utf8Length(slice)).isLessThanOrEqualTo(max);
                assertThat(slice).isNotEmpty().doesNotStartWith("\uDE00");
                assertThat(Character.isHighSurrogate(slice.charAt(slice.length() - 1)))
                        .isFalse();
            }
        }
    }

    @Test
    void longerThan_agreesWithTheCountEverywhere() {
        String[] pieces = {"a", "\u00e9", "\u20ac", "\uD83D\uDE00", "\uD800"};
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            long max = random.nextInt(130);

            assertThat(TransitionChunks.longerThan(text.toString(), max))
                    .as("\"%s\" over %d bytes", text, max)
                    .isEqualTo(TransitionChunks.utf8Length(text.toString()) > max);
        }
    }

    @Test
    void split_emptyText_isOneEmptySlice() {
        assertThat(TransitionChunks.split("", 10)).containsExactly("");
    }
}
