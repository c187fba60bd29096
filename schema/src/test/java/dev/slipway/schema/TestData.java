package dev.slipway.schema;

import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Short builders for values and validators, and the fixtures generated with convex 1.48.0. */
final class TestData {
    private TestData() {}

    static Value.Str str(String s) {
        return new Value.Str(s);
    }

    static Value.Float64 num(double d) {
        return new Value.Float64(d);
    }

    static Value.Int64 big(long l) {
        return new Value.Int64(l);
    }

    static Value.Bool bool(boolean b) {
        return new Value.Bool(b);
    }

    static Value.Null nul() {
        return Value.Null.INSTANCE;
    }

    static Value.Array arr(Value... elements) {
        return Value.Array.of(elements);
    }

    /** An object from alternating keys and values. */
    static Value.Obj obj(Object... keysAndValues) {
        TreeMap<String, Value> fields = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], (Value) keysAndValues[i + 1]);
        }
        return new Value.Obj(fields);
    }

    /** An object validator from alternating names and validators or fields. */
    static Validator.Obj vobj(Object... namesAndValidators) {
        Map<String, Validator.Field> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValidators.length; i += 2) {
            Object v = namesAndValidators[i + 1];
            fields.put(
                    (String) namesAndValidators[i],
                    v instanceof Validator.Field f ? f : Validator.Field.required((Validator) v));
        }
        return new Validator.Obj(fields);
    }

    static Validator.Field opt(Validator v) {
        return Validator.Field.optional(v);
    }

    static Validator.Union union(Validator... members) {
        return new Validator.Union(List.of(members));
    }

    static Validator.Literal lit(Value v) {
        return new Validator.Literal(v);
    }

    /** The ID string of a document in table {@code tableNumber}, with internal id bytes {@code seed, seed+1, ...}. */
    static String id(int tableNumber, int seed) {
        byte[] bytes = new byte[InternalId.LENGTH];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed + i);
        }
        return new DocumentId(tableNumber, new InternalId(bytes)).encode();
    }

    /** A test resource of this package, as text. */
    static String resource(String name) {
        try (InputStream in = TestData.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The validator JSON named {@code name} in {@code validators.txt}. */
    static String fixture(String name) {
        String json = validatorFixtures().get(name);
        if (json == null) {
            throw new IllegalStateException("no validator fixture " + name);
        }
        return json;
    }

    /** The validators of {@code validators.txt}: name → validator JSON exactly as convex 1.48.0 writes it. */
    static Map<String, String> validatorFixtures() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : resource("validators.txt").split("\n", -1)) {
            if (!line.isBlank()) {
                int space = line.indexOf(' ');
                out.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return out;
    }
}
