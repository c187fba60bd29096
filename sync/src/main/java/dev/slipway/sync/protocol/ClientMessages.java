package dev.slipway.sync.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.sync.protocol.ClientMessage.Action;
import dev.slipway.sync.protocol.ClientMessage.Add;
import dev.slipway.sync.protocol.ClientMessage.AdminToken;
import dev.slipway.sync.protocol.ClientMessage.AuthToken;
import dev.slipway.sync.protocol.ClientMessage.Authenticate;
import dev.slipway.sync.protocol.ClientMessage.Connect;
import dev.slipway.sync.protocol.ClientMessage.Event;
import dev.slipway.sync.protocol.ClientMessage.ModifyQuerySet;
import dev.slipway.sync.protocol.ClientMessage.Mutation;
import dev.slipway.sync.protocol.ClientMessage.NoToken;
import dev.slipway.sync.protocol.ClientMessage.QueryChange;
import dev.slipway.sync.protocol.ClientMessage.Remove;
import dev.slipway.sync.protocol.ClientMessage.UserToken;
import dev.slipway.sync.protocol.WireJson.Fields;
import dev.slipway.sync.protocol.WireJson.Node;
import dev.slipway.sync.protocol.WireJson.Obj;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The JSON codec of client messages, as {@code convex/browser} writes them ({@code
 * encodeClientMessage} then {@code JSON.stringify}) and as the backend reads them ({@code
 * sync_types}' {@code ClientMessageJson}).
 *
 * <p>Reading: fields in any order; unknown fields ignored; optional fields may be absent or {@code
 * null}; integers must be written as integers. {@code args}, {@code event} and {@code
 * impersonating}/{@code acting_as} are kept as JSON text. Writing: the JS client's field names,
 * optional fields omitted when empty.
 */
public final class ClientMessages {
    private static final Set<String> OPAQUE = Set.of("args", "event", "impersonating", "acting_as");

    private ClientMessages() {}

    /**
     * Reads one client message.
     *
     * @throws ProtocolException ({@code WSMessageInvalidJson}) naming what is wrong
     */
    public static ClientMessage decode(String json) {
        Obj obj = WireJson.parseObject(json, OPAQUE);
        String type = new Fields(obj, "a client message").string("type");
        Fields f = new Fields(obj, type);
        return switch (type) {
            case "Connect" -> connect(f);
            case "ModifyQuerySet" -> modifyQuerySet(f);
            case "Mutation" ->
                new Mutation(f.u32("requestId"), f.string("udfPath"), f.raw("args"), f.optionalString("componentPath"));
            case "Action" ->
                new Action(f.u32("requestId"), f.string("udfPath"), f.raw("args"), f.optionalString("componentPath"));
            case "Authenticate" -> new Authenticate(f.u32("baseVersion"), token(f));
            case "Event" ->
                new Event(f.string("eventType"), f.optionalRaw("event").orElse("null"));
            default -> throw ProtocolException.invalid("unknown client message type \"" + type + "\"");
        };
    }

    private static Connect connect(Fields f) {
        return new Connect(
                f.string("sessionId"),
                f.u32("connectionCount"),
                f.optionalString("lastCloseReason"),
                f.optionalString("maxObservedTimestamp").map(ts -> EncodedTs.decode(ts, "maxObservedTimestamp")),
                f.optionalI64("clientTs").map(OptionalLong::of).orElse(OptionalLong.empty()));
    }

    private static ModifyQuerySet modifyQuerySet(Fields f) {
        long baseVersion = f.u32("baseVersion");
        long newVersion = f.u32("newVersion");
        List<QueryChange> changes = new ArrayList<>();
        List<Node> items = f.array("modifications");
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Obj change)) {
                throw ProtocolException.invalid("ModifyQuerySet modification " + i + " must be an object");
            }
            changes.add(queryChange(change, i));
        }
        return new ModifyQuerySet(baseVersion, newVersion, changes);
    }

    private static QueryChange queryChange(Obj obj, int index) {
        Fields f = new Fields(obj, "ModifyQuerySet modification " + index);
        String type = f.string("type");
        return switch (type) {
            case "Add" ->
                new Add(
                        f.u32("queryId"),
                        f.string("udfPath"),
                        f.raw("args"),
                        f.optionalString("journal"),
                        f.optionalString("componentPath"));
            case "Remove" -> new Remove(f.u32("queryId"));
            default ->
                throw ProtocolException.invalid(
                        "ModifyQuerySet modification " + index + " has unknown type \"" + type + "\"");
        };
    }

    private static AuthToken token(Fields f) {
        String tokenType = f.string("tokenType");
        return switch (tokenType) {
            case "None" -> new NoToken();
            case "User" -> new UserToken(f.string("value"));
            case "Admin" ->
                new AdminToken(f.string("value"), f.optionalRaw("impersonating").or(() -> f.optionalRaw("acting_as")));
            default -> throw ProtocolException.invalid("Authenticate has unknown tokenType \"" + tokenType + "\"");
        };
    }

    /** Writes a client message as the JS client does (for Java clients and tests). */
    public static String encode(ClientMessage message) {
        return Json.write(g -> {
            switch (message) {
                case Connect c -> writeConnect(g, c);
                case ModifyQuerySet m -> writeModifyQuerySet(g, m);
                case Mutation m ->
                    writeCall(g, "Mutation", m.requestId(), m.udfPath(), m.argsJson(), m.componentPath());
                case Action a -> writeCall(g, "Action", a.requestId(), a.udfPath(), a.argsJson(), a.componentPath());
                case Authenticate a -> writeAuthenticate(g, a);
                case Event e -> {
                    g.writeStringField("type", "Event");
                    g.writeStringField("eventType", e.eventType());
                    g.writeFieldName("event");
                    g.writeRawValue(e.eventJson());
                }
            }
        });
    }

    private static void writeConnect(JsonGenerator g, Connect c) throws IOException {
        g.writeStringField("type", "Connect");
        g.writeStringField("sessionId", c.sessionId());
        g.writeNumberField("connectionCount", c.connectionCount());
        Json.nullableString(g, "lastCloseReason", c.lastCloseReason());
        if (c.maxObservedTimestamp().isPresent()) {
            g.writeStringField(
                    "maxObservedTimestamp",
                    EncodedTs.encode(c.maxObservedTimestamp().get()));
        }
        if (c.clientTs().isPresent()) {
            g.writeNumberField("clientTs", c.clientTs().getAsLong());
        }
    }

    private static void writeModifyQuerySet(JsonGenerator g, ModifyQuerySet m) throws IOException {
        g.writeStringField("type", "ModifyQuerySet");
        g.writeNumberField("baseVersion", m.baseVersion());
        g.writeNumberField("newVersion", m.newVersion());
        g.writeArrayFieldStart("modifications");
        for (QueryChange change : m.modifications()) {
            g.writeStartObject();
            switch (change) {
                case Add a -> {
                    g.writeStringField("type", "Add");
                    g.writeNumberField("queryId", a.queryId());
                    g.writeStringField("udfPath", a.udfPath());
                    g.writeFieldName("args");
                    g.writeRawValue(a.argsJson());
                    Json.optionalString(g, "journal", a.journal());
                    Json.optionalString(g, "componentPath", a.componentPath());
                }
                case Remove r -> {
                    g.writeStringField("type", "Remove");
                    g.writeNumberField("queryId", r.queryId());
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeCall(
            JsonGenerator g,
            String type,
            long requestId,
            String udfPath,
            String argsJson,
            Optional<String> componentPath)
            throws IOException {
        g.writeStringField("type", type);
        g.writeNumberField("requestId", requestId);
        g.writeStringField("udfPath", udfPath);
        g.writeFieldName("args");
        g.writeRawValue(argsJson);
        Json.optionalString(g, "componentPath", componentPath);
    }

    private static void writeAuthenticate(JsonGenerator g, Authenticate a) throws IOException {
        g.writeStringField("type", "Authenticate");
        switch (a.token()) {
            case NoToken n -> g.writeStringField("tokenType", "None");
            case UserToken u -> {
                g.writeStringField("tokenType", "User");
                g.writeStringField("value", u.jwt());
            }
            case AdminToken admin -> {
                g.writeStringField("tokenType", "Admin");
                g.writeStringField("value", admin.key());
                if (admin.actingAsJson().isPresent()) {
                    g.writeFieldName("impersonating");
                    g.writeRawValue(admin.actingAsJson().get());
                }
            }
        }
        g.writeNumberField("baseVersion", a.baseVersion());
    }
}
