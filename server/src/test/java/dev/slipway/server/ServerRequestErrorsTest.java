package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the server refuses as a whole get {@code {code, message}} with the right status, and the
 * server keeps serving. No code is pushed here (no Node needed).
 */
class ServerRequestErrorsTest {
    @TempDir
    static Path data;

    private static SlipwayServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .maxRequestBytes(64 * 1024)
                .build());
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void health_always_isOk() {
        Http.Reply reply = http.get("/health");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void unknownRoute_any_is404NamingTheDeploymentPrefix() {
        Http.Reply reply = http.post("/api/query", "{}");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body())
                .startsWith("{\"code\":\"NotFound\",\"message\":\"No route for POST /api/query.")
                .contains("/d/default/api/query");
    }

    @Test
    void unknownDeployment_any_is404DeploymentNotFound() {
        Http.Reply reply = http.post("/d/nope/api/query", "{\"path\":\"a:b\",\"args\":{}}");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).contains("\"code\":\"DeploymentNotFound\"").contains("nope");
    }

    @Test
    void unknownEndpoint_underApi_is404() {
        Http.Reply reply = http.post("/d/default/api/nothing", "{}");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).contains("No API endpoint /api/nothing");
    }

    @Test
    void query_malformedJson_is400BadJsonBody() {
        Http.Reply reply = http.post("/d/default/api/query", "{\"path\": \"messages:list\", \"args\": {");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"code\":\"BadJsonBody\"").contains("malformed JSON");
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void query_bodyNotAnObject_is400() {
        Http.Reply reply = http.post("/d/default/api/query", "[1,2]");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("must be a JSON object, got an array");
    }

    @Test
    void query_missingPath_is400NamingTheField() {
        Http.Reply reply = http.post("/d/default/api/query", "{\"args\":{}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("missing the string field `path`");
    }

    @Test
    void query_unknownFormat_is400BadFormat() {
        Http.Reply reply =
                http.post("/d/default/api/query", "{\"path\":\"messages:list\",\"args\":{},\"format\":\"yaml\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"code\":\"BadFormat\"").contains("yaml");
    }

    @Test
    void query_argsNotAnObject_is400InvalidArgs() {
        Http.Reply reply = http.post("/d/default/api/query", "{\"path\":\"messages:list\",\"args\":[1,2]}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"code\":\"InvalidArgs\"");
    }

    @Test
    void query_badFunctionPath_is400() {
        Http.Reply reply = http.post("/d/default/api/query", "{\"path\":\"../x:y\",\"args\":{}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"code\":\"InvalidFunctionPath\"");
    }

    @Test
    void query_noCodePushed_isFunctionErrorCouldNotFind() {
        Http.Reply reply = http.post("/d/default/api/query", "{\"path\":\"messages:list\",\"args\":{}}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body())
                .startsWith("{\"status\":\"error\",\"errorMessage\":\"Could not find public function for"
                        + " 'messages:list'");
    }

    @Test
    void body_overTheLimit_is413AndTheServerKeepsServing() {
        String big = "{\"path\":\"messages:list\",\"args\":{\"x\":\"" + "a".repeat(70 * 1024) + "\"}}";
        Http.Reply reply = http.post("/d/default/api/query", big);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body()).contains("\"code\":\"PayloadTooLarge\"").contains("65536");
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void wrongMethod_onMutation_is405() {
        Http.Reply reply = http.get("/d/default/api/mutation");
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.body()).contains("\"code\":\"MethodNotAllowed\"");
    }

    @Test
    void badAdminKey_is401() {
        Http.Reply reply = http.post(
                "/d/default/api/query", "{\"path\":\"messages:list\",\"args\":{}}", "Authorization", "Convex nope");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).contains("\"code\":\"BadAdminKey\"");
    }

    @Test
    void bearerToken_noAuthConfigured_is401NoAuthProvider() {
        Http.Reply reply = http.post(
                "/d/default/api/query", "{\"path\":\"messages:list\",\"args\":{}}", "Authorization", "Bearer abc");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).contains("\"code\":\"NoAuthProvider\"").contains("not configured");
    }

    @Test
    void push_withoutAdminKey_is401MissingAdminKey() {
        Http.Reply reply = http.post("/d/default/admin/push", "{\"modules\":{}}");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).contains("\"code\":\"MissingAdminKey\"");
    }

    @Test
    void push_moduleThatDoesNotLoad_is400NamingTheModule() {
        Http.Reply reply = http.post(
                "/d/default/admin/push",
                "{\"modules\":{\"broken.js\":\"export const x = ;\"}}",
                "Authorization",
                "Convex " + server.adminKey());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("broken.js");
    }

    @Test
    void queryTs_noCommits_isAnEncodedTimestamp() {
        Http.Reply reply = http.post("/d/default/api/query_ts", "");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).matches("\\{\"ts\":\"[A-Za-z0-9+/]{11}=\"}");
    }

    @Test
    void syncPath_withoutUpgrade_is400() {
        Http.Reply reply = http.get("/d/default/api/1.48.0/sync");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("WebSocketUpgradeRequired");
    }

    @Test
    void pinnedVersion_noCodePushed_isAVersionNotFoundError() {
        Http.Reply reply = http.post("/d/default/v/abc/api/query", "{\"path\":\"messages:list\",\"args\":{}}");
        assertThat(reply.body()).contains("\"status\":\"error\"").contains("\"code\":\"VersionNotFound\"");
    }

    @Test
    void metrics_afterRequests_countsThemByRoute() {
        http.get("/health");
        Http.Reply reply = http.get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body())
                .contains("slipway_http_requests_seconds_count{route=\"health\",status=\"200\"}")
                .contains("slipway_websockets_open");
    }

    @Test
    void preflight_fromABrowser_mirrorsOriginAndHeaders() {
        Http.Reply reply = Http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.deploymentUrl() + "/api/query"))
                        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://app.example")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type,convex-client")
                        .build());
        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.raw().headers().firstValue("access-control-allow-origin"))
                .hasValue("http://app.example");
        assertThat(reply.raw().headers().firstValue("access-control-allow-headers"))
                .hasValue("content-type,convex-client");
        assertThat(reply.raw().headers().firstValue("access-control-allow-credentials"))
                .hasValue("true");
    }

    @Test
    void apiAnswer_withAnOrigin_allowsThatOrigin() {
        Http.Reply reply = http.post("/d/default/api/query_ts", "", "Origin", "http://app.example");
        assertThat(reply.raw().headers().firstValue("access-control-allow-origin"))
                .hasValue("http://app.example");
    }

    @Test
    void adminKey_firstStart_isWrittenWithMode600() throws Exception {
        Path file = data.resolve("admin.key");
        assertThat(Files.readString(file).strip()).isEqualTo(server.adminKey()).startsWith("slipway-admin|default|");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
