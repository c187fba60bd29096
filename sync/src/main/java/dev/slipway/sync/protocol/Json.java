package dev.slipway.sync.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Writing JSON objects with the streaming generator; Convex values go in as their Convex-JSON text. */
final class Json {
    private Json() {}

    /** The body of one JSON object. */
    @FunctionalInterface
    interface ObjectBody {
        void write(JsonGenerator generator) throws IOException;
    }

    /** One JSON object whose fields {@code body} writes. */
    static String write(ObjectBody body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = ConvexJson.jsonFactory().createGenerator(out)) {
            generator.writeStartObject();
            body.write(generator);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static void optionalString(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        }
    }

    /** {@code "name": "text"} or {@code "name": null}. */
    static void nullableString(JsonGenerator g, String name, Optional<String> value) throws IOException {
        g.writeFieldName(name);
        if (value.isPresent()) {
            g.writeString(value.get());
        } else {
            g.writeNull();
        }
    }

    static void value(JsonGenerator g, String name, Value value) throws IOException {
        g.writeFieldName(name);
        g.writeRawValue(ConvexJson.encode(value));
    }

    static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }
}
