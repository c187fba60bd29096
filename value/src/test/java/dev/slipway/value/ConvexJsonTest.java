package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConvexJsonTest {

    @Test
    void encode_referenceExamples_matchTheSpec() {
        assertThat(ConvexJson.encode(new Value.Int64(1))).isEqualTo("{\"$integer\":\"AQAAAAAAAAA=\"}");
        assertThat(ConvexJson.encode(new Value.Int64(-1))).isEqualTo("{\"$integer\":\"//////////8=\"}");
        assertThat(ConvexJson.encode(new Value.Int64(42))).isEqualTo("{\"$integer\":\"KgAAAAAAAAA=\"}");
        assertThat(ConvexJson.encode(new Value.Float64(Double.NaN))).isEqualTo("{\"$float\":\"AAAAAAAA+H8=\"}");
        assertThat(ConvexJson.encode(new Value.Float64(Double.POSITIVE_INFINITY)))
                .isEqualTo("{\"$float\":\"AAAAAAAA8H8=\"}");
        assertThat(ConvexJson.encode(new Value.Float64(Double.NEGATIVE_INFINITY)))
                .isEqualTo("{\"$float\":\"AAAAAAAA8P8=\"}");
        assertThat(ConvexJson.encode(new Value.Float64(-0.0))).isEqualTo("{\"$float\":\"AAAAAAAAAIA=\"}");
        assertThat(ConvexJson.encode(new Value.Bytes(new byte[] {0, 16, (byte) 131})))
                .isEqualTo("{\"$bytes\":\"ABCD\"}");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1|1",
                "1.5e300|1.5e+300",
                "1e21|1e+21",
                "1e20|100000000000000000000",
                "0.000001|0.000001",
                "1e-7|1e-7",
                "0.1|0.1",
                "-2.5|-2.5",
                "123456789012345680000|123456789012345680000",
                "4.9e-324|5e-324",
                "1.7976931348623157e308|1.7976931348623157e+308",
                "0.30000000000000004|0.30000000000000004",
                "2e-323|2e-323",
                "1e-323|1e-323",
                "0|0"
            })
    void encode_float_matchesJsNumberToString(double value, String expected) {
        assertThat(ConvexJson.encode(new Value.Float64(value))).isEqualTo(expected);
    }

    @Test
    void encode_string_escapesLikeJsonStringify() {
        String s = "q\"b\\\b\f\n\r\t\u0001\u001f\u007f\u2028é😀";
        assertThat(ConvexJson.encode(new Value.Str(s)))
                .isEqualTo("\"q\\\"b\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\u2028é😀\"");
    }

    @Test
    void encode_objectKeys_arrayIndicesFirstThenSorted() {
        Value obj = Value.Obj.of(Map.of(
                "b", Value.Null.INSTANCE,
                "10", Value.Null.INSTANCE,
                "2", Value.Null.INSTANCE,
                "02", Value.Null.INSTANCE,
                "A", Value.Null.INSTANCE,
                "4294967295", Value.Null.INSTANCE));
        assertThat(ConvexJson.encode(obj))
                .isEqualTo("{\"2\":null,\"10\":null,\"02\":null,\"4294967295\":null,\"A\":null,\"b\":null}");
    }

    @Test
    void decode_plainNumbers_areFloat64() {
        assertThat(ConvexJson.decode("5")).isEqualTo(new Value.Float64(5));
        assertThat(ConvexJson.decode("5.0")).isEqualTo(new Value.Float64(5));
        assertThat(ConvexJson.decode("-0")).isEqualTo(new Value.Float64(-0.0));
        assertThat(ConvexJson.decode("123456789012345678901234567890"))
                .isEqualTo(new Value.Float64(1.2345678901234568e29));
    }

    @Test
    void decode_specialObjects_decode() {
        assertThat(ConvexJson.decode("{\"$integer\":\"//////////8=\"}")).isEqualTo(new Value.Int64(-1));
        assertThat(ConvexJson.decode("{\"$float\":\"AAAAAAAAAIA=\"}")).isEqualTo(new Value.Float64(-0.0));
        assertThat(ConvexJson.decode("{\"$bytes\":\"\"}")).isEqualTo(new Value.Bytes(new byte[0]));
    }

    @Test
    void decode_floatHoldingNormalNumber_isRejected() {
        String one = "{\"$float\":\"AAAAAAAA8D8=\"}";
        assertThatThrownBy(() -> ConvexJson.decode("{\"a\":[" + one + "]}"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(".a[0]")
                .hasMessageContaining("should be encoded as a number");
    }

    @Test
    void decode_errors_namePathAndRule() {
        assertThatThrownBy(() -> ConvexJson.decode("{\"messages\":[1,2,3,{\"body\":\"\\ud800\"}]}"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("Invalid value at .messages[3].body: string has an unpaired surrogate U+D800 at index 0"
                        + " (Convex strings must be valid Unicode)")
                .extracting(e -> ((SlipwayException) e).code())
                .isEqualTo("InvalidValue");
    }

    @Test
    void decodeEncode_randomValues_roundTrip() {
        Seeds.run(Seeds.seed(), seed -> {
            RandomValues random = new RandomValues(seed);
            for (int i = 0; i < 5000; i++) {
                Value value = random.value(4);
                String json = ConvexJson.encode(value);
                assertThat(ConvexJson.decode(json)).as(json).isEqualTo(value);
                assertThat(ConvexJson.encode(ConvexJson.decode(json))).isEqualTo(json);
            }
        });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"$set\":[]}|| received a Set ($set), which is no longer a supported Convex type",
                "{\"$map\":[]}|| received a Map ($map), which is no longer a supported Convex type",
                "{\"a\":{\"$foo\":1}}|.a| field name \"$foo\" starts with '$', which is reserved",
                "{\"$integer\":\"AQAAAAAAAAA=\",\"b\":1}|| field name \"$integer\" starts with '$', which is reserved",
                "{\"b\":1,\"$integer\":\"AQAAAAAAAAA=\"}|| field name \"$integer\" starts with '$', which is reserved",
                "{\"$integer\":1}|| malformed $integer field: it must hold a base64 string",
                "{\"$integer\":\"AQAA\"}|| malformed $integer field: it holds 3 bytes, expected 8",
                "{\"$bytes\":\"!!\"}|| malformed $bytes field",
                "{\"$commitTs\":null}|| commit-timestamp placeholders",
                "[{\"a\\u0001\":1}]|[0]| field name \"a\\u0001\" has invalid character U+0001 at index 1",
                "{\"é\":1}|| field name \"é\" has invalid character U+00E9 at index 0",
                "[1e400]|[0]| number \"1e400\" is out of the Float64 range",
                "[1,]|| malformed JSON",
                "{\"a\":1} x|| malformed JSON",
                "''|| no JSON value",
                "[NaN]|| malformed JSON"
            })
    void decode_invalidInput_failsWithPathAndRule(String json, String path, String reason) {
        assertThatThrownBy(() -> ConvexJson.decode(json)).isInstanceOfSatisfying(InvalidValueException.class, e -> {
            assertThat(e.path()).isEqualTo(path == null ? "" : path);
            assertThat(e.reason()).startsWith(reason.strip());
        });
    }

    @Test
    void decode_fieldNameRules_acceptEdgeCases() {
        assertThat(ConvexJson.decode("{\"\":1,\"_x\":2,\"a$\":3,\"~ \":4}"))
                .isEqualTo(Value.Obj.of(Map.of(
                        "", new Value.Float64(1),
                        "_x", new Value.Float64(2),
                        "a$", new Value.Float64(3),
                        "~ ", new Value.Float64(4))));
        String longest = "k".repeat(1024);
        assertThat(ConvexJson.decode("{\"" + longest + "\":null}")).isInstanceOf(Value.Obj.class);
        assertThatThrownBy(() -> ConvexJson.decode("{\"" + longest + "k\":null}"))
                .hasMessageContaining("is too long (1025 characters > maximum 1024)");
    }

    @Test
    void decode_duplicateKeys_lastWins() {
        assertThat(ConvexJson.decode("{\"a\":1,\"a\":\"x\"}")).isEqualTo(Value.Obj.of(Map.of("a", new Value.Str("x"))));
    }

    @Test
    void decode_arrayLength_limitIs8192() {
        assertThat(ConvexJson.decode(array(8192, "0"))).isInstanceOf(Value.Array.class);
        assertThatThrownBy(() -> ConvexJson.decode("{\"a\":" + array(8193, "0") + "}"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.path()).isEqualTo(".a");
                    assertThat(e.reason()).isEqualTo("array has more than 8192 elements");
                });
    }

    @Test
    void decode_fieldCount_limitIs1024() {
        assertThat(ConvexJson.decode(object(1024))).isInstanceOf(Value.Obj.class);
        assertThatThrownBy(() -> ConvexJson.decode(object(1025)))
                .hasMessageContaining("object has more than 1024 fields");
    }

    @Test
    void decode_nesting_limitIs64() {
        assertThat(ConvexJson.decode("[".repeat(64) + "]".repeat(64))).isInstanceOf(Value.Array.class);
        assertThatThrownBy(() -> ConvexJson.decode("[".repeat(65) + "]".repeat(65)))
                .hasMessageContaining("value is nested more than 64 levels deep");
        assertThatThrownBy(() -> ConvexJson.decode("{\"a\":".repeat(65) + "1" + "}".repeat(65)))
                .hasMessageContaining("value is nested more than 64 levels deep");
    }

    @Test
    void decode_size_limitIs32MiB() {
        // A string weighs 2 + its UTF-8 length: 33554431 characters make 32 MiB + 1. (A value of
        // exactly 32 MiB passes; that case is left out to keep the suite fast.)
        String over = "[\"" + "a".repeat((1 << 25) - 1) + "\"]";
        assertThatThrownBy(() -> ConvexJson.decode(over)).isInstanceOfSatisfying(InvalidValueException.class, e -> {
            assertThat(e.path()).isEqualTo("[0]");
            assertThat(e.reason()).isEqualTo("value is too large (more than 33554432 bytes)");
        });
    }

    @Test
    void decode_size_numbersCountNineBytes() {
        // 2 + 8192 * 9 = 73730 per array of zeros; the error names the array that crosses the limit.
        String zeros = array(8192, "0");
        assertThat(((Value.Array) ConvexJson.decode(array(3, zeros))).size()).isEqualTo(2 + 3 * 73730);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0x0000000000000000",
        "-0, 0x8000000000000000",
        "-0.0, 0x8000000000000000",
        "9007199254740993, 0x4340000000000000",
        "9223372036854775807, 0x43e0000000000000",
        "-9223372036854775808, 0xc3e0000000000000",
        "18446744073709551616, 0x43f0000000000000",
        "1e-400, 0x0000000000000000",
        "2.2250738585072011e-308, 0x000fffffffffffff"
    })
    void decode_numbers_roundCorrectly(String json, String bits) {
        long expected = Long.parseUnsignedLong(bits.substring(2), 16);
        Value.Float64 value = (Value.Float64) ConvexJson.decode(json);
        assertThat(Double.doubleToRawLongBits(value.value())).isEqualTo(expected);
    }

    @Test
    void decode_parserEntryPoint_readsEmbeddedValue() throws Exception {
        try (var parser = ConvexJson.jsonFactory()
                .createParser("{\"path\":\"m:f\",\"args\":[{\"$integer\":\"AQAAAAAAAAA=\"}],\"x\":1}")) {
            parser.nextToken();
            Value args = Value.Null.INSTANCE;
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if ("args".equals(name)) {
                    args = ConvexJson.decode(parser);
                } else {
                    parser.skipChildren();
                }
            }
            assertThat(args).isEqualTo(Value.Array.of(new Value.Int64(1)));
        }
    }

    @Test
    void decode_base64WithoutPadding_isAccepted() {
        assertThat(ConvexJson.decode("{\"$bytes\":\"AA\"}")).isEqualTo(new Value.Bytes(new byte[] {0}));
    }

    private static String array(int length, String element) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < length; i++) {
            out.append(i == 0 ? "" : ",").append(element);
        }
        return out.append(']').toString();
    }

    private static String object(int fields) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < fields; i++) {
            out.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":null");
        }
        return out.append('}').toString();
    }

    @Test
    void decodePatch_undefinedFields_areEmptyAndOthersDecoded() {
        Map<String, java.util.Optional<Value>> patch = ConvexJson.decodePatch(
                "{\"b\":{\"$undefined\":null},\"a\":{\"$integer\":\"AQAAAAAAAAA=\"},\"c\":{\"x\":[1]}}");
        assertThat(patch.keySet()).containsExactly("b", "a", "c");
        assertThat(patch.get("b")).isEmpty();
        assertThat(patch.get("a")).contains(new Value.Int64(1));
        assertThat(patch.get("c"))
                .contains(Value.Obj.of(Map.of("x", new Value.Array(java.util.List.of(new Value.Float64(1))))));
    }

    @Test
    void decodePatch_nestedUndefinedOrNotAnObject_failsNamingThePath() {
        assertThatThrownBy(() -> ConvexJson.decodePatch("{\"a\":{\"b\":{\"$undefined\":null}}}"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("a.b");
        assertThatThrownBy(() -> ConvexJson.decodePatch("{\"a\":{\"$undefined\":1}}"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("$undefined");
        assertThatThrownBy(() -> ConvexJson.decodePatch("[1]"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("object");
    }
}
