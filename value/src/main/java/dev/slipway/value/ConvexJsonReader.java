package dev.slipway.value;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads one Convex-JSON value from a Jackson parser, enforcing every rule of §1.1 as it goes so
 * that errors carry the path where they happened.
 *
 * <p>Implementation notes. One instance per value; not thread-safe. The path is a stack that is
 * only rendered on error. {@link #lastSize} carries the Convex size of the value just read back to
 * its container, so sizes are summed without a second walk. An object whose first key starts with
 * {@code $} is read by {@link #readDollarObject}: it is special only when that key is its only key
 * (as in {@code jsonToConvex}); otherwise the {@code $} key breaks the field-name rule. Duplicate
 * keys keep the last value, as {@code JSON.parse} and serde_json do.
 */
final class ConvexJsonReader {
    private static final String UNDEFINED = "$undefined";

    private final JsonParser parser;
    private final ValuePath path = new ValuePath();
    private long lastSize;

    ConvexJsonReader(JsonParser parser) {
        this.parser = parser;
    }

    /** Reads the value starting at {@code token} (the parser's current token). */
    Value read(JsonToken token) throws IOException {
        return readValue(token, 0);
    }

    private Value readValue(JsonToken token, int depth) throws IOException {
        return switch (token) {
            case VALUE_NULL -> scalar(Value.Null.INSTANCE, 1);
            case VALUE_TRUE -> scalar(new Value.Bool(true), 1);
            case VALUE_FALSE -> scalar(new Value.Bool(false), 1);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> scalar(readNumber(token), ValueSize.NUMBER);
            case VALUE_STRING -> readString();
            case START_ARRAY -> readArray(depth + 1);
            case START_OBJECT -> readObject(depth + 1);
            default -> throw path.error("unexpected JSON token " + token);
        };
    }

    private Value scalar(Value value, long size) {
        lastSize = size;
        return value;
    }

    /**
     * Every JSON number is a Float64, correctly rounded. Integers that fit a long convert exactly
     * rounded; {@code -0} (an integer token) keeps its sign, as in JavaScript and serde_json.
     */
    private Value readNumber(JsonToken token) throws IOException {
        double d;
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long n = parser.getLongValue();
            d = n == 0 && parser.getText().startsWith("-") ? -0.0 : (double) n;
        } else {
            d = parser.getDoubleValue();
        }
        if (Double.isInfinite(d)) {
            throw path.error("number " + abbreviate(parser.getText())
                    + " is out of the Float64 range (encode infinities as $float)");
        }
        return new Value.Float64(d);
    }

    private Value readString() throws IOException {
        String s = parser.getText();
        checkString(s);
        lastSize = ValueSize.stringSize(s);
        checkSize(lastSize);
        return new Value.Str(s);
    }

    private void checkString(String s) {
        int bad = Utf8.firstUnpairedSurrogate(s);
        if (bad >= 0) {
            throw path.error("string has an unpaired surrogate " + Utf8.describeChar(s, bad) + " at index " + bad
                    + " (Convex strings must be valid Unicode)");
        }
    }

    private Value readArray(int depth) throws IOException {
        checkNesting(depth);
        List<Value> elements = new ArrayList<>();
        long size = 2;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (elements.size() == ValueSize.MAX_ARRAY_LENGTH) {
                throw path.error("array has more than " + ValueSize.MAX_ARRAY_LENGTH + " elements");
            }
            path.pushIndex(elements.size());
            elements.add(readValue(token, depth));
            path.pop();
            size += lastSize;
            checkSize(size);
        }
        lastSize = size;
        return new Value.Array(elements);
    }

    /**
     * Reads a patch object (see {@link ConvexJson#decodePatch}) starting at {@code token}: each
     * top-level field's value, or empty where it is exactly {@code {"$undefined":null}}.
     */
    Map<String, Optional<Value>> readPatch(JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw path.error("a patch must be an object, got " + token);
        }
        Map<String, Optional<Value>> fields = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String name = parser.currentName();
            if (name == null) {
                throw path.error("unexpected JSON token " + t + " in an object");
            }
            path.pushField(name);
            fields.put(name, readPatchField(parser.nextToken()));
            path.pop();
        }
        return fields;
    }

    private Optional<Value> readPatchField(JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            return Optional.of(readValue(token, 1));
        }
        JsonToken first = parser.nextToken();
        if (first == JsonToken.FIELD_NAME && UNDEFINED.equals(parser.currentName())) {
            if (parser.nextToken() != JsonToken.VALUE_NULL || parser.nextToken() != JsonToken.END_OBJECT) {
                throw path.error("malformed $undefined field: it must be exactly {\"$undefined\":null}");
            }
            return Optional.empty();
        }
        checkNesting(2);
        return Optional.of(readObjectFrom(first, 2));
    }

    private Value readObject(int depth) throws IOException {
        checkNesting(depth);
        return readObjectFrom(parser.nextToken(), depth);
    }

    /** Reads an object's fields from {@code token}, the one after its opening brace. */
    private Value readObjectFrom(JsonToken token, int depth) throws IOException {
        if (token == JsonToken.END_OBJECT) {
            lastSize = 2;
            return new Value.Obj(new TreeMap<>());
        }
        String first = parser.currentName();
        if (first != null && first.startsWith("$")) {
            return readDollarObject(first);
        }
        TreeMap<String, Value> fields = new TreeMap<>();
        long size = 2;
        for (; token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            if (name == null) {
                throw path.error("unexpected JSON token " + token + " in an object");
            }
            FieldNames.checkFieldName(name, path);
            path.pushField(name);
            Value value = readValue(parser.nextToken(), depth);
            path.pop();
            size += Utf8.encodedLength(name) + 1 + lastSize;
            Value previous = fields.put(name, value);
            if (previous != null) {
                size -= Utf8.encodedLength(name) + 1 + ValueSize.of(previous);
            } else if (fields.size() > ValueSize.MAX_OBJECT_FIELDS) {
                throw path.error("object has more than " + ValueSize.MAX_OBJECT_FIELDS + " fields");
            }
            checkSize(size);
        }
        lastSize = size;
        return new Value.Obj(fields);
    }

    private Value readDollarObject(String key) throws IOException {
        JsonToken valueToken = parser.nextToken();
        @Nullable String text = valueToken == JsonToken.VALUE_STRING ? parser.getText() : null;
        boolean isNull = valueToken == JsonToken.VALUE_NULL;
        parser.skipChildren();
        if (parser.nextToken() != JsonToken.END_OBJECT) {
            throw path.error(FieldNames.dollarReason(key));
        }
        return switch (key) {
            case "$bytes" -> bytes(payload(key, text));
            case "$integer" -> {
                lastSize = ValueSize.NUMBER;
                yield new Value.Int64(eightBytes(key, payload(key, text)).getLong());
            }
            case "$float" -> float64(eightBytes(key, payload(key, text)).getDouble());
            case "$commitTs" ->
                throw path.error(
                        isNull
                                ? "commit-timestamp placeholders ({\"$commitTs\":null}) are not supported here"
                                : "malformed $commitTs field: it must be null");
            case "$set" -> throw path.error("received a Set ($set), which is no longer a supported Convex type");
            case "$map" -> throw path.error("received a Map ($map), which is no longer a supported Convex type");
            default -> throw path.error(FieldNames.dollarReason(key));
        };
    }

    private byte[] payload(String key, @Nullable String text) {
        if (text == null) {
            throw path.error("malformed " + key + " field: it must hold a base64 string");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw path.error(
                    "malformed " + key + " field: " + abbreviate(text) + " is not base64 (" + e.getMessage() + ")");
        }
    }

    private ByteBuffer eightBytes(String key, byte[] bytes) {
        if (bytes.length != 8) {
            throw path.error("malformed " + key + " field: it holds " + bytes.length + " bytes, expected 8");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private Value bytes(byte[] bytes) {
        lastSize = 2L + bytes.length;
        checkSize(lastSize);
        return new Value.Bytes(bytes);
    }

    private Value float64(double d) {
        if (!ValueJsonWriter.isSpecial(d)) {
            throw path.error("$float " + JsNumbers.toJs(d) + " should be encoded as a number"
                    + " ($float is only for NaN, Infinity, -Infinity and -0)");
        }
        lastSize = ValueSize.NUMBER;
        return new Value.Float64(d);
    }

    private void checkNesting(int depth) {
        if (depth > ValueSize.MAX_NESTING) {
            throw path.error("value is nested more than " + ValueSize.MAX_NESTING + " levels deep");
        }
    }

    private void checkSize(long size) {
        if (size > ValueSize.MAX_SIZE) {
            throw path.error("value is too large (more than " + ValueSize.MAX_SIZE + " bytes)");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? "\"" + text + "\"" : "\"" + text.substring(0, 37) + "...\"";
    }
}
