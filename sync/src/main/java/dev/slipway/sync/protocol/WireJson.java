package dev.slipway.sync.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.value.ConvexJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one protocol message into a small tree, so fields may come in any order (the JS client
 * spreads objects, so {@code type} is often not first) and unknown fields are ignored. Fields named
 * in {@code opaque} (function arguments, values, event payloads) are not parsed: their exact JSON
 * text is kept, cut out of the message by character offsets.
 */
final class WireJson {
    private static final JsonFactory FACTORY = ConvexJson.jsonFactory();

    /** A JSON node; containers other than opaque fields are parsed. */
    sealed interface Node permits Obj, Arr, Str, Num, Bool, Null, Raw {}

    record Obj(Map<String, Node> fields) implements Node {}

    record Arr(List<Node> items) implements Node {}

    record Str(String value) implements Node {}

    /** A number, with its JSON text and whether it was written without fraction or exponent. */
    record Num(String text, boolean integral) implements Node {}

    record Bool(boolean value) implements Node {}

    record Null() implements Node {}

    /** An opaque field's value as JSON text. */
    record Raw(String json) implements Node {}

    private final String text;
    private final Set<String> opaque;

    private WireJson(String text, Set<String> opaque) {
        this.text = text;
        this.opaque = opaque;
    }

    /**
     * Parses a complete message, which must be one JSON object.
     *
     * @throws ProtocolException when the text is not JSON or not an object
     */
    static Obj parseObject(String text, Set<String> opaque) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw ProtocolException.invalid("a message must be a JSON object, got " + describe(first));
            }
            Obj message = new WireJson(text, opaque).readObject(parser);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw ProtocolException.invalid("unexpected JSON after the message: " + trailing);
            }
            return message;
        } catch (JsonProcessingException e) {
            throw ProtocolException.invalid(e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Obj readObject(JsonParser parser) throws IOException {
        Map<String, Node> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            Node value = opaque.contains(name) ? readRaw(parser, token) : read(parser, token);
            if (fields.put(name, value) != null) {
                throw ProtocolException.invalid("duplicate field \"" + name + "\"");
            }
        }
        return new Obj(fields);
    }

    private Node read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(parser, next));
                }
                yield new Arr(items);
            }
            case VALUE_STRING -> new Str(parser.getText());
            case VALUE_NUMBER_INT -> new Num(parser.getText(), true);
            case VALUE_NUMBER_FLOAT -> new Num(parser.getText(), false);
            case VALUE_TRUE -> new Bool(true);
            case VALUE_FALSE -> new Bool(false);
            case VALUE_NULL -> new Null();
            default -> throw ProtocolException.invalid("unexpected JSON token " + token);
        };
    }

    private Raw readRaw(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            long start = parser.currentTokenLocation().getCharOffset();
            parser.skipChildren();
            long end = parser.currentTokenLocation().getCharOffset() + 1;
            return new Raw(text.substring((int) start, (int) end));
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.copyCurrentEvent(parser);
        }
        return new Raw(out.toString());
    }

    private static String describe(JsonToken token) {
        return token == null ? "nothing" : token.toString();
    }

    /** Typed access to an object's fields, with errors that name the message and the field. */
    record Fields(Obj obj, String context) {
        Optional<Node> optional(String name) {
            Node node = obj.fields().get(name);
            return node == null || node instanceof Null ? Optional.empty() : Optional.of(node);
        }

        Node required(String name) {
            return optional(name).orElseThrow(() -> missing(name));
        }

        String string(String name) {
            return asString(name, required(name));
        }

        Optional<String> optionalString(String name) {
            return optional(name).map(node -> asString(name, node));
        }

        /** A non-negative integer that fits the protocol's u32. */
        long u32(String name) {
            return integer(name, required(name), 0xFFFF_FFFFL);
        }

        /** A non-negative integer up to {@code Long.MAX_VALUE}. */
        long u63(String name) {
            return integer(name, required(name), Long.MAX_VALUE);
        }

        /** A signed 64-bit integer, if present. */
        Optional<Long> optionalI64(String name) {
            return optional(name).map(node -> signed(name, node));
        }

        boolean bool(String name) {
            return switch (required(name)) {
                case Bool b -> b.value();
                default -> throw wrongType(name, "a boolean");
            };
        }

        String raw(String name) {
            return rawOf(name, required(name));
        }

        Optional<String> optionalRaw(String name) {
            return optional(name).map(node -> rawOf(name, node));
        }

        List<Node> array(String name) {
            return switch (required(name)) {
                case Arr a -> a.items();
                default -> throw wrongType(name, "an array");
            };
        }

        private String asString(String name, Node node) {
            return switch (node) {
                case Str s -> s.value();
                default -> throw wrongType(name, "a string");
            };
        }

        private long integer(String name, Node node, long max) {
            if (!(node instanceof Num num) || !num.integral()) {
                throw wrongType(name, "a non-negative integer");
            }
            try {
                long value = Long.parseLong(num.text());
                if (value < 0 || value > max) {
                    throw wrongType(name, "an integer from 0 to " + max);
                }
                return value;
            } catch (NumberFormatException e) {
                throw wrongType(name, "an integer from 0 to " + max);
            }
        }

        private long signed(String name, Node node) {
            if (node instanceof Num num) {
                try {
                    return num.integral() ? Long.parseLong(num.text()) : new BigDecimal(num.text()).longValueExact();
                } catch (NumberFormatException | ArithmeticException e) {
                    // falls through to the error below
                }
            }
            throw wrongType(name, "a 64-bit integer");
        }

        private String rawOf(String name, Node node) {
            return switch (node) {
                case Raw r -> r.json();
                default -> throw new IllegalStateException("field " + name + " was not read as opaque JSON");
            };
        }

        ProtocolException missing(String name) {
            return ProtocolException.invalid(context + " lacks the field \"" + name + "\"");
        }

        ProtocolException wrongType(String name, String expected) {
            return ProtocolException.invalid(context + " field \"" + name + "\" must be " + expected);
        }
    }
}
