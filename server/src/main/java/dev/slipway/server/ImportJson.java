package dev.slipway.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.value.FieldNames;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns the JSON of an imported document into a Convex value, in one of the two ways Convex's
 * snapshot import does:
 *
 * <ul>
 *   <li>{@link Mode#EXPORT}: Convex's export JSON (the {@code documents.jsonl} of a snapshot whose
 *       {@code generated_schema.jsonl} says {@code "uniform"}, as {@code export} writes it): an
 *       integer is an Int64, any other number a Float64, and an object whose first key starts with
 *       {@code $} is Convex-JSON ({@code {"$integer": ...}}, {@code {"$float": ...}}, {@code {"$bytes":
 *       ...}});
 *   <li>{@link Mode#PLAIN}: any other JSON (jsonLines and jsonArray files): every number is a
 *       Float64, strings stay strings, and keys must be valid field names.
 * </ul>
 *
 * Errors are {@link InvalidValueException}s naming the path inside the document; the caller adds
 * the file and line.
 */
final class ImportJson {
    /** How numbers and {@code $}-objects read. */
    enum Mode {
        EXPORT,
        PLAIN
    }

    private final JsonParser parser;
    private final Mode mode;

    private ImportJson(JsonParser parser, Mode mode) {
        this.parser = parser;
        this.mode = mode;
    }

    /**
     * Reads the value at the parser's current token, leaving the parser on its last token.
     *
     * @throws InvalidValueException for a value Convex refuses
     * @throws IOException for malformed JSON ({@link com.fasterxml.jackson.core.JsonProcessingException})
     */
    static Value read(JsonParser parser, Mode mode) throws IOException {
        return new ImportJson(parser, mode).value(parser.currentToken(), "");
    }

    private Value value(JsonToken token, String path) throws IOException {
        return switch (token) {
            case VALUE_NULL -> Value.Null.INSTANCE;
            case VALUE_TRUE -> new Value.Bool(true);
            case VALUE_FALSE -> new Value.Bool(false);
            case VALUE_NUMBER_INT -> number(true);
            case VALUE_NUMBER_FLOAT -> number(false);
            case VALUE_STRING -> string(parser.getText(), path);
            case START_ARRAY -> array(path);
            case START_OBJECT -> object(path);
            default -> throw new InvalidValueException(path, "unexpected JSON " + token);
        };
    }

    private Value number(boolean integer) throws IOException {
        if (mode == Mode.EXPORT && integer && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return new Value.Int64(parser.getLongValue());
        }
        return new Value.Float64(parser.getDoubleValue());
    }

    private static Value string(String text, String path) {
        try {
            return new Value.Str(text);
        } catch (InvalidValueException e) {
            throw new InvalidValueException(path, e.reason());
        }
    }

    private Value array(String path) throws IOException {
        List<Value> elements = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            elements.add(value(t, path + "[" + elements.size() + "]"));
        }
        return new Value.Array(elements);
    }

    private Value object(String path) throws IOException {
        TreeMap<String, Value> fields = new TreeMap<>();
        JsonToken t = parser.nextToken();
        boolean first = true;
        while (t == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if (first && mode == Mode.EXPORT && name.startsWith("$")) {
                return dollar(name, valueToken, path);
            }
            first = false;
            if (!FieldNames.isValidFieldName(name)) {
                try {
                    FieldNames.checkFieldName(name);
                } catch (InvalidValueException e) {
                    throw new InvalidValueException(path, e.reason());
                }
            }
            fields.put(name, value(valueToken, path + "." + name));
            t = parser.nextToken();
        }
        return Value.Obj.of(fields);
    }

    /** {@code {"$integer" | "$float" | "$bytes": "<base64>"}}, the parser after the key. */
    private Value dollar(String key, JsonToken valueToken, String path) throws IOException {
        if (valueToken != JsonToken.VALUE_STRING) {
            throw new InvalidValueException(path, "the value of " + key + " must be a base64 string");
        }
        String base64 = parser.getText();
        if (parser.nextToken() != JsonToken.END_OBJECT) {
            throw new InvalidValueException(path, "an object starting with " + key + " must have no other field");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(padded(base64));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(path, key + " holds malformed base64 \"" + base64 + "\"");
        }
        return switch (key) {
            case "$bytes" -> new Value.Bytes(bytes);
            case "$integer" -> new Value.Int64(littleEndian(bytes, key, path));
            case "$float" -> new Value.Float64(Double.longBitsToDouble(littleEndian(bytes, key, path)));
            default ->
                throw new InvalidValueException(
                        path,
                        "field name \"" + key + "\" starts with '$', which is reserved (only $integer, $float"
                                + " and $bytes objects are values)");
        };
    }

    private static long littleEndian(byte[] bytes, String key, String path) {
        if (bytes.length != 8) {
            throw new InvalidValueException(path, key + " must hold 8 bytes, got " + bytes.length);
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static String padded(String base64) {
        int rest = base64.length() % 4;
        return rest == 0 ? base64 : base64 + "=".repeat(4 - rest);
    }
}
