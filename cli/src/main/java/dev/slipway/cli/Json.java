package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain JSON tree: what the CLI reads from and writes to the admin API, the function API and the
 * sync protocol. Unlike {@link dev.slipway.value.Value} it holds any JSON (reports, error bodies,
 * protocol messages with {@code $}-keys), keeps object keys in their text order and numbers as their
 * text, so printing a report shows it as the server wrote it.
 *
 * <p>Parsed with jackson-core's streaming parser (the only JSON library the cli module has); the tree
 * is small on purpose: look fields up with {@link #get}, {@link #string}, {@link #number}, and build
 * request bodies with {@link #object()} and {@link Obj#put}.
 */
public sealed interface Json {

    /** A JSON object; keys keep their order. */
    record Obj(Map<String, Json> fields) implements Json {
        public Obj {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** A copy of this object with {@code name} set to {@code value} (added last when new). */
        public Obj put(String name, Json value) {
            Map<String, Json> copy = new LinkedHashMap<>(fields);
            copy.put(name, value);
            return new Obj(copy);
        }

        /** A copy with a string field. */
        public Obj put(String name, String value) {
            return put(name, new Str(value));
        }

        /** A copy with a boolean field. */
        public Obj put(String name, boolean value) {
            return put(name, new Bool(value));
        }

        /** A copy with a number field. */
        public Obj put(String name, long value) {
            return put(name, new Num(Long.toString(value)));
        }
    }

    /** A JSON array. */
    record Arr(List<Json> elements) implements Json {
        public Arr {
            elements = List.copyOf(elements);
        }
    }

    /** A JSON string. */
    record Str(String value) implements Json {}

    /** A JSON number, kept as its text ({@code 12}, {@code 1.5e3}). */
    record Num(String text) implements Json {
        /** The number as a double. */
        public double doubleValue() {
            return Double.parseDouble(text);
        }

        /** The number as a long, truncating a fraction. */
        public long longValue() {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return (long) doubleValue();
            }
        }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements Json {}

    /** {@code null}. */
    enum Null implements Json {
        INSTANCE
    }

    /** An empty object, to build a request body with {@link Obj#put}. */
    static Obj object() {
        return new Obj(Map.of());
    }

    /** An array of the given elements. */
    static Arr array(List<? extends Json> elements) {
        return new Arr(new ArrayList<>(elements));
    }

    /** A map of names to strings as a JSON object (the push's {@code modules}). */
    static Obj objectOfStrings(Map<String, String> fields) {
        Map<String, Json> converted = new LinkedHashMap<>();
        fields.forEach((name, value) -> converted.put(name, new Str(value)));
        return new Obj(converted);
    }

    /** The field {@code name} when this is an object that has it. */
    default Optional<Json> get(String name) {
        return this instanceof Obj obj ? Optional.ofNullable(obj.fields().get(name)) : Optional.empty();
    }

    /** The string field {@code name}, when this is an object whose field is a string. */
    default Optional<String> string(String name) {
        return get(name).flatMap(v -> v instanceof Str s ? Optional.of(s.value()) : Optional.empty());
    }

    /** The number field {@code name}, when present and a number. */
    default Optional<Num> number(String name) {
        return get(name).flatMap(v -> v instanceof Num n ? Optional.of(n) : Optional.empty());
    }

    /** The boolean field {@code name}, when present and a boolean. */
    default Optional<Boolean> bool(String name) {
        return get(name).flatMap(v -> v instanceof Bool b ? Optional.of(b.value()) : Optional.empty());
    }

    /** The elements of the array field {@code name}; empty when absent or not an array. */
    default List<Json> array(String name) {
        return get(name)
                .map(v -> v instanceof Arr a ? a.elements() : List.<Json>of())
                .orElse(List.of());
    }

    /** Compact JSON text. */
    default String text() {
        StringBuilder out = new StringBuilder();
        JsonCodec.write(out, this, -1, 0);
        return out.toString();
    }

    /** JSON text indented by two spaces, for people. */
    default String pretty() {
        StringBuilder out = new StringBuilder();
        JsonCodec.write(out, this, 2, 0);
        return out.toString();
    }

    /**
     * Parses one complete JSON text.
     *
     * @throws IllegalArgumentException naming the line and column when {@code text} is not JSON
     */
    static Json parse(String text) {
        return parse(text, JsonCodec.FACTORY);
    }

    /**
     * Parses text a person typed: JSON, or with unquoted field names, single quotes and trailing
     * commas ({@code {body: 'hi',}}).
     *
     * @throws IllegalArgumentException naming the line and column when {@code text} is not JSON
     */
    static Json parseLenient(String text) {
        return parse(text, JsonCodec.LENIENT);
    }

    private static Json parse(String text, JsonFactory factory) {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("empty JSON text");
            }
            Json value = JsonCodec.read(parser, first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new IllegalArgumentException("unexpected text after the JSON value at line "
                        + parser.currentTokenLocation().getLineNr() + ", column "
                        + parser.currentTokenLocation().getColumnNr());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr(),
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException(String.valueOf(e.getMessage()), e);
        }
    }
}
