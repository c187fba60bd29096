package dev.slipway.sync.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.sync.protocol.ServerMessage.ActionResponse;
import dev.slipway.sync.protocol.ServerMessage.AuthError;
import dev.slipway.sync.protocol.ServerMessage.FatalError;
import dev.slipway.sync.protocol.ServerMessage.MutationResponse;
import dev.slipway.sync.protocol.ServerMessage.Ping;
import dev.slipway.sync.protocol.ServerMessage.QueryFailed;
import dev.slipway.sync.protocol.ServerMessage.QueryRemoved;
import dev.slipway.sync.protocol.ServerMessage.QueryUpdated;
import dev.slipway.sync.protocol.ServerMessage.StateModification;
import dev.slipway.sync.protocol.ServerMessage.StateVersion;
import dev.slipway.sync.protocol.ServerMessage.Transition;
import dev.slipway.sync.protocol.ServerMessage.TransitionChunk;
import dev.slipway.sync.protocol.WireJson.Fields;
import dev.slipway.sync.protocol.WireJson.Node;
import dev.slipway.sync.protocol.WireJson.Obj;
import dev.slipway.sync.protocol.WireJson.Str;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The JSON codec of server messages: writes exactly the fields {@code convex/browser}'s {@code
 * parseServerMessage} and its callers read (values as Convex-JSON, timestamps as {@link EncodedTs},
 * {@code journal} always present, {@code errorData} only for a {@code ConvexError}, a failed
 * mutation's {@code "ts": null} as the backend writes it), and reads them back for Java clients and
 * tests.
 */
public final class ServerMessages {
    private static final Set<String> OPAQUE = Set.of("value", "result", "errorData");

    private ServerMessages() {}

    /** The JSON text of {@code message}. */
    public static String encode(ServerMessage message) {
        return encode(message, ValueText.ENCODE);
    }

    /**
     * The JSON text of {@code message}, taking the text of the values in a Transition's modifications
     * from {@code values}. A Transition is written by hand (it is the message a server sends to every
     * socket at once when a query they share changes); the others with the JSON generator.
     */
    public static String encode(ServerMessage message, ValueText values) {
        return switch (message) {
            case Transition t -> TransitionText.write(t, values);
            case TransitionChunk c ->
                Json.write(g -> {
                    g.writeStringField("type", "TransitionChunk");
                    g.writeStringField("chunk", c.chunk());
                    g.writeNumberField("partNumber", c.partNumber());
                    g.writeNumberField("totalParts", c.totalParts());
                    g.writeStringField("transitionId", c.transitionId());
                });
            case MutationResponse r -> Json.write(g -> writeMutationResponse(g, r));
            case ActionResponse r ->
                Json.write(g -> {
                    g.writeStringField("type", "ActionResponse");
                    g.writeNumberField("requestId", r.requestId());
                    writeOutcome(g, r.outcome());
                });
            case AuthError e ->
                Json.write(g -> {
                    g.writeStringField("type", "AuthError");
                    g.writeStringField("error", e.error());
                    g.writeNumberField("baseVersion", e.baseVersion());
                    g.writeBooleanField("authUpdateAttempted", e.authUpdateAttempted());
                });
            case FatalError e ->
                Json.write(g -> {
                    g.writeStringField("type", "FatalError");
                    g.writeStringField("error", e.error());
                });
            case Ping p -> Json.write(g -> g.writeStringField("type", "Ping"));
        };
    }

    private static void writeMutationResponse(JsonGenerator g, MutationResponse r) throws IOException {
        g.writeStringField("type", "MutationResponse");
        g.writeNumberField("requestId", r.requestId());
        writeOutcome(g, r.outcome());
        Json.nullableString(g, "ts", r.ts().map(EncodedTs::encode));
    }

    private static void writeOutcome(JsonGenerator g, Outcome outcome) throws IOException {
        switch (outcome) {
            case Outcome.Success s -> {
                g.writeBooleanField("success", true);
                Json.value(g, "result", s.value());
            }
            case Outcome.Failure f -> {
                g.writeBooleanField("success", false);
                g.writeStringField("result", f.message());
                if (f.data().isPresent()) {
                    Json.value(g, "errorData", f.data().get());
                }
            }
        }
        Json.strings(g, "logLines", outcome.logLines());
    }

    /**
     * Reads one server message (what a client does).
     *
     * @throws ProtocolException naming what is wrong
     */
    public static ServerMessage decode(String json) {
        Obj obj = WireJson.parseObject(json, OPAQUE);
        String type = new Fields(obj, "a server message").string("type");
        Fields f = new Fields(obj, type);
        return switch (type) {
            case "Transition" -> transition(f);
            case "TransitionChunk" ->
                new TransitionChunk(
                        f.string("chunk"), f.u32("partNumber"), f.u32("totalParts"), f.string("transitionId"));
            case "MutationResponse" ->
                new MutationResponse(
                        f.u32("requestId"), outcome(f), f.optionalString("ts").map(ts -> EncodedTs.decode(ts, "ts")));
            case "ActionResponse" -> new ActionResponse(f.u32("requestId"), outcome(f));
            case "AuthError" -> new AuthError(f.string("error"), f.u32("baseVersion"), f.bool("authUpdateAttempted"));
            case "FatalError" -> new FatalError(f.string("error"));
            case "Ping" -> new Ping();
            default -> throw ProtocolException.invalid("unknown server message type \"" + type + "\"");
        };
    }

    private static Transition transition(Fields f) {
        List<StateModification> modifications = new ArrayList<>();
        List<Node> items = f.array("modifications");
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Obj m)) {
                throw ProtocolException.invalid("Transition modification " + i + " must be an object");
            }
            modifications.add(modification(new Fields(m, "Transition modification " + i)));
        }
        return new Transition(
                version(f, "startVersion"),
                version(f, "endVersion"),
                modifications,
                optionalLong(f, "clientClockSkew"),
                optionalLong(f, "serverTs"));
    }

    private static StateVersion version(Fields f, String name) {
        if (!(f.required(name) instanceof Obj v)) {
            throw f.wrongType(name, "an object");
        }
        Fields vf = new Fields(v, name);
        return new StateVersion(
                vf.u32("querySet"), vf.u32("identity"), EncodedTs.decode(vf.string("ts"), name + ".ts"));
    }

    private static StateModification modification(Fields f) {
        String type = f.string("type");
        return switch (type) {
            case "QueryUpdated" ->
                new QueryUpdated(f.u32("queryId"), value(f, "value"), logLines(f), f.optionalString("journal"));
            case "QueryFailed" ->
                new QueryFailed(
                        f.u32("queryId"),
                        f.string("errorMessage"),
                        logLines(f),
                        f.optionalString("journal"),
                        f.optionalRaw("errorData").map(raw -> decodeValue(raw, "errorData")));
            case "QueryRemoved" -> new QueryRemoved(f.u32("queryId"));
            default -> throw ProtocolException.invalid("unknown state modification type \"" + type + "\"");
        };
    }

    private static Outcome outcome(Fields f) {
        if (f.bool("success")) {
            return new Outcome.Success(value(f, "result"), logLines(f));
        }
        if (!(decodeValue(f.raw("result"), "result") instanceof Value.Str message)) {
            throw f.wrongType("result", "the error message (a string) when success is false");
        }
        return new Outcome.Failure(
                message.value(), f.optionalRaw("errorData").map(raw -> decodeValue(raw, "errorData")), logLines(f));
    }

    private static Value value(Fields f, String name) {
        return decodeValue(f.raw(name), name);
    }

    private static Value decodeValue(String json, String field) {
        try {
            return ConvexJson.decode(json);
        } catch (InvalidValueException e) {
            throw ProtocolException.invalid(field + " is not a Convex-JSON value: " + e.getMessage());
        }
    }

    private static List<String> logLines(Fields f) {
        List<String> lines = new ArrayList<>();
        for (Node line : f.array("logLines")) {
            if (!(line instanceof Str s)) {
                throw f.wrongType("logLines", "an array of strings");
            }
            lines.add(s.value());
        }
        return lines;
    }

    private static OptionalLong optionalLong(Fields f, String name) {
        return f.optionalI64(name).map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
