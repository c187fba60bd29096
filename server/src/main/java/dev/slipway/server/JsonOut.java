package dev.slipway.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.value.ConvexJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Writes response JSON with the streaming generator; values already in JSON text go in raw. */
final class JsonOut {
    private final JsonGenerator g;

    private JsonOut(JsonGenerator g) {
        this.g = g;
    }

    /** The text of one JSON object whose fields {@code body} writes. */
    static String object(Consumer<JsonOut> body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = ConvexJson.jsonFactory().createGenerator(out)) {
            g.writeStartObject();
            body.accept(new JsonOut(g));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    JsonOut field(String name, String value) {
        return io(() -> g.writeStringField(name, value));
    }

    JsonOut field(String name, long value) {
        return io(() -> g.writeNumberField(name, value));
    }

    JsonOut field(String name, boolean value) {
        return io(() -> g.writeBooleanField(name, value));
    }

    /** A field whose value is JSON text written as it is. */
    JsonOut rawField(String name, String json) {
        return io(() -> {
            g.writeFieldName(name);
            g.writeRawValue(json);
        });
    }

    /** A field holding an array whose elements {@code elements} writes with the {@code element...} methods. */
    JsonOut arrayField(String name, Consumer<JsonOut> elements) {
        return io(() -> {
            g.writeArrayFieldStart(name);
            elements.accept(this);
            g.writeEndArray();
        });
    }

    /** A field holding an object whose fields {@code body} writes. */
    JsonOut objectField(String name, Consumer<JsonOut> body) {
        return io(() -> {
            g.writeObjectFieldStart(name);
            body.accept(this);
            g.writeEndObject();
        });
    }

    JsonOut element(String value) {
        return io(() -> g.writeString(value));
    }

    JsonOut rawElement(String json) {
        return io(() -> g.writeRawValue(json));
    }

    JsonOut objectElement(Consumer<JsonOut> body) {
        return io(() -> {
            g.writeStartObject();
            body.accept(this);
            g.writeEndObject();
        });
    }

    private interface Write {
        void run() throws IOException;
    }

    private JsonOut io(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
