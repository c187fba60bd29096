package dev.slipway.sync;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.EncodedTs;
import dev.slipway.sync.protocol.ServerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One session over a fake backend, with manual time and executor, and a model client reading its output. */
final class SessionHarness {
    static final String SESSION_ID = "6f1c7b4e-2b1a-4c3d-9e8f-0a1b2c3d4e5f";

    final ManualExecutor executor = new ManualExecutor();
    final ManualTime time = new ManualTime();
    final FakeBackend backend;
    final RecordingOutput out = new RecordingOutput();
    final ClientModel client = new ClientModel();
    final SyncSession session;

    SessionHarness(FakeBackend backend, SyncOptions options) {
        this.backend = backend;
        this.session = SyncSession.open(backend, out, options, new SyncContext(executor, time, time));
    }

    SessionHarness() {
        this(new FakeBackend(), SyncOptions.defaults());
    }

    /** Sends a frame and lets everything run; returns what the session sent, also applied to the client model. */
    List<ServerMessage> send(String json) {
        session.onMessage(json);
        return settle();
    }

    List<ServerMessage> settle() {
        executor.runAll();
        List<ServerMessage> messages = out.take();
        client.applyAll(messages);
        return messages;
    }

    List<ServerMessage> advance(Duration by) {
        time.advance(by);
        return settle();
    }

    // ---- client messages, as the JS client writes them ----

    static String connect(Optional<Timestamp> maxObserved) {
        return "{\"connectionCount\":0,\"lastCloseReason\":\"InitialConnect\",\"clientTs\":1767225600000,"
                + "\"type\":\"Connect\",\"sessionId\":\"" + SESSION_ID + "\""
                + maxObserved
                        .map(ts -> ",\"maxObservedTimestamp\":\"" + EncodedTs.encode(ts) + "\"")
                        .orElse("")
                + "}";
    }

    static String modify(long base, long next, String... changes) {
        return "{\"type\":\"ModifyQuerySet\",\"baseVersion\":" + base + ",\"newVersion\":" + next
                + ",\"modifications\":[" + String.join(",", changes) + "]}";
    }

    static String add(long queryId, String udfPath, String argsObject) {
        return "{\"type\":\"Add\",\"queryId\":" + queryId + ",\"udfPath\":\"" + udfPath + "\",\"args\":[" + argsObject
                + "]}";
    }

    static String addWithJournal(long queryId, String udfPath, String argsObject, String journal) {
        return "{\"type\":\"Add\",\"queryId\":" + queryId + ",\"udfPath\":\"" + udfPath + "\",\"args\":[" + argsObject
                + "],\"journal\":\"" + journal + "\"}";
    }

    static String remove(long queryId) {
        return "{\"type\":\"Remove\",\"queryId\":" + queryId + "}";
    }

    static String mutation(long requestId, String udfPath, String argsObject) {
        return "{\"type\":\"Mutation\",\"requestId\":" + requestId + ",\"udfPath\":\"" + udfPath + "\",\"args\":["
                + argsObject + "]}";
    }

    static String action(long requestId, String udfPath, String argsObject) {
        return "{\"type\":\"Action\",\"requestId\":" + requestId + ",\"udfPath\":\"" + udfPath + "\",\"args\":["
                + argsObject + "]}";
    }

    static String authenticateUser(long base, String jwt) {
        return "{\"type\":\"Authenticate\",\"baseVersion\":" + base + ",\"tokenType\":\"User\",\"value\":\"" + jwt
                + "\"}";
    }

    static String authenticateNone(long base) {
        return "{\"type\":\"Authenticate\",\"tokenType\":\"None\",\"baseVersion\":" + base + "}";
    }

    static String key(String key) {
        return "{\"key\":\"" + key + "\"}";
    }

    static String prefix(String prefix) {
        return "{\"prefix\":\"" + prefix + "\"}";
    }
}
