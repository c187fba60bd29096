package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueFormatTest {
    private static final Value SAMPLE = Value.Obj.of(Map.of(
            "i", new Value.Int64(-42),
            "f", new Value.Float64(1.5),
            "one", new Value.Float64(1),
            "nan", new Value.Float64(Double.NaN),
            "inf", new Value.Float64(Double.NEGATIVE_INFINITY),
            "z", new Value.Float64(-0.0),
            "b", new Value.Bytes(new byte[] {0, 16, (byte) 131}),
            "s", new Value.Str("x"),
            "a", Value.Array.of(Value.Null.INSTANCE, new Value.Bool(true))));

    @ParameterizedTest
    @CsvSource({
        "convex_encoded_json, CONVEX_ENCODED_JSON",
        "convex_json, CONVEX_ENCODED_JSON",
        "json, JSON",
        "convex_clean_json, JSON",
        "export_json, EXPORT_JSON"
    })
    void parse_wireNamesAndAliases_areAccepted(String wire, ValueFormat expected) {
        assertThat(ValueFormat.parse(wire)).isEqualTo(expected);
    }

    @Test
    void parse_unknown_failsWithBadFormat() {
        assertThatThrownBy(() -> ValueFormat.parse("JSON"))
                .isInstanceOfSatisfying(
                        SlipwayException.class, e -> assertThat(e.code()).isEqualTo("BadFormat"))
                .hasMessageContaining("Unknown value format \"JSON\"");
    }

    @Test
    void wireName_isCanonical() {
        assertThat(ValueFormat.JSON.wireName()).isEqualTo("json");
        assertThat(ValueFormat.CONVEX_ENCODED_JSON.wireName()).isEqualTo("convex_encoded_json");
        assertThat(ValueFormat.EXPORT_JSON.wireName()).isEqualTo("export_json");
    }

    @Test
    void encode_cleanJson_isLossyAndReadable() {
        assertThat(ValueFormat.JSON.encode(SAMPLE))
                .isEqualTo("{\"a\":[null,true],\"b\":\"ABCD\",\"f\":1.5,\"i\":\"-42\",\"inf\":\"-Infinity\","
                        + "\"nan\":\"NaN\",\"one\":1,\"s\":\"x\",\"z\":-0}");
        assertThat(ValueFormat.JSON.encode(new Value.Float64(Double.POSITIVE_INFINITY)))
                .isEqualTo("\"Infinity\"");
    }

    @Test
    void encode_exportJson_keepsIntsAndFloatsApart() {
        assertThat(ValueFormat.EXPORT_JSON.encode(SAMPLE))
                .isEqualTo("{\"a\":[null,true],\"b\":{\"$bytes\":\"ABCD\"},\"f\":1.5,\"i\":-42,"
                        + "\"inf\":{\"$float\":\"AAAAAAAA8P8=\"},\"nan\":{\"$float\":\"AAAAAAAA+H8=\"},\"one\":1.0,"
                        + "\"s\":\"x\",\"z\":-0.0}");
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1.0",
        "0, 0.0",
        "-0.0, -0.0",
        "1.5, 1.5",
        "1e15, 1000000000000000.0",
        "1e16, 1e16",
        "1.5e16, 1.5e16",
        "123456789012345.6, 123456789012345.6",
        "0.0001, 0.0001",
        "0.00001, 0.00001",
        "0.000001, 1e-6",
        "1.25e-7, 1.25e-7",
        "1e21, 1e21",
        "1.5e300, 1.5e300",
        "-2.5e-300, -2.5e-300",
        "4.9e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e308"
    })
    void encode_exportJsonFloat_usesRustForm(double value, String expected) {
        assertThat(ValueFormat.EXPORT_JSON.encode(new Value.Float64(value))).isEqualTo(expected);
    }

    @Test
    void encode_convexEncodedJson_equalsConvexJson() {
        assertThat(ValueFormat.CONVEX_ENCODED_JSON.encode(SAMPLE)).isEqualTo(ConvexJson.encode(SAMPLE));
    }
}
