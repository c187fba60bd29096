package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane inside a running server: {@code /control/*} creates deployments that the server
 * serves at once, the control plane's credentials reach a deployment's admin API and its admin
 * function calls within the rule table (and a revoked one fails at once), the legacy {@code default}
 * deployment keeps its admin key and opens to the owner token, and a restart serves every managed
 * deployment with its code and data, creating the data of one a crash left without.
 */
@Tag("node")
class ControlledDeploymentsTest {
    @TempDir
    Path data;

    private final List<SlipwayServer> running = new ArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(SlipwayServer::close);
    }

    private ServerConfig config() {
        return ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .build();
    }

    private SlipwayServer start(ServerConfig config) {
        SlipwayServer server = SlipwayServer.start(config);
        running.add(server);
        return server;
    }

    private String ownerToken() throws Exception {
        return Files.readString(data.resolve("owner.token"), StandardCharsets.UTF_8)
                .strip();
    }

    private static Http.Reply control(SlipwayServer server, String secret, String path, String body) {
        return new Http(server.url()).post("/control/" + path, body, "Authorization", "Convex " + secret);
    }

    private static String field(Http.Reply reply, int status, String... path) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonIn json = JsonIn.parse(reply.body(), "the answer");
        for (int i = 0; i < path.length - 1; i++) {
            json = json.object(path[i]).orElseThrow();
        }
        return json.string(path[path.length - 1]);
    }

    private static Http.Reply push(SlipwayServer server, String deployment, String credential) {
        return new Http(server.url() + "/d/" + deployment)
                .post("/admin/push", TestApp.pushBody(), "Authorization", "Convex " + credential);
    }

    private static Http.Reply send(SlipwayServer server, String deployment, String credential, String body) {
        return new Http(server.url() + "/d/" + deployment)
                .post(
                        "/api/mutation",
                        "{\"path\":\"messages:send\",\"args\":{\"channel\":\"c\",\"body\":\"" + body + "\"}}",
                        "Authorization",
                        "Convex " + credential);
    }

    private static String list(SlipwayServer server, String deployment) {
        return new Http(server.url() + "/d/" + deployment)
                .post("/api/query", "{\"path\":\"messages:list\",\"args\":{\"channel\":\"c\"}}")
                .body();
    }

    @Test
    void controlCredentials_reachTheAdminApi_withinTheRuleTable() throws Exception {
        SlipwayServer server = start(config());
        String owner = ownerToken();
        assertThat(owner).startsWith("sw_owner_");

        String production = field(
                control(server, owner, "teams/default/projects", "{\"slug\":\"chat\"}"), 201, "production", "name");
        assertThat(server.deploymentNames()).contains(production);
        String prodKey = field(
                control(
                        server,
                        owner,
                        "teams/default/projects/chat/deploy-keys",
                        "{\"type\":\"prod\",\"name\":\"ci\"}"),
                201,
                "secret");
        String previewKey = field(
                control(
                        server,
                        owner,
                        "teams/default/projects/chat/deploy-keys",
                        "{\"type\":\"preview\",\"name\":\"ci\"}"),
                201,
                "secret");
        field(control(server, owner, "teams/default/members", "{\"member\":\"alice\"}"), 201, "name");
        String alice = field(control(server, owner, "members/alice/tokens", "{\"name\":\"laptop\"}"), 201, "secret");

        // a production deploy key pushes to production, and runs its functions as an admin (internal ones too)
        assertThat(push(server, production, prodKey).status()).isEqualTo(200);
        assertThat(send(server, production, prodKey, "from-ci").body()).startsWith("{\"status\":\"success\"");
        Http.Reply internal = new Http(server.url() + "/d/" + production)
                .post("/api/query", "{\"path\":\"messages:secret\",\"args\":{}}", "Authorization", "Convex " + prodKey);
        assertThat(internal.body()).isEqualTo("{\"status\":\"success\",\"value\":\"internal\"}");
        Http.Reply dryRun = new Http(server.url() + "/d/" + production)
                .post(
                        "/admin/push",
                        TestApp.pushBody().replaceFirst("^\\{", "{\"dryRun\":true,"),
                        "Authorization",
                        "Convex " + prodKey);
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.body()).contains("\"dryRun\":true", "\"switched\":false");
        assertThat(new Http(server.url() + "/d/" + production)
                        .get("/admin/env", "Authorization", "Convex " + prodKey)
                        .status())
                .isEqualTo(200);

        // a preview key cannot touch production; a member who is not a team admin cannot push to it
        Http.Reply byPreviewKey = push(server, production, previewKey);
        assertThat(byPreviewKey.status()).isEqualTo(403);
        assertThat(byPreviewKey.body()).contains("\"code\":\"Forbidden\"", "preview deploy key", "push code to");
        Http.Reply byMember = push(server, production, alice);
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.body()).contains("member alice", "admin of the team");
        assertThat(send(server, production, alice, "x").status()).isEqualTo(403);

        // a member's own dev deployment: created through the control API, served at once, theirs to push to
        String dev = field(
                control(server, alice, "teams/default/projects/chat/dev-deployment", ""), 201, "deployment", "name");
        assertThat(push(server, dev, alice).status()).isEqualTo(200);
        assertThat(send(server, dev, alice, "from-alice").body()).startsWith("{\"status\":\"success\"");
        assertThat(list(server, dev)).isEqualTo("{\"status\":\"success\",\"value\":[\"from-alice\"]}");
        assertThat(list(server, production)).isEqualTo("{\"status\":\"success\",\"value\":[\"from-ci\"]}");

        // revoking the production key: its next request fails with a 401
        String keyId = JsonIn.parse(
                        new Http(server.url())
                                .get("/control/whoami", "Authorization", "Convex " + prodKey)
                                .body(),
                        "whoami")
                .string("credentialId");
        assertThat(control(server, owner, "credentials/" + keyId + "/revoke", "")
                        .status())
                .isEqualTo(200);
        Http.Reply revoked = push(server, production, prodKey);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.body()).contains("\"code\":\"Unauthenticated\"");
        assertThat(send(server, production, prodKey, "late").status()).isEqualTo(401);

        // the legacy deployment: its admin key, and the owner token, but no member
        assertThat(push(server, "default", server.adminKey()).status()).isEqualTo(200);
        assertThat(push(server, "default", owner).status()).isEqualTo(200);
        Http.Reply memberOnDefault = push(server, "default", alice);
        assertThat(memberOnDefault.status()).isEqualTo(403);
        assertThat(memberOnDefault.body()).contains("does not manage it");
        // and its admin key opens nothing else
        assertThat(push(server, production, server.adminKey()).status()).isEqualTo(401);

        // the server's own API deletes only what the control plane does not manage
        assertThatThrownBy(() -> server.deleteDeployment(dev))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("slipway deployment delete");
    }

    @Test
    void restart_servesManagedDeploymentsWithTheirCode_andRecreatesTheDataACrashLeftOut() throws Exception {
        ServerConfig config = config();
        SlipwayServer first = start(config);
        String owner = ownerToken();
        String production = field(
                control(first, owner, "teams/default/projects", "{\"slug\":\"chat\"}"), 201, "production", "name");
        String staging = field(
                control(
                        first,
                        owner,
                        "teams/default/projects/chat/deployments",
                        "{\"type\":\"custom\",\"reference\":\"staging\"}"),
                201,
                "name");
        assertThat(push(first, production, owner).status()).isEqualTo(200);
        assertThat(send(first, production, owner, "kept").body()).startsWith("{\"status\":\"success\"");
        assertThat(Files.readString(data.resolve("deployments.json")))
                .contains("\"name\":\"" + staging + "\",\"state\":\"active\"")
                .contains("\"managed\":true");
        int port = first.port();
        first.close();
        running.remove(first);

        // a crash between the control plane's record and the data: the registry never heard of staging
        String list = Files.readString(data.resolve("deployments.json"), StandardCharsets.UTF_8);
        Files.writeString(
                data.resolve("deployments.json"),
                list.replaceAll("\\{\"name\":\"" + staging + "\"[^}]*},?", "").replace(",]", "]"),
                StandardCharsets.UTF_8);
        assertThat(Files.readString(data.resolve("deployments.json"))).doesNotContain(staging);

        SlipwayServer second = start(config.withPort(port));
        assertThat(second.deploymentNames()).containsExactlyInAnyOrder("default", production, staging);
        assertThat(list(second, production)).isEqualTo("{\"status\":\"success\",\"value\":[\"kept\"]}");
        assertThat(push(second, staging, owner).status()).isEqualTo(200);
        assertThat(Files.readString(data.resolve("owner.token")).strip()).isEqualTo(owner);
    }

    @Test
    void productionHidesLogsAndErrorDetailsFromClients_devShowsThem_adminsSeeAll() throws Exception {
        SlipwayServer server = start(config());
        String owner = ownerToken();
        String production = field(
                control(server, owner, "teams/default/projects", "{\"slug\":\"shown\"}"), 201, "production", "name");
        String dev = field(
                control(server, owner, "teams/default/projects/shown/dev-deployment", "{}"), 201, "deployment", "name");
        for (String deployment : List.of(production, dev)) {
            assertThat(push(server, deployment, owner).status()).isEqualTo(200);
        }

        String prodSend = anonymousSend(server, production);
        assertThat(prodSend).startsWith("{\"status\":\"success\"").doesNotContain("logLines");
        String devSend = anonymousSend(server, dev);
        assertThat(devSend).contains("\"logLines\":[\"[LOG] 'sending' 'hi'\"]");
        assertThat(send(server, production, owner, "hi").body())
                .as("an admin caller sees the log lines of production")
                .contains("\"logLines\"");

        String prodFail = new Http(server.url() + "/d/" + production)
                .post("/api/mutation", "{\"path\":\"messages:fail\",\"args\":{}}")
                .body();
        assertThat(prodFail)
                .matches(".*\"errorMessage\":\"\\[Request ID: [^\\]]+\\] Server Error\".*")
                .contains("\"errorData\":{\"code\":\"NOPE\"");
        String devFail = new Http(server.url() + "/d/" + dev)
                .post("/api/mutation", "{\"path\":\"messages:fail\",\"args\":{}}")
                .body();
        assertThat(devFail).contains("Uncaught ConvexError").contains("\"errorData\":{\"code\":\"NOPE\"");
    }

    private static String anonymousSend(SlipwayServer server, String deployment) {
        return new Http(server.url() + "/d/" + deployment)
                .post("/api/mutation", "{\"path\":\"messages:send\",\"args\":{\"channel\":\"c\",\"body\":\"hi\"}}")
                .body();
    }
}
