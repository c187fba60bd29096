package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many deployments on one server (issue 6 §6, isolation), over one storage backend: two deployments
 * with the same app never see each other's data (HTTP API and WebSocket), deleting one leaves the
 * other serving and removes all of the deleted one's data, and a restart keeps both.
 */
abstract class AbstractDeploymentsTest {
    @TempDir
    Path data;

    /** The backend under test. */
    protected abstract Storage storage();

    /** A name for the first deployment, unique where the backend is shared (PostgreSQL). */
    protected abstract String firstName();

    /** A readable (hyphenated) name for a created deployment, unique where the backend is shared. */
    protected abstract String createdName();

    /** Whether the deleted deployment's data is gone from the backend (beyond being refused by the server). */
    protected abstract void assertStoreGone(String deployment);

    /** Removes the control plane's store where the backend is shared (PostgreSQL), once the servers stopped. */
    protected void dropControlStore() {}

    private final List<SlipwayServer> running = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (SlipwayServer server : running) {
            for (String name : server.deploymentNames()) {
                server.deleteDeployment(name); // PostgreSQL schemas are shared: leave none behind
            }
            server.close();
        }
        dropControlStore();
    }

    private ServerConfig config() {
        return ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .storage(storage())
                .deployment(firstName())
                .prewarm(false)
                .jsThreads(2)
                .build();
    }

    private SlipwayServer start(ServerConfig config) {
        SlipwayServer server = SlipwayServer.start(config);
        running.add(server);
        return server;
    }

    private static void push(SlipwayServer server, String deployment) {
        Http.Reply reply = new Http(server.deploymentUrl(deployment))
                .post("/admin/push", TestApp.pushBody(), "Authorization", "Convex " + server.adminKey(deployment));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private static Http.Reply send(SlipwayServer server, String deployment, String channel, String body) {
        return new Http(server.deploymentUrl(deployment))
                .post(
                        "/api/mutation",
                        "{\"path\":\"messages:send\",\"args\":{\"channel\":\"" + channel + "\",\"body\":\"" + body
                                + "\"}}");
    }

    private static String list(SlipwayServer server, String deployment, String channel) {
        return new Http(server.deploymentUrl(deployment))
                .post("/api/query", "{\"path\":\"messages:list\",\"args\":{\"channel\":\"" + channel + "\"}}")
                .body();
    }

    private static String value(String... bodies) {
        return "{\"status\":\"success\",\"value\":["
                + String.join(
                        ",",
                        java.util.Arrays.stream(bodies)
                                .map(b -> "\"" + b + "\"")
                                .toList()) + "]}";
    }

    @Test
    void twoDeployments_sameApp_neverSeeEachOthersData_andDeletingOneLeavesTheOther() throws Exception {
        SlipwayServer server = start(config());
        String a = firstName();
        String b = createdName();
        String urlB = server.createDeployment(b);
        assertThat(urlB).isEqualTo(server.url() + "/d/" + b);
        assertThat(server.deploymentNames()).containsExactlyInAnyOrder(a, b);
        assertThat(server.adminKey(b)).isNotEqualTo(server.adminKey(a)).contains("|" + b + "|");
        push(server, a);
        push(server, b);

        // HTTP: the same mutation on both, each sees only its own
        assertThat(send(server, a, "c", "from-a").body()).startsWith("{\"status\":\"success\"");
        assertThat(send(server, b, "c", "from-b").body()).startsWith("{\"status\":\"success\"");
        assertThat(list(server, a, "c")).isEqualTo(value("from-a"));
        assertThat(list(server, b, "c")).isEqualTo(value("from-b"));

        // an admin key opens only its own deployment
        Http.Reply crossKey = new Http(server.deploymentUrl(b))
                .post("/admin/push", TestApp.pushBody(), "Authorization", "Convex " + server.adminKey(a));
        assertThat(crossKey.status()).isEqualTo(401);
        assertThat(crossKey.body()).contains("BadAdminKey");

        // WebSocket: a write through A's socket reaches A's subscription, never B's
        try (SyncClient onA = new SyncClient(
                        server.deploymentUrl(a), UUID.randomUUID().toString());
                SyncClient onB = new SyncClient(
                        server.deploymentUrl(b), UUID.randomUUID().toString())) {
            onA.subscribeList("ws");
            onB.subscribeList("ws");
            assertThat(onA.next("Transition")).contains("\"value\":[]");
            assertThat(onB.next("Transition")).contains("\"value\":[]");
            onA.sendMessage(0, "ws", "socket-a");
            assertThat(onA.next("MutationResponse")).contains("\"success\":true");
            assertThat(onA.next("Transition")).contains("\"value\":[\"socket-a\"]");
            onB.sendMessage(0, "ws", "socket-b");
            assertThat(onB.next("MutationResponse")).contains("\"success\":true");
            assertThat(onB.next("Transition")).contains("\"value\":[\"socket-b\"]");

            // deleting B ends B's session and leaves A's
            server.deleteDeployment(b);
            assertThat(onB.closed.get(10, TimeUnit.SECONDS)).startsWith("1001");
            onA.sendMessage(1, "ws", "still-a");
            assertThat(onA.next("MutationResponse")).contains("\"success\":true");
            assertThat(onA.next("Transition")).contains("\"value\":[\"socket-a\",\"still-a\"]");
        }
        assertThat(server.deploymentNames()).containsExactly(a);
        Http.Reply gone =
                new Http(urlB).post("/api/query", "{\"path\":\"messages:list\",\"args\":{\"channel\":\"c\"}}");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).contains("\"code\":\"DeploymentNotFound\"");
        assertThat(list(server, a, "c")).isEqualTo(value("from-a"));
        assertStoreGone(b);

        // the name is free again, and a new deployment of that name starts empty
        server.createDeployment(b);
        push(server, b);
        assertThat(list(server, b, "c")).isEqualTo(value());
    }

    @Test
    void restart_keepsEveryDeploymentWithItsDataCodeAndKey() {
        ServerConfig config = config();
        String a = firstName();
        String b = createdName();
        String keyB;
        int port;
        SlipwayServer first = start(config);
        first.createDeployment(b);
        push(first, a);
        push(first, b);
        send(first, a, "r", "kept-a");
        send(first, b, "r", "kept-b");
        keyB = first.adminKey(b);
        port = first.port();
        first.close();
        running.remove(first);

        SlipwayServer second = start(config.withPort(port));
        assertThat(second.deploymentNames()).containsExactlyInAnyOrder(a, b);
        assertThat(second.adminKey(b)).isEqualTo(keyB);
        assertThat(list(second, a, "r")).isEqualTo(value("kept-a"));
        assertThat(list(second, b, "r")).isEqualTo(value("kept-b"));
    }

    @Test
    void exportOfOneDeployment_importsIntoAnother_withTheSameDocumentsAndIds() {
        SlipwayServer server = start(config());
        String a = firstName();
        String b = createdName();
        server.createDeployment(b);
        push(server, a);
        push(server, b);
        send(server, a, "x", "one");
        send(server, a, "x", "two");
        AdminData fromA = new AdminData(server, a);
        AdminData.Reply extra = fromA.importFile(
                "format=jsonLines&table=extra", "{\"n\":1}\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(extra.status()).as(extra.body()).isEqualTo(200);
        byte[] snapshot = fromA.export();

        AdminData intoB = new AdminData(server, b);
        AdminData.Reply imported = intoB.importFile("format=zip", snapshot);
        assertThat(imported.body())
                .isEqualTo("{\"tables\":[{\"name\":\"extra\",\"imported\":2},{\"name\":\"messages\",\"imported\":2}]}");
        assertThat(AdminData.unzip(intoB.export())).isEqualTo(AdminData.unzip(snapshot));
        assertThat(list(server, b, "x")).isEqualTo(value("one", "two"));
        // replacing a table swaps it whole; the replaced one is purged in the background
        AdminData.Reply replaced = intoB.importFile(
                "format=jsonLines&table=extra&mode=replace", "{\"n\":3}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(intoB.get("tables").body())
                .isEqualTo(
                        "{\"tables\":[{\"name\":\"extra\",\"documents\":1},{\"name\":\"messages\",\"documents\":2}]}");
        assertThat(fromA.get("tables").body())
                .isEqualTo(
                        "{\"tables\":[{\"name\":\"extra\",\"documents\":2},{\"name\":\"messages\",\"documents\":2}]}");
    }

    @Test
    void createAndDelete_badRequests_areRefusedNamingTheProblem() {
        SlipwayServer server = start(config());
        assertThatThrownBy(() -> server.createDeployment("Bad Name"))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("\"Bad Name\"");
        assertThatThrownBy(() -> server.createDeployment("a--b")).hasMessageContaining("single hyphens");
        assertThatThrownBy(() -> server.createDeployment(firstName()))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> server.deleteDeployment("nope-nope"))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("no deployment named nope-nope");
        assertThatThrownBy(() -> server.adminKey("nope-nope")).hasMessageContaining("nope-nope");
    }
}
