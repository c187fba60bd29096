package dev.slipway.database.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.value.ConvexJson;
import java.io.IOException;
import java.io.StringWriter;

/**
 * Copies one JSON value out of a stream into compact text, numbers verbatim (Jackson's own {@code
 * copyCurrentStructure} re-renders numbers, which would turn {@code -0} into {@code 0}).
 */
final class JsonCopy {
    private JsonCopy() {}

    /**
     * The compact JSON text of the value at the parser's current token; leaves the parser on the
     * value's last token.
     */
    static String copyCurrentStructure(JsonParser parser) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = ConvexJson.jsonFactory().createGenerator(out)) {
            int depth = 0;
            JsonToken token = parser.currentToken();
            while (true) {
                depth += copyToken(parser, generator, token);
                if (depth == 0) {
                    break;
                }
                token = parser.nextToken();
                if (token == null) {
                    throw new IOException("unexpected end of JSON input inside a value");
                }
            }
        }
        return out.toString();
    }

    private static int copyToken(JsonParser parser, JsonGenerator generator, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> generator.writeStartObject();
            case END_OBJECT -> generator.writeEndObject();
            case START_ARRAY -> generator.writeStartArray();
            case END_ARRAY -> generator.writeEndArray();
            case FIELD_NAME -> generator.writeFieldName(parser.currentName());
            case VALUE_STRING -> generator.writeString(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
            case VALUE_TRUE -> generator.writeBoolean(true);
            case VALUE_FALSE -> generator.writeBoolean(false);
            case VALUE_NULL -> generator.writeNull();
            default -> throw new IOException("unexpected JSON token " + token);
        }
        return token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
    }
}
