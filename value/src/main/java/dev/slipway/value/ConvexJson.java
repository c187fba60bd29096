package dev.slipway.value;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The Convex-JSON codec ({@code convex_encoded_json}, §1.1 of the interface reference): the value
 * encoding of the Convex wire protocol and of function arguments and results.
 *
 * <p>Encoding gives exactly the text of JavaScript's {@code JSON.stringify(convexToJson(v))}:
 * Int64 as {@code {"$integer":"<base64 LE>"}}, NaN/±Infinity/-0 as {@code {"$float":"<base64
 * LE>"}}, other floats as JS number text, Bytes as {@code {"$bytes":"<base64>"}}, object keys in JS
 * property order. Decoding follows {@code jsonToConvex} and the backend: every plain number is a
 * Float64; a one-key object {@code $integer}/{@code $float}/{@code $bytes} is that value; {@code
 * $set}/{@code $map} and other {@code $} keys are errors; field names, unpaired surrogates and the
 * limits of {@link ValueSize} are enforced. Base64 payloads may omit padding.
 *
 * <p>Errors are {@link InvalidValueException}s whose message names the path inside the value.
 */
public final class ConvexJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNestingDepth(1000)
                    .build())
            .build();

    private ConvexJson() {}

    /** The Convex-JSON text of {@code value}, byte for byte as the JS client would write it. */
    public static String encode(Value value) {
        return ValueFormat.CONVEX_ENCODED_JSON.encode(value);
    }

    /**
     * Decodes a complete Convex-JSON text (one value, optional surrounding whitespace).
     *
     * @throws InvalidValueException when the text is not JSON or breaks a Convex-JSON rule
     */
    public static Value decode(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            Value value = decode(parser);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new InvalidValueException("", "unexpected JSON after the value: " + trailing);
            }
            return value;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /**
     * Decodes one value from a Jackson parser: the value at the parser's current token, or, when it
     * has none (fresh parser), at the next token. Leaves the parser on the value's last token, so a
     * caller can decode a value embedded in a larger JSON document (e.g. the {@code args} of a
     * request). Use {@link #jsonFactory()} to create parsers with limits that suit Convex values.
     *
     * @throws InvalidValueException when the JSON breaks a Convex-JSON rule or is malformed
     */
    public static Value decode(JsonParser parser) {
        try {
            JsonToken token = parser.hasCurrentToken() ? parser.currentToken() : parser.nextToken();
            if (token == null) {
                throw new InvalidValueException("", "no JSON value (empty input)");
            }
            return new ConvexJsonReader(parser).read(token);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes the value of a patch ({@code db.patch}), as {@code convex/server} writes it: a
     * Convex-JSON object in which a top-level field may be exactly {@code {"$undefined":null}},
     * meaning "remove this field". Only top-level fields may be undefined.
     *
     * @return each field in text order: its value, or empty for an undefined one
     * @throws InvalidValueException when the text is not such an object or a value breaks a rule
     */
    public static Map<String, Optional<Value>> decodePatch(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            Map<String, Optional<Value>> fields = new ConvexJsonReader(parser).readPatch(parser.nextToken());
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new InvalidValueException("", "unexpected JSON after the patch: " + trailing);
            }
            return fields;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /**
     * A Jackson factory whose parsers accept the largest Convex values (strings and numbers beyond
     * Jackson's default length limits). Thread-safe and shared.
     */
    public static JsonFactory jsonFactory() {
        return FACTORY;
    }

    private static InvalidValueException malformed(IOException e) {
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        InvalidValueException error = new InvalidValueException("", "malformed JSON: " + detail);
        error.initCause(e);
        return error;
    }
}
