package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.slipway.cli.Json.Arr;
import dev.slipway.cli.Json.Bool;
import dev.slipway.cli.Json.Null;
import dev.slipway.cli.Json.Num;
import dev.slipway.cli.Json.Obj;
import dev.slipway.cli.Json.Str;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading and writing {@link Json} text: jackson-core's streaming parser in, a plain writer out. */
final class JsonCodec {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(2000)
                    .build())
            .build();

    /**
     * For text people type ({@code run}'s {@code ARGS_JSON}): also unquoted field names, single
     * quotes and trailing commas, as {@code npx convex run} accepts JSON5.
     */
    static final JsonFactory LENIENT = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(2000)
                    .build())
            .build();

    private JsonCodec() {}

    static Json read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Json> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    fields.put(name, read(parser, parser.nextToken()));
                }
                yield new Obj(fields);
            }
            case START_ARRAY -> {
                List<Json> elements = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    elements.add(read(parser, next));
                }
                yield new Arr(elements);
            }
            case VALUE_STRING -> new Str(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Num(parser.getText());
            case VALUE_TRUE -> new Bool(true);
            case VALUE_FALSE -> new Bool(false);
            case VALUE_NULL -> Null.INSTANCE;
            default -> throw new IllegalArgumentException("unexpected JSON token " + token);
        };
    }

    /** Writes {@code json}; {@code indent < 0} is compact, else that many spaces per level. */
    static void write(StringBuilder out, Json json, int indent, int depth) {
        switch (json) {
            case Obj obj -> writeObject(out, obj, indent, depth);
            case Arr arr -> writeArray(out, arr, indent, depth);
            case Str s -> quote(out, s.value());
            case Num n -> out.append(n.text());
            case Bool b -> out.append(b.value());
            case Null n -> out.append("null");
        }
    }

    private static void writeObject(StringBuilder out, Obj obj, int indent, int depth) {
        if (obj.fields().isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Json> field : obj.fields().entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            newline(out, indent, depth + 1);
            quote(out, field.getKey());
            out.append(indent < 0 ? ":" : ": ");
            write(out, field.getValue(), indent, depth + 1);
        }
        newline(out, indent, depth);
        out.append('}');
    }

    private static void writeArray(StringBuilder out, Arr arr, int indent, int depth) {
        if (arr.elements().isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        boolean first = true;
        for (Json element : arr.elements()) {
            out.append(first ? "" : ",");
            first = false;
            newline(out, indent, depth + 1);
            write(out, element, indent, depth + 1);
        }
        newline(out, indent, depth);
        out.append(']');
    }

    private static void newline(StringBuilder out, int indent, int depth) {
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    /** Appends {@code s} as a JSON string literal. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
