package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** A WebSocket client of the sync protocol for tests: hand-written messages in, received frames queued. */
final class SyncClient implements WebSocket.Listener, AutoCloseable {
    final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    /** Connects to {@code deploymentUrl}'s sync endpoint and sends Connect with {@code sessionId}. */
    SyncClient(String deploymentUrl, String sessionId) throws Exception {
        URI uri = URI.create(deploymentUrl.replace("http://", "ws://") + "/api/1.48.0/sync");
        socket = Http.client().newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
        send("{\"type\":\"Connect\",\"sessionId\":\"" + sessionId + "\",\"connectionCount\":0,"
                + "\"lastCloseReason\":\"InitialConnect\",\"clientTs\":0}");
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
        closed.complete(status + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete("error " + error);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Subscribes to {@code messages:list} of {@code channel} as query 0 of query set 1. */
    void subscribeList(String channel) {
        send("{\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":[{\"type\":\"Add\","
                + "\"queryId\":0,\"udfPath\":\"messages:list\",\"args\":[{\"channel\":\"" + channel + "\"}]}]}");
    }

    /** Sends {@code messages:send} as request {@code requestId}. */
    void sendMessage(int requestId, String channel, String body) {
        send("{\"type\":\"Mutation\",\"requestId\":" + requestId + ",\"udfPath\":\"messages:send\",\"args\":[{"
                + "\"channel\":\"" + channel + "\",\"body\":\"" + body + "\"}]}");
    }

    /** The next frame that is not a Ping. */
    String next() throws InterruptedException {
        while (true) {
            String frame = frames.poll(30, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within 30 s").isNotNull();
            if (!frame.equals("{\"type\":\"Ping\"}")) {
                return frame;
            }
        }
    }

    /** The next frame of {@code type} (skipping pings and other types). */
    String next(String type) throws InterruptedException {
        while (true) {
            String frame = next();
            if (frame.startsWith("{\"type\":\"" + type + "\"")) {
                return frame;
            }
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
