package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void compareAndLength_randomStrings_matchEncodedBytes() {
        Seeds.run(Seeds.seed(), seed -> {
            RandomValues random = new RandomValues(seed);
            for (int i = 0; i < 20_000; i++) {
                String a = random.string();
                String b = i % 2 == 0 ? a + random.string() : random.string();
                byte[] x = a.getBytes(StandardCharsets.UTF_8);
                byte[] y = b.getBytes(StandardCharsets.UTF_8);
                assertThat(Integer.signum(Utf8.compare(a, b))).isEqualTo(Integer.signum(Arrays.compareUnsigned(x, y)));
                assertThat(Utf8.encodedLength(a)).isEqualTo(x.length);
            }
        });
    }

    @Test
    void firstUnpairedSurrogate_findsLoneHalves() {
        assertThat(Utf8.firstUnpairedSurrogate("a😀b")).isEqualTo(-1);
        assertThat(Utf8.firstUnpairedSurrogate("a\ud83d")).isEqualTo(1);
        assertThat(Utf8.firstUnpairedSurrogate("\ude00x")).isZero();
        assertThat(Utf8.firstUnpairedSurrogate("😀\ude00")).isEqualTo(2);
    }

    @Test
    void jsNumbers_oneDigitCandidates_areChosenLikeJs() {
        // Java's Double.toString gives two digits here; JavaScript gives one.
        assertThat(JsNumbers.toJs(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(JsNumbers.toJs(-Double.MIN_VALUE)).isEqualTo("-5e-324");
        assertThat(JsNumbers.toJs(3 * Double.MIN_VALUE)).isEqualTo("1.5e-323");
        assertThat(JsNumbers.toJs(2e22)).isEqualTo("2e+22");
        assertThat(JsNumbers.toJs(1e-6)).isEqualTo("0.000001");
        assertThat(JsNumbers.toJs(1.2e-6)).isEqualTo("0.0000012");
        assertThat(JsNumbers.toJs(123e-20)).isEqualTo("1.23e-18");
        assertThat(JsNumbers.toJs(-0.0)).isEqualTo("0");
    }
}
