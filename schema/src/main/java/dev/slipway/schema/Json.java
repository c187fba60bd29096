package dev.slipway.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.value.ConvexJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON document as a small immutable tree, so that validator and schema JSON can be read
 * in any key order and every error can name its JSON path ({@code $.tables[0].indexes[1].fields}).
 * Numbers keep their source text, so a literal's value can be decoded exactly as Convex-JSON.
 */
sealed interface Json permits Json.Obj, Json.Arr, Json.Str, Json.Num, Json.Bool, Json.Null {

    /** An object; members in source order. */
    record Obj(Map<String, Json> members) implements Json {
        public Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }
    }

    /** An array. */
    record Arr(List<Json> elements) implements Json {
        public Arr {
            elements = List.copyOf(elements);
        }
    }

    /** A string. */
    record Str(String value) implements Json {}

    /** A number, as written in the source. */
    record Num(String text) implements Json {}

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements Json {}

    /** {@code null}. */
    enum Null implements Json {
        INSTANCE
    }

    /**
     * Parses one complete JSON text.
     *
     * @param code the error code of the exception thrown for malformed text
     * @param what what the text is, for the message (e.g. {@code "validator JSON"})
     * @throws SchemaException when the text is not a single well-formed JSON value
     */
    static Json parse(String text, String code, String what) {
        try (JsonParser parser = ConvexJson.jsonFactory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SchemaException(code, "Invalid " + what + ": the text is empty");
            }
            Json json = read(parser, first, code, what);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new SchemaException(code, "Invalid " + what + ": unexpected text after the JSON value");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new SchemaException(code, "Invalid " + what + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SchemaException(code, "Invalid " + what + ": " + e.getMessage(), e);
        }
    }

    private static Json read(JsonParser parser, JsonToken token, String code, String what) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser, code, what);
            case START_ARRAY -> readArray(parser, code, what);
            case VALUE_STRING -> new Str(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Num(parser.getText());
            case VALUE_TRUE -> new Bool(true);
            case VALUE_FALSE -> new Bool(false);
            case VALUE_NULL -> Null.INSTANCE;
            default -> throw new SchemaException(code, "Invalid " + what + ": unexpected JSON token " + token);
        };
    }

    private static Obj readObject(JsonParser parser, String code, String what) throws IOException {
        Map<String, Json> members = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            Json value = read(parser, parser.nextToken(), code, what);
            if (members.put(name, value) != null) {
                throw new SchemaException(
                        code, "Invalid " + what + ": the key " + quote(name) + " appears twice in one object");
            }
        }
        return new Obj(members);
    }

    private static Arr readArray(JsonParser parser, String code, String what) throws IOException {
        List<Json> elements = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            elements.add(read(parser, token, code, what));
        }
        return new Arr(elements);
    }

    /** What this node is, for error messages: {@code a string "abc"}, {@code an array}, ... */
    default String describe() {
        return switch (this) {
            case Obj _ -> "an object";
            case Arr _ -> "an array";
            case Str s ->
                "the string " + quote(s.value().length() > 40 ? s.value().substring(0, 40) + "..." : s.value());
            case Num n -> "the number " + n.text();
            case Bool b -> "the boolean " + b.value();
            case Null _ -> "null";
        };
    }

    /** Appends this node as JSON text (numbers as written, strings escaped as JavaScript does). */
    default void write(StringBuilder out) {
        switch (this) {
            case Obj o -> {
                out.append('{');
                String separator = "";
                for (Map.Entry<String, Json> member : o.members().entrySet()) {
                    out.append(separator);
                    appendQuoted(out, member.getKey());
                    out.append(':');
                    member.getValue().write(out);
                    separator = ",";
                }
                out.append('}');
            }
            case Arr a -> {
                out.append('[');
                String separator = "";
                for (Json element : a.elements()) {
                    out.append(separator);
                    element.write(out);
                    separator = ",";
                }
                out.append(']');
            }
            case Str s -> appendQuoted(out, s.value());
            case Num n -> out.append(n.text());
            case Bool b -> out.append(b.value());
            case Null _ -> out.append("null");
        }
    }

    /** {@code s} as a quoted JSON string. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        appendQuoted(out, s);
        return out.toString();
    }

    /**
     * Appends {@code s} as a JSON string the way JavaScript's {@code JSON.stringify} writes it: {@code
     * "} and {@code \} escaped, short escapes for {@code \b \f \n \r \t}, other control characters
     * and unpaired surrogates as lowercase {@code \}{@code u00xx}.
     */
    static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                out.append(c);
            } else {
                appendEscape(out, c);
            }
        }
        out.append('"');
    }

    private static void appendEscape(StringBuilder out, char c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                String hex = Integer.toHexString(c);
                out.append("\\u").repeat('0', 4 - hex.length()).append(hex);
            }
        }
    }
}
