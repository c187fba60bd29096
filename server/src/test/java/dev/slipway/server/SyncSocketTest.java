package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebSocket sync endpoint end to end with hand-written protocol messages over a real socket (the
 * real {@code convex} client runs against it in integration-tests).
 */
@Tag("node")
class SyncSocketTest {
    @TempDir
    static Path data;

    private static SlipwayServer server;

    @BeforeAll
    static void startAndPush() {
        server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .maxFrameBytes(64 * 1024)
                .socketPingInterval(Duration.ofMillis(500))
                .build());
        Http.Reply push = new Http(server.deploymentUrl())
                .post("/admin/push", TestApp.pushBody(), "Authorization", "Convex " + server.adminKey());
        assertThat(push.status()).as(push.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A socket whose received text frames and close are queued for the test. */
    private static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        Client(String path) throws Exception {
            URI uri = URI.create(server.url().replace("http://", "ws://") + path);
            socket = Http.client().newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
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
    }

    private static final String CONNECT =
            "{\"type\":\"Connect\",\"sessionId\":\"1f0c2a52-8e7b-4c2e-9c39-2c4c7e0d9a11\","
                    + "\"connectionCount\":0,\"lastCloseReason\":\"InitialConnect\",\"clientTs\":0}";

    @Test
    void subscribeThenMutate_getsTheResponseThenATransitionWithTheNewValue() throws Exception {
        Client client = new Client("/d/default/api/1.48.0/sync");
        client.send(CONNECT);
        client.send(
                "{\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":[{\"type\":\"Add\","
                        + "\"queryId\":0,\"udfPath\":\"messages:list\",\"args\":[{\"channel\":\"ws\"}]}]}");
        String first = client.next();
        assertThat(first)
                .startsWith(
                        "{\"type\":\"Transition\",\"startVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"}")
                .contains("{\"type\":\"QueryUpdated\",\"queryId\":0,\"value\":[],\"logLines\":[],\"journal\":null}");
        client.send("{\"type\":\"Mutation\",\"requestId\":0,\"udfPath\":\"messages:send\","
                + "\"args\":[{\"channel\":\"ws\",\"body\":\"hello\"}]}");
        String response = client.next();
        assertThat(response).startsWith("{\"type\":\"MutationResponse\",\"requestId\":0,\"success\":true");
        String transition = client.next();
        assertThat(transition).startsWith("{\"type\":\"Transition\"").contains("\"value\":[\"hello\"]");
        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void mutationResent_withTheSameSessionAndRequestId_runsOnce() throws Exception {
        String connect = CONNECT.replace("1f0c2a52", "2f0c2a52");
        String mutation = "{\"type\":\"Mutation\",\"requestId\":7,\"udfPath\":\"messages:send\","
                + "\"args\":[{\"channel\":\"once\",\"body\":\"x\"}]}";
        for (int attempt = 0; attempt < 2; attempt++) {
            Client client = new Client("/d/default/api/1.48.0/sync");
            client.send(connect);
            client.send(mutation);
            assertThat(client.next()).startsWith("{\"type\":\"MutationResponse\",\"requestId\":7,\"success\":true");
            client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "reconnect").join();
        }
        Http.Reply list = new Http(server.deploymentUrl())
                .post("/api/query", "{\"path\":\"messages:list\",\"args\":{\"channel\":\"once\"}}");
        assertThat(list.body()).isEqualTo("{\"status\":\"success\",\"value\":[\"x\"]}");
    }

    @Test
    void malformedMessage_getsFatalErrorAndTheSocketCloses() throws Exception {
        Client client = new Client("/d/default/api/1.48.0/sync");
        client.send("{not json");
        assertThat(client.next()).startsWith("{\"type\":\"FatalError\",\"error\":");
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).startsWith("1000 ");
        assertThat(new Http(server.url()).get("/health").status()).isEqualTo(200);
    }

    @Test
    void userToken_getsAuthErrorSayingAuthIsNotConfigured() throws Exception {
        Client client = new Client("/d/default/api/1.48.0/sync");
        client.send(CONNECT.replace("1f0c2a52", "3f0c2a52"));
        client.send("{\"type\":\"Authenticate\",\"tokenType\":\"User\",\"value\":\"a.b.c\",\"baseVersion\":0}");
        assertThat(client.next())
                .startsWith("{\"type\":\"AuthError\",\"error\":\"authentication is not configured")
                .contains("\"authUpdateAttempted\":true");
    }

    @Test
    void unknownDeployment_upgradeIsRefused() {
        assertThatThrownBy(() -> new Client("/d/nope/api/1.48.0/sync"))
                .isInstanceOf(ExecutionException.class)
                .rootCause()
                .hasMessageContaining("404");
    }

    @Test
    void frameOverTheLimit_isRefusedWith1009AndTheServerKeepsServing() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(10_000);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /d/default/api/1.48.0/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // a masked text frame header announcing 100 KiB, over the 64 KiB limit
            ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127));
            header.putLong(100 * 1024).put(new byte[] {1, 2, 3, 4});
            out.write(header.array());
            out.flush();
            InputStream in = raw.getInputStream();
            String handshake = readHeaders(in);
            assertThat(handshake).startsWith("HTTP/1.1 101");
            assertThat(in.read()).as("a close frame").isEqualTo(0x88);
            int length = in.read();
            byte[] payload = in.readNBytes(length);
            assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(1009);
        }
        // Helidon drops the connection without telling the listener; the next ping finds it gone.
        awaitOpenSockets(n -> n == 0, "the dropped socket to be released");
        Client next = new Client("/d/default/api/1.48.0/sync");
        next.send(CONNECT.replace("1f0c2a52", "4f0c2a52"));
        next.send("{\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":[{\"type\":"
                + "\"Add\",\"queryId\":0,\"udfPath\":\"messages:list\",\"args\":[{\"channel\":\"big\"}]}]}");
        assertThat(next.next()).startsWith("{\"type\":\"Transition\"");
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the handshake response").isNotNegative();
            text.append((char) b);
        }
        return text.toString();
    }

    private static void awaitOpenSockets(java.util.function.IntPredicate condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.test(server.openSockets())) {
            assertThat(System.nanoTime())
                    .as("%s (open sockets: %s)", what, server.openSockets())
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void binaryFrame_closesWith1003() throws Exception {
        Client client = new Client("/d/default/api/1.48.0/sync");
        client.socket
                .sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2}), true)
                .join();
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).startsWith("1003 BinaryFramesNotSupported");
    }

    @Test
    void openSockets_areCountedAndReleased() throws Exception {
        Client client = new Client("/d/default/api/1.48.0/sync");
        awaitOpenSockets(n -> n > 0, "the socket to be counted");
        int open = server.openSockets();
        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        client.closed.get(10, TimeUnit.SECONDS);
        awaitOpenSockets(n -> n < open, "the closed socket to be released");
    }
}
