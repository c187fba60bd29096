package dev.slipway.schema;

import static dev.slipway.schema.TestData.arr;
import static dev.slipway.schema.TestData.big;
import static dev.slipway.schema.TestData.bool;
import static dev.slipway.schema.TestData.id;
import static dev.slipway.schema.TestData.lit;
import static dev.slipway.schema.TestData.nul;
import static dev.slipway.schema.TestData.num;
import static dev.slipway.schema.TestData.obj;
import static dev.slipway.schema.TestData.opt;
import static dev.slipway.schema.TestData.str;
import static dev.slipway.schema.TestData.union;
import static dev.slipway.schema.TestData.vobj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidationTest {
    private static final TableResolver TABLES =
            TableResolver.of(Map.of("users", 10001, "tasks", 10002, "_storage", 513));
    private static final String USER = id(10001, 1);
    private static final String TASK = id(10002, 1);
    private static final String STORAGE = id(513, 1);
    private static final String UNKNOWN_TABLE = id(10099, 1);

    private static final List<Value> SAMPLES =
            List.of(nul(), big(1), num(1), bool(true), str("s"), new Value.Bytes(new byte[] {1}), arr(), obj());

    private static ValidationError error(Validator validator, Value value) {
        return validator.validate(value, TABLES).orElseThrow(() -> new AssertionError("expected an error"));
    }

    private static void assertAcceptsOnly(Validator validator, Class<?>... kinds) {
        for (Value sample : SAMPLES) {
            boolean expected = List.of(kinds).contains(sample.getClass());
            assertThat(validator.validate(sample).isEmpty())
                    .as("%s accepts %s", validator, sample)
                    .isEqualTo(expected);
        }
    }

    @Test
    void validate_simpleValidators_acceptOnlyTheirType() {
        assertAcceptsOnly(new Validator.Null(), Value.Null.class);
        assertAcceptsOnly(new Validator.Float64(), Value.Float64.class);
        assertAcceptsOnly(new Validator.Int64(), Value.Int64.class);
        assertAcceptsOnly(new Validator.CommitTs(), Value.Int64.class);
        assertAcceptsOnly(new Validator.Bool(), Value.Bool.class);
        assertAcceptsOnly(new Validator.Str(), Value.Str.class);
        assertAcceptsOnly(new Validator.Bytes(), Value.Bytes.class);
        assertAcceptsOnly(new Validator.Array(new Validator.Any()), Value.Array.class);
        assertAcceptsOnly(vobj(), Value.Obj.class);
        assertAcceptsOnly(
                new Validator.Any(),
                Value.Null.class,
                Value.Int64.class,
                Value.Float64.class,
                Value.Bool.class,
                Value.Str.class,
                Value.Bytes.class,
                Value.Array.class,
                Value.Obj.class);
    }

    @Test
    void validate_numberGotBigint_isNoMatchWithConvexText() {
        assertThat(error(new Validator.Float64(), big(3)).message())
                .isEqualTo("Value does not match validator.\n\nValue: 3n\nValidator: v.float64()");
        assertThat(error(new Validator.Int64(), num(3)).message())
                .isEqualTo("Value does not match validator.\n\nValue: 3.0\nValidator: v.int64()");
    }

    @Test
    void validate_literal_isExact() {
        assertThat(lit(big(1)).validate(big(1))).isEmpty();
        assertThat(lit(big(1)).validate(num(1))).isPresent();
        assertThat(lit(num(0)).validate(num(-0.0))).isPresent();
        assertThat(lit(num(Double.NaN)).validate(num(Double.NaN))).isEmpty();
        assertThat(lit(str("a")).validate(str("a"))).isEmpty();
        assertThat(lit(bool(false)).validate(bool(true))).isPresent();
        ValidationError e = error(vobj("kind", lit(str("text"))), obj("kind", str("image")));
        assertThat(e).isInstanceOf(ValidationError.LiteralMismatch.class);
        assertThat(e.path()).isEqualTo(".kind");
        assertThat(e.message())
                .isEqualTo("`\"image\"` does not match literal validator `v.literal(\"text\")`.\nPath: .kind");
    }

    @Test
    void validate_missingRequiredField_hasConvexWording() {
        Validator v = vobj("schedule", new Validator.Str(), "token", new Validator.Str());
        ValidationError e = error(v, obj("token", str("abc")));
        assertThat(e)
                .isEqualTo(
                        new ValidationError.MissingField("", "schedule", obj("token", str("abc")), (Validator.Obj) v));
        assertThat(ValidationException.of(ValidationException.ARGUMENTS, e).getMessage())
                .isEqualTo("ArgumentValidationError: Object is missing the required field `schedule`. Consider"
                        + " wrapping the field validator in `v.optional(...)` if this is expected.\n\n"
                        + "Object: {token: \"abc\"}\n"
                        + "Validator: v.object({schedule: v.string(), token: v.string()})");
    }

    @Test
    void validate_extraField_hasConvexWording() {
        Validator v = vobj("token", new Validator.Str(), "schedule", new Validator.Str());
        ValidationError e = error(v, obj("extra", num(1), "schedule", str("cycle"), "token", str("t")));
        assertThat(e.message()).isEqualTo("""
                        Object contains extra field `extra` that is not in the validator.

                        Object: {extra: 1.0, schedule: "cycle", token: "t"}
                        Validator: v.object({schedule: v.string(), token: v.string()})""");
    }

    @Test
    void validate_optionalField_mayBeAbsentButNotWrong() {
        Validator v = vobj("name", new Validator.Str(), "age", opt(new Validator.Float64()));
        assertThat(v.validate(obj("name", str("ann")))).isEmpty();
        assertThat(v.validate(obj("name", str("ann"), "age", num(3)))).isEmpty();
        ValidationError e = error(v, obj("name", str("ann"), "age", nul()));
        assertThat(e.path()).isEqualTo(".age");
        assertThat(e.message())
                .isEqualTo("Value does not match validator.\nPath: .age\nValue: null\nValidator: v.float64()");
    }

    @Test
    void validate_nestedPaths_nameFieldsAndElements() {
        Validator v =
                vobj("author", vobj("name", new Validator.Str()), "tags", new Validator.Array(new Validator.Str()));
        assertThat(error(v, obj("author", obj("name", num(1)), "tags", arr())).path())
                .isEqualTo(".author.name");
        assertThat(error(v, obj("author", obj("name", str("a")), "tags", arr(str("a"), str("b"), num(2), num(3))))
                        .path())
                .isEqualTo(".tags[2]");
        ValidationError missing = error(v, obj("author", obj(), "tags", arr()));
        assertThat(missing.path()).isEqualTo(".author");
        assertThat(missing.message()).contains("\nPath: .author\nObject: {}\nValidator: v.object({name: v.string()})");
    }

    @Test
    void validate_objectErrors_comeInConvexOrder() {
        // Declared fields by name first (a missing "b" before a wrong "c"), extra fields last.
        Validator v = vobj("c", new Validator.Str(), "b", new Validator.Str(), "a", opt(new Validator.Str()));
        assertThat(error(v, obj("c", num(1), "z", nul())))
                .isInstanceOfSatisfying(
                        ValidationError.MissingField.class,
                        e -> assertThat(e.field()).isEqualTo("b"));
        assertThat(error(v, obj("b", str("x"), "c", num(1), "z", nul())).path()).isEqualTo(".c");
        assertThat(error(v, obj("b", str("x"), "c", str("y"), "z", nul(), "y", nul())))
                .isInstanceOfSatisfying(
                        ValidationError.ExtraField.class,
                        e -> assertThat(e.field()).isEqualTo("y"));
    }

    @Test
    void validate_record_checksKeysThenValues() {
        Validator v = new Validator.RecordOf(new Validator.Id("users"), new Validator.Float64());
        assertThat(v.validate(obj(USER, num(1)), TABLES)).isEmpty();
        assertThat(v.validate(obj(), TABLES)).isEmpty();
        ValidationError badKey = error(v, obj(USER, num(1), "hello", num(0)));
        assertThat(badKey.path()).isEqualTo(".keys()");
        assertThat(badKey.message())
                .isEqualTo(
                        "Value does not match validator.\nPath: .keys()\nValue: \"hello\"\nValidator: v.id(\"users\")");
        ValidationError badValue = error(vobj("scores", v), obj("scores", obj(USER, bool(true))));
        assertThat(badValue.path()).isEqualTo(".scores." + USER);
        assertThat(error(new Validator.RecordOf(new Validator.Str(), new Validator.Str()), obj("a b", nul()))
                        .path())
                .isEqualTo("[\"a b\"]");
        assertThat(error(v, str("x")).message())
                .isEqualTo("Value does not match validator.\n\nValue: \"x\"\nValidator: v.record(v.id(\"users\"),"
                        + " v.float64())");
    }

    @Test
    void validate_union_matchesAnyMemberAndReportsTheUnion() {
        Validator v = union(new Validator.Str(), new Validator.Null());
        assertThat(v.validate(str("a"))).isEmpty();
        assertThat(v.validate(nul())).isEmpty();
        assertThat(error(v, bool(true)).message())
                .isEqualTo("Value does not match validator.\n\nValue: true\nValidator: v.union(v.string(), v.null())");
        // A single member reports its own, more precise, error.
        assertThat(error(union(vobj("a", new Validator.Str())), obj()))
                .isInstanceOf(ValidationError.MissingField.class);
        assertThat(error(union(), nul()).message()).endsWith("Validator: v.union()");
    }

    @Test
    void validate_id_checksTheTableWhenResolverGiven() {
        Validator v = new Validator.Id("users");
        assertThat(v.validate(str(USER), TABLES)).isEmpty();
        assertThat(v.validate(str(TASK))).as("no resolver: any valid ID").isEmpty();
        assertThat(v.validate(str("not-an-id"))).isPresent();
        assertThat(error(v, str(TASK)).message())
                .isEqualTo("Found ID \"" + TASK + "\" from table `tasks`, which does not match the table name in"
                        + " validator `v.id(\"users\")`.");
        assertThat(error(vobj("owner", v), obj("owner", str(STORAGE))).message())
                .isEqualTo("Found ID \"" + STORAGE + "\" from a system table, which does not match the table name"
                        + " in validator `v.id(\"users\")`.\nPath: .owner");
        assertThat(error(v, str(UNKNOWN_TABLE))).isInstanceOf(ValidationError.NoMatch.class);
        assertThat(error(v, str(USER.toUpperCase(java.util.Locale.ROOT)))).isInstanceOf(ValidationError.NoMatch.class);
        assertThat(error(v, num(1))).isInstanceOf(ValidationError.NoMatch.class);
    }

    @Test
    void validate_commitTs_acceptsAnyInt64() {
        assertThat(new Validator.CommitTs().validate(big(Long.MAX_VALUE))).isEmpty();
        assertThat(error(new Validator.CommitTs(), num(1)).message()).endsWith("Validator: v.commitTs()");
    }

    @Test
    void message_longValues_areCut() {
        Value.Str big = str("x".repeat(5000));
        String message = error(new Validator.Float64(), big).message();
        assertThat(message).hasSizeLessThan(1100).contains("xxx...\nValidator: v.float64()");
        Value.Array many = Value.Array.of(
                java.util.Collections.nCopies(2000, (Value) num(1.5)).toArray(Value[]::new));
        assertThat(error(new Validator.Str(), many).message())
                .hasSizeLessThan(1100)
                .contains("1.5, 1.5");
    }

    @Test
    void message_rendersEveryKindOfValue() {
        Value value = obj(
                "b", new Value.Bytes(new byte[] {0, 16, (byte) 131}),
                "f", arr(num(0.5), num(-0.0), num(1e21), num(Double.NaN), num(Double.NEGATIVE_INFINITY)),
                "i", big(-2),
                "odd key", bool(false),
                "s", str("q\"\n"));
        assertThat(error(new Validator.Null(), value).message())
                .contains("Value: {b: b\"ABCD\", f: [0.5, -0.0, 1e21, NaN, -Infinity], i: -2n, \"odd key\": false,"
                        + " s: \"q\\\"\\n\"}");
    }

    @Test
    void exception_carriesCodeAndError() {
        ValidationError e = error(new Validator.Str(), nul());
        ValidationException ex = ValidationException.of(ValidationException.RETURNS, e);
        assertThat(ex.code()).isEqualTo("ReturnsValidationError");
        assertThat(ex.error()).isSameAs(e);
        assertThat(ex.getMessage()).startsWith("ReturnsValidationError: Value does not match validator.");
    }

    @Test
    void validate_deepValue_passesWithoutError() {
        Validator v = new Validator.Any();
        Value deep = nul();
        Validator dv = new Validator.Null();
        for (int i = 0; i < 60; i++) {
            deep = arr(deep);
            dv = new Validator.Array(dv);
        }
        assertThat(v.validate(deep)).isEmpty();
        assertThat(dv.validate(deep)).isEqualTo(Optional.empty());
    }
}
