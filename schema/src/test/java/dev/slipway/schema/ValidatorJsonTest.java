package dev.slipway.schema;

import static dev.slipway.schema.TestData.big;
import static dev.slipway.schema.TestData.lit;
import static dev.slipway.schema.TestData.num;
import static dev.slipway.schema.TestData.opt;
import static dev.slipway.schema.TestData.str;
import static dev.slipway.schema.TestData.union;
import static dev.slipway.schema.TestData.vobj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.value.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidatorJsonTest {

    static List<Map.Entry<String, String>> fixtures() {
        return List.copyOf(TestData.validatorFixtures().entrySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void toJson_realExport_roundTripsExactly(Map.Entry<String, String> fixture) {
        Validator parsed = Validator.parse(fixture.getValue());
        assertThat(parsed.toJson()).isEqualTo(fixture.getValue());
        assertThat(Validator.parse(parsed.toJson())).isEqualTo(parsed);
    }

    @Test
    void parse_fixtures_haveTheExpectedShapes() {
        assertThat(Validator.parse(TestData.fixture("number"))).isEqualTo(new Validator.Float64());
        assertThat(Validator.parse(TestData.fixture("bigint"))).isEqualTo(new Validator.Int64());
        assertThat(Validator.parse(TestData.fixture("commitTs"))).isEqualTo(new Validator.CommitTs());
        assertThat(Validator.parse(TestData.fixture("literalInt"))).isEqualTo(lit(big(1)));
        assertThat(Validator.parse(TestData.fixture("literalNegInt"))).isEqualTo(lit(big(-42)));
        assertThat(Validator.parse(TestData.fixture("literalNumber"))).isEqualTo(lit(num(1.5)));
        assertThat(Validator.parse(TestData.fixture("literalNaN"))).isEqualTo(lit(num(Double.NaN)));
        assertThat(Validator.parse(TestData.fixture("literalNegZero"))).isEqualTo(lit(num(-0.0)));
        assertThat(Validator.parse(TestData.fixture("literalBig"))).isEqualTo(lit(num(1e21)));
        assertThat(Validator.parse(TestData.fixture("literalString"))).isEqualTo(lit(str("a\"bé\n")));
        assertThat(Validator.parse(TestData.fixture("optionalTopLevel"))).isEqualTo(new Validator.Str());
        assertThat(Validator.parse(TestData.fixture("unionEmpty"))).isEqualTo(union());
        assertThat(Validator.parse(TestData.fixture("recordUnionKeys")))
                .isEqualTo(new Validator.RecordOf(
                        union(new Validator.Id("users"), new Validator.Str()), new Validator.Any()));
        assertThat(Validator.parse(TestData.fixture("object")))
                .isEqualTo(vobj(
                        "name",
                        new Validator.Str(),
                        "age",
                        opt(new Validator.Float64()),
                        "tags",
                        new Validator.Array(new Validator.Str())));
        assertThat(Validator.parse(TestData.fixture("args.queryNoArgs"))).isEqualTo(new Validator.Any());
        assertThat(Validator.parse(TestData.fixture("args.actionEmpty"))).isEqualTo(vobj());
    }

    @Test
    void equals_objectFieldOrder_isIgnored() {
        Validator ab = Validator.parse(
                "{\"type\":\"object\",\"value\":{\"a\":{\"fieldType\":{\"type\":\"string\"},\"optional\":false},"
                        + "\"b\":{\"fieldType\":{\"type\":\"null\"},\"optional\":true}}}");
        Validator ba = Validator.parse("{\"value\":{\"b\":{\"optional\":true,\"fieldType\":{\"type\":\"null\"}},"
                + "\"a\":{\"fieldType\":{\"type\":\"string\"},\"optional\":false}},\"type\":\"object\"}");
        assertThat(ab).isEqualTo(ba).hasSameHashCodeAs(ba);
        assertThat(ba.toJson()).startsWith("{\"type\":\"object\",\"value\":{\"b\":");
    }

    @Test
    void parse_legacyMapAndSet_readAsAny() {
        assertThat(Validator.parse(
                        "{\"type\":\"map\",\"keys\":{\"type\":\"string\"},\"values\":{\"type\":\"string\"}}"))
                .isEqualTo(new Validator.Any());
        assertThat(Validator.parse("{\"type\":\"set\",\"value\":{\"type\":\"string\"}}"))
                .isEqualTo(new Validator.Any());
    }

    @Test
    void parse_unknownKeys_areIgnored() {
        assertThat(Validator.parse("{\"type\":\"string\",\"isOptional\":\"required\"}"))
                .isEqualTo(new Validator.Str());
    }

    @Test
    void parse_unknownTypeDeepInside_namesTheJsonPath() {
        String json = "{\"type\":\"object\",\"value\":{\"author\":{\"fieldType\":{\"type\":\"array\","
                + "\"value\":{\"type\":\"strng\"}},\"optional\":false}}}";
        assertThatThrownBy(() -> Validator.parse(json))
                .isInstanceOfSatisfying(
                        SchemaException.class, e -> assertThat(e.code()).isEqualTo(SchemaException.INVALID_VALIDATOR))
                .hasMessage("Invalid validator JSON at $.value.author.fieldType.value.type: unknown validator type"
                        + " \"strng\"");
    }

    @Test
    void parse_structuralErrors_nameThePathAndWhatWasFound() {
        assertThatThrownBy(() -> Validator.parse("[1]"))
                .hasMessage("Invalid validator JSON at $: expected an object, found an array");
        assertThatThrownBy(() -> Validator.parse("{\"value\":1}"))
                .hasMessage("Invalid validator JSON at $: the key \"type\" is missing");
        assertThatThrownBy(() -> Validator.parse("{\"type\":7}"))
                .hasMessage("Invalid validator JSON at $.type: expected a string, found the number 7");
        assertThatThrownBy(() -> Validator.parse("{\"type\":\"union\",\"value\":[{\"type\":\"null\"},{}]}"))
                .hasMessage("Invalid validator JSON at $.value[1]: the key \"type\" is missing");
        assertThatThrownBy(() -> Validator.parse(
                        "{\"type\":\"object\",\"value\":{\"a b\":{\"fieldType\":{\"type\":\"null\"},\"optional\":1}}}"))
                .hasMessage("Invalid validator JSON at $.value[\"a b\"].optional: expected true or false, found the"
                        + " number 1");
        assertThatThrownBy(() -> Validator.parse("{\"type\":\"id\"}"))
                .hasMessage("Invalid validator JSON at $: the key \"tableName\" is missing");
    }

    @Test
    void parse_malformedJson_isInvalidValidator() {
        assertThatThrownBy(() -> Validator.parse("{\"type\":"))
                .isInstanceOfSatisfying(
                        SchemaException.class, e -> assertThat(e.code()).isEqualTo(SchemaException.INVALID_VALIDATOR))
                .hasMessageStartingWith("Invalid validator JSON: malformed JSON: ");
        assertThatThrownBy(() -> Validator.parse("")).hasMessage("Invalid validator JSON: the text is empty");
        assertThatThrownBy(() -> Validator.parse("{\"type\":\"null\"} {}"))
                .hasMessage("Invalid validator JSON: unexpected text after the JSON value");
        assertThatThrownBy(() -> Validator.parse("{\"type\":\"null\",\"type\":\"string\"}"))
                .hasMessage("Invalid validator JSON: the key \"type\" appears twice in one object");
    }

    @Test
    void parse_recordWithNonStringKeys_isInvalidRecordType() {
        String json = "{\"type\":\"record\",\"keys\":{\"type\":\"number\"},"
                + "\"values\":{\"fieldType\":{\"type\":\"number\"},\"optional\":false}}";
        assertThatThrownBy(() -> Validator.parse(json))
                .isInstanceOfSatisfying(
                        SchemaException.class, e -> assertThat(e.code()).isEqualTo("InvalidRecordType"))
                .hasMessage("Invalid validator at $: Records can only have string keys. Your validator contains a"
                        + " record with key typed as `v.float64()`, which is not a subtype of `v.string()`");
        String anyKeys = json.replace("\"keys\":{\"type\":\"number\"}", "\"keys\":{\"type\":\"any\"}");
        assertThatThrownBy(() -> Validator.parse(anyKeys)).hasMessageContaining("key typed as `v.any()`");
    }

    @Test
    void parse_recordWithLiteralKeysOrOptionalValues_isInvalidRecordType() {
        String literalKeys = "{\"type\":\"record\",\"keys\":{\"type\":\"union\",\"value\":[{\"type\":\"string\"},"
                + "{\"type\":\"literal\",\"value\":\"abc\"}]},\"values\":{\"fieldType\":{\"type\":\"number\"},"
                + "\"optional\":false}}";
        assertThatThrownBy(() -> Validator.parse(literalKeys))
                .hasMessage("Invalid validator at $: Records cannot have string literal keys");
        String optionalValues = "{\"type\":\"record\",\"keys\":{\"type\":\"id\",\"tableName\":\"users\"},"
                + "\"values\":{\"fieldType\":{\"type\":\"number\"},\"optional\":true}}";
        assertThatThrownBy(() -> Validator.parse(optionalValues))
                .isInstanceOfSatisfying(
                        SchemaException.class, e -> assertThat(e.code()).isEqualTo("InvalidRecordType"))
                .hasMessage("Invalid validator JSON at $.values: Records cannot have optional values");
    }

    @Test
    void parse_badLiteral_namesThePath() {
        assertThatThrownBy(() -> Validator.parse("{\"type\":\"literal\",\"value\":null}"))
                .hasMessage("Invalid validator at $.value: a literal must be a string, a number, a bigint or a"
                        + " boolean, not null");
        assertThatThrownBy(() -> Validator.parse("{\"type\":\"literal\",\"value\":{\"$integer\":\"AQ\"}}"))
                .hasMessageStartingWith(
                        "Invalid validator JSON at $.value: the literal is not a Convex-JSON value: Invalid value");
        assertThatThrownBy(() -> Validator.parse("{\"type\":\"literal\",\"value\":[1]}"))
                .hasMessageContaining("not [1.0]");
    }

    @Test
    void parse_badNames_areRefused() {
        assertThatThrownBy(() -> Validator.parse("{\"type\":\"id\",\"tableName\":\"my-table\"}"))
                .hasMessageStartingWith(
                        "Invalid validator at $.tableName: v.id() needs a table name, and \"my-table\" is not one");
        assertThatThrownBy(
                        () -> Validator.parse(
                                "{\"type\":\"object\",\"value\":{\"$x\":{\"fieldType\":{\"type\":\"null\"},\"optional\":false}}}"))
                .hasMessageStartingWith(
                        "Invalid validator at $.value: object validator field \"$x\" is not a valid field name");
    }

    @Test
    void constructors_enforceTheirRules() {
        assertThatThrownBy(() -> new Validator.Literal(Value.Null.INSTANCE)).isInstanceOf(SchemaException.class);
        assertThatThrownBy(() -> new Validator.Id("")).isInstanceOf(SchemaException.class);
        assertThatThrownBy(() -> vobj("9lives", new Validator.Str())).isInstanceOf(SchemaException.class);
        assertThatThrownBy(() -> new Validator.RecordOf(new Validator.Bool(), new Validator.Str()))
                .isInstanceOf(SchemaException.class);
        assertThat(new Validator.RecordOf(union(), new Validator.Str()).keys()).isEqualTo(union());
    }
}
