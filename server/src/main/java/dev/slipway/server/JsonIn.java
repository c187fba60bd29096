package dev.slipway.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object from a request body, with each field kept as its exact source text, so a field such
 * as {@code args} is decoded as Convex-JSON from what the client wrote (no re-serialization). Unknown
 * fields are ignored, as the backend does. Every accessor throws a 400 {@link ApiException} that
 * names the field and what it should be.
 */
final class JsonIn {
    private final String what;
    private final Map<String, String> fields;

    private JsonIn(String what, Map<String, String> fields) {
        this.what = what;
        this.fields = fields;
    }

    /**
     * Parses {@code text}, which must be one JSON object.
     *
     * @param what names the document in errors ("the request body")
     */
    static JsonIn parse(String text, String what) {
        try (JsonParser p = ConvexJson.jsonFactory().createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw bad(what + " must be a JSON object, got " + (first == null ? "nothing" : describe(first)));
            }
            Map<String, String> fields = new LinkedHashMap<>();
            JsonToken t = p.nextToken();
            while (t == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                int start = offset(p);
                p.skipChildren();
                t = p.nextToken();
                fields.put(name, slice(text, start, offset(p)));
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw bad("unexpected content after the JSON object in " + what);
            }
            return new JsonIn(what, fields);
        } catch (JsonProcessingException e) {
            throw bad("malformed JSON in " + what + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int offset(JsonParser p) {
        return (int) p.currentTokenLocation().getCharOffset();
    }

    /**
     * The source text of a value that starts at {@code start} and is followed by the token at {@code
     * next}: what lies between, without the separating comma and whitespace.
     */
    private static String slice(String text, int start, int next) {
        String raw = text.substring(start, next).strip();
        if (raw.endsWith(",")) {
            raw = raw.substring(0, raw.length() - 1).strip();
        }
        return raw;
    }

    boolean has(String name) {
        return raw(name).isPresent();
    }

    /** The raw JSON text of {@code name}, if present and not {@code null}. */
    Optional<String> raw(String name) {
        return Optional.ofNullable(fields.get(name)).filter(raw -> !raw.equals("null"));
    }

    /** A string field that must be present. */
    String string(String name) {
        return optionalString(name).orElseThrow(() -> bad(what + " is missing the string field `" + name + "`"));
    }

    /** A string field, empty when absent or {@code null}. */
    Optional<String> optionalString(String name) {
        return raw(name).map(raw -> {
            try (JsonParser p = ConvexJson.jsonFactory().createParser(raw)) {
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw bad("`" + name + "` in " + what + " must be a string, got " + raw);
                }
                return p.getText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A boolean field, false when absent or {@code null}. */
    boolean bool(String name) {
        return raw(name)
                .map(raw -> switch (raw.strip()) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw bad("`" + name + "` in " + what + " must be true or false, got " + raw);
                })
                .orElse(false);
    }

    /** An object field. */
    Optional<JsonIn> object(String name) {
        return raw(name).map(raw -> parse(raw, "`" + name + "` in " + what));
    }

    /** The elements of an array field, each as raw JSON text. */
    List<String> array(String name) {
        String raw = raw(name).orElseThrow(() -> bad(what + " is missing the array field `" + name + "`"));
        try (JsonParser p = ConvexJson.jsonFactory().createParser(raw)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw bad("`" + name + "` in " + what + " must be an array");
            }
            List<String> elements = new ArrayList<>();
            JsonToken t = p.nextToken();
            while (t != JsonToken.END_ARRAY) {
                int start = offset(p);
                p.skipChildren();
                t = p.nextToken();
                elements.add(slice(raw, start, offset(p)));
            }
            return elements;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the fields, in text order. */
    List<String> names() {
        return List.copyOf(fields.keySet());
    }

    /** Decodes field {@code name} as a Convex-JSON value. */
    Optional<Value> convexValue(String name) {
        return raw(name).map(raw -> {
            try {
                return ConvexJson.decode(raw);
            } catch (InvalidValueException e) {
                throw bad("`" + name + "` in " + what + " is not a valid Convex value: " + e.getMessage());
            }
        });
    }

    private static ApiException bad(String message) {
        return ApiException.badRequest("BadJsonBody", message);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }
}
