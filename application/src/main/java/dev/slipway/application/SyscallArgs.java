package dev.slipway.application;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.isolate.SyscallException;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of one syscall: the JSON object {@code convex/server} sends, read once.
 *
 * <p>Scalars are kept as read; an object or array is kept as compact JSON text and decoded by the
 * accessor that knows what it is (a Convex value, a patch, a serialized query), because the three
 * follow different rules ({@code {"$undefined":null}} is a value only in a patch, and a query embeds
 * expressions that are not Convex-JSON). A field named {@code query} is parsed as a {@link
 * SerializedQuery} straight from the stream. A missing or mistyped field is a {@link
 * SyscallException} naming the syscall and the field: {@code convex/server} never sends one, so it
 * means a client bypassed it.
 */
final class SyscallArgs {
    private static final Object NULL = new Object();

    private final String op;
    private final Map<String, Object> fields;

    private SyscallArgs(String op, Map<String, Object> fields) {
        this.op = op;
        this.fields = fields;
    }

    static SyscallArgs parse(String op, String json) {
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser parser = ConvexJson.jsonFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new SyscallException("Invalid arguments for " + op + ": expected a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                fields.put(
                        name,
                        name.equals("query") && token == JsonToken.START_OBJECT
                                ? SerializedQuery.parse(parser)
                                : read(parser, token));
            }
        } catch (JsonProcessingException e) {
            throw new SyscallException("Invalid arguments for " + op + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SyscallArgs(op, fields);
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NULL -> NULL;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_STRING -> parser.getText();
            default -> new Json(copy(parser));
        };
    }

    private static String copy(JsonParser parser) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = ConvexJson.jsonFactory().createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }

    String string(String name) {
        return optionalString(name).orElseThrow(() -> missing(name, "a string"));
    }

    Optional<String> optionalString(String name) {
        return optional(name, String.class, "a string");
    }

    boolean bool(String name) {
        return optional(name, Boolean.class, "a boolean").orElseThrow(() -> missing(name, "a boolean"));
    }

    double number(String name) {
        return optionalNumber(name).orElseThrow(() -> missing(name, "a number"));
    }

    Optional<Double> optionalNumber(String name) {
        return optional(name, Double.class, "a number");
    }

    /** The field as a Convex value. */
    Value value(String name) {
        Object raw = fields.get(name);
        if (raw == null) {
            throw missing(name, "a value");
        }
        return decodeValue(name, raw);
    }

    /** The field as a Convex object. */
    Value.Obj object(String name) {
        if (value(name) instanceof Value.Obj obj) {
            return obj;
        }
        throw new SyscallException("Invalid arguments for " + op + ": " + name + " must be an object");
    }

    /** The field as a patch: each top-level field's value, empty to remove it. */
    Map<String, Optional<Value>> patch(String name) {
        if (fields.get(name) instanceof Json json) {
            return ConvexJson.decodePatch(json.text());
        }
        throw new SyscallException("Invalid arguments for " + op + ": " + name + " must be an object");
    }

    SerializedQuery query() {
        if (fields.get("query") instanceof SerializedQuery query) {
            return query;
        }
        throw missing("query", "a serialized query object");
    }

    private Value decodeValue(String name, Object raw) {
        return switch (raw) {
            case Json json -> ConvexJson.decode(json.text());
            case String s -> new Value.Str(s);
            case Double d -> new Value.Float64(d);
            case Boolean b -> new Value.Bool(b);
            default -> {
                if (raw == NULL) {
                    yield Value.Null.INSTANCE;
                }
                throw new SyscallException("Invalid arguments for " + op + ": " + name + " is not a value");
            }
        };
    }

    private <T> Optional<T> optional(String name, Class<T> type, String what) {
        Object raw = fields.get(name);
        if (raw == null || raw == NULL) {
            return Optional.empty();
        }
        if (!type.isInstance(raw)) {
            throw new SyscallException("Invalid arguments for " + op + ": " + name + " must be " + what);
        }
        return Optional.of(type.cast(raw));
    }

    private SyscallException missing(String name, String what) {
        return new SyscallException("Invalid arguments for " + op + ": missing " + name + " (" + what + ")");
    }

    /** Compact JSON text of an object or array field. */
    private record Json(String text) {}
}
