package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API over a pushed bundle of the test app ({@code src/test/js}), on a SQLite data
 * directory, called the way {@code ConvexHttpClient} and the documented HTTP API call it.
 */
@Tag("node")
class FunctionApiTest {
    private static final String NPM = "Convex-Client";
    private static final String NPM_1_48 = "npm-1.48.0";

    @TempDir
    static Path data;

    private static SlipwayServer server;
    private static Http http;
    private static String admin;
    private static String versionId;

    @BeforeAll
    static void startAndPush() {
        server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .build());
        http = new Http(server.deploymentUrl());
        admin = "Convex " + server.adminKey();
        Http.Reply push = http.post("/admin/push", TestApp.pushBody(), "Authorization", admin);
        assertThat(push.status()).as(push.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"versionId\":\"([0-9a-f]+)\"").matcher(push.body());
        assertThat(m.find()).isTrue();
        versionId = m.group(1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http.Reply send(String channel, String body) {
        return http.post(
                "/api/mutation",
                "{\"path\":\"messages:send\",\"format\":\"convex_encoded_json\",\"args\":[{\"channel\":\"" + channel
                        + "\",\"body\":\"" + body + "\"}]}",
                NPM,
                NPM_1_48);
    }

    @Test
    void push_validBundle_listsTheFunctions() {
        Http.Reply push = http.post("/admin/push", TestApp.pushBody(), "Authorization", admin);
        assertThat(push.status()).isEqualTo(200);
        assertThat(push.body())
                .contains("\"versionId\":\"" + versionId + "\"")
                .contains("\"schema\":true,\"httpRouter\":true")
                .contains("{\"path\":\"messages:list\",\"kind\":\"query\",\"visibility\":\"public\"}")
                .contains("{\"path\":\"messages:secret\",\"kind\":\"query\",\"visibility\":\"internal\"}")
                .contains("{\"path\":\"messages:shout\",\"kind\":\"action\",\"visibility\":\"public\"}");
    }

    @Test
    void mutationThenQuery_asTheHttpClientSendsThem_roundTrip() {
        Http.Reply sent = send("roundtrip", "hi");
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body())
                .startsWith("{\"status\":\"success\",\"value\":\"")
                .contains("\"logLines\":[\"[LOG] 'sending' 'hi'\"]");
        Http.Reply list = http.post(
                "/api/query",
                "{\"path\":\"messages:list\",\"format\":\"convex_encoded_json\",\"args\":[{\"channel\":\"roundtrip\"}]}",
                NPM,
                NPM_1_48);
        assertThat(list.body()).isEqualTo("{\"status\":\"success\",\"value\":[\"hi\"]}");
    }

    @Test
    void query_noFormat_modernClient_getsCleanJson() {
        Http.Reply reply = http.post("/api/query", "{\"path\":\"messages:big\",\"args\":{}}", NPM, NPM_1_48);
        assertThat(reply.body())
                .isEqualTo("{\"status\":\"success\",\"value\":{\"bytes\":\"AQID\",\"n\":\"7\",\"nan\":\"NaN\"}}");
    }

    @Test
    void query_convexEncodedJson_isLossless() {
        Http.Reply reply =
                http.post("/api/query", "{\"path\":\"messages:big\",\"args\":{},\"format\":\"convex_encoded_json\"}");
        assertThat(reply.body())
                .isEqualTo("{\"status\":\"success\",\"value\":{\"bytes\":{\"$bytes\":\"AQID\"},\"n\":{\"$integer\":"
                        + "\"BwAAAAAAAAA=\"},\"nan\":{\"$float\":\"AAAAAAAA+H8=\"}}}");
    }

    @Test
    void query_oldNpmClient_defaultsToConvexJson() {
        Http.Reply reply = http.post("/api/query", "{\"path\":\"messages:big\",\"args\":{}}", NPM, "npm-1.3.0");
        assertThat(reply.body()).contains("{\"$integer\":\"BwAAAAAAAAA=\"}");
    }

    @Test
    void query_get_readsPathAndArgsFromTheQueryString() {
        send("getq", "x");
        Http.Reply reply = http.get("/api/query?path=messages:list&args=%7B%22channel%22%3A%22getq%22%7D");
        assertThat(reply.body()).isEqualTo("{\"status\":\"success\",\"value\":[\"x\"]}");
    }

    @Test
    void mutation_convexError_carriesErrorDataInTheRequestedFormat() {
        Http.Reply encoded = http.post(
                "/api/mutation", "{\"path\":\"messages:fail\",\"args\":[{}],\"format\":\"convex_encoded_json\"}");
        assertThat(encoded.status()).isEqualTo(200);
        assertThat(encoded.body())
                .startsWith("{\"status\":\"error\",\"errorMessage\":\"")
                .contains("\"errorData\":{\"code\":\"NOPE\",\"count\":{\"$integer\":\"AwAAAAAAAAA=\"}}");
        Http.Reply clean = http.post("/api/mutation", "{\"path\":\"messages:fail\",\"args\":{},\"format\":\"json\"}");
        assertThat(clean.body()).contains("\"errorData\":{\"code\":\"NOPE\",\"count\":\"3\"}");
    }

    @Test
    void function_objectArgs_runsAnyKind() {
        Http.Reply action =
                http.post("/api/function", "{\"path\":\"messages:shout\",\"args\":{\"text\":\"hey\"}}", NPM, NPM_1_48);
        assertThat(action.body()).isEqualTo("{\"status\":\"success\",\"value\":\"HEY\"}");
        Http.Reply query = http.post("/api/function", "{\"path\":\"messages:list\",\"args\":{\"channel\":\"none\"}}");
        assertThat(query.body()).isEqualTo("{\"status\":\"success\",\"value\":[]}");
    }

    @Test
    void run_pathInTheUrl_defaultsToCleanJson() {
        Http.Reply reply = http.post("/api/run/messages/big", "{\"args\":{}}", NPM, "npm-1.0.0");
        assertThat(reply.body()).contains("\"n\":\"7\"");
    }

    @Test
    void run_singleSegment_is400MissingIdentifier() {
        Http.Reply reply = http.post("/api/run/messages", "{\"args\":{}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"code\":\"MissingIdentifier\"");
    }

    @Test
    void internalFunction_asClient_isNotFound_asAdmin_runs() {
        Http.Reply client = http.post("/api/query", "{\"path\":\"messages:secret\",\"args\":{}}");
        assertThat(client.body()).contains("\"status\":\"error\"").contains("internal function");
        Http.Reply asAdmin =
                http.post("/api/query", "{\"path\":\"messages:secret\",\"args\":{}}", "Authorization", admin);
        assertThat(asAdmin.body()).isEqualTo("{\"status\":\"success\",\"value\":\"internal\"}");
    }

    @Test
    void unknownFunction_isAFunctionError() {
        Http.Reply reply = http.post("/api/query", "{\"path\":\"messages:nope\",\"args\":{}}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("Could not find public function for 'messages:nope'");
    }

    @Test
    void wrongKind_mutationCalledAsQuery_isAFunctionError() {
        Http.Reply reply = http.post("/api/query", "{\"path\":\"messages:send\",\"args\":{}}");
        assertThat(reply.body()).contains("Trying to execute messages:send as Query, but it is defined as Mutation.");
    }

    @Test
    void argsFailingTheValidator_isAFunctionError() {
        Http.Reply reply = http.post("/api/query", "{\"path\":\"messages:list\",\"args\":{\"channel\":5}}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"status\":\"error\"").contains("ArgumentValidationError");
    }

    @Test
    void queryAtTs_oldSnapshot_doesNotSeeLaterWrites() {
        send("snap", "first");
        String ts = http.post("/api/query_ts", "").body().replaceAll(".*\"ts\":\"([^\"]+)\".*", "$1");
        send("snap", "second");
        Http.Reply then = http.post(
                "/api/query_at_ts",
                "{\"path\":\"messages:list\",\"args\":[{\"channel\":\"snap\"}],\"ts\":\"" + ts + "\"}");
        assertThat(then.body()).isEqualTo("{\"status\":\"success\",\"value\":[\"first\"]}");
    }

    @Test
    void queryAtTs_badTimestamp_is400() {
        Http.Reply reply =
                http.post("/api/query_at_ts", "{\"path\":\"messages:list\",\"args\":{},\"ts\":\"not-base64!\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"code\":\"InvalidTimestamp\"");
    }

    @Test
    void queryBatch_answersEveryQueryInOrder() {
        send("batch", "b");
        Http.Reply reply = http.post(
                "/api/query_batch",
                "{\"queries\":[{\"path\":\"messages:list\",\"args\":{\"channel\":\"batch\"}},"
                        + "{\"path\":\"messages:nope\",\"args\":{}}]}");
        assertThat(reply.body())
                .startsWith("{\"results\":[{\"status\":\"success\",\"value\":[\"b\"]},{\"status\":\"error\"");
    }

    @Test
    void httpAction_underTheHttpPrefix_seesItsRouteAndQuery() {
        Http.Reply hello = http.get("/http/hello?name=ada");
        assertThat(hello.status()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hello ada");
        assertThat(hello.raw().headers().firstValue("content-type")).hasValue("text/plain");
        Http.Reply echo = http.post("/http/echo", "ping");
        assertThat(echo.status()).isEqualTo(201);
        assertThat(echo.body()).isEqualTo("{\"got\":\"ping\"}");
    }

    @Test
    void httpAction_unroutedPath_is404() {
        Http.Reply reply = http.get("/http/missing");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).contains("No HttpAction routed for /missing");
    }

    @Test
    void httpAction_throwing_is500WithRequestId() {
        Http.Reply reply = http.get("/http/boom");
        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body()).contains("Server Error").contains("kaboom");
    }

    @Test
    void pinnedVersion_current_serves_unknown_isAVersionNotFoundError() {
        Http.Reply current = http.post(
                "/v/" + versionId + "/api/query", "{\"path\":\"messages:list\",\"args\":{\"channel\":\"pin\"}}");
        assertThat(current.body()).isEqualTo("{\"status\":\"success\",\"value\":[]}");
        Http.Reply other = http.post("/v/000000000000/api/query", "{\"path\":\"messages:list\",\"args\":{}}");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.body())
                .contains("\"status\":\"error\"")
                .contains("\"code\":\"VersionNotFound\"")
                .contains("000000000000");
    }

    @Test
    void metrics_afterCalls_countFunctionCalls() {
        send("metrics", "m");
        Http.Reply metrics = new Http(server.url()).get("/metrics");
        assertThat(metrics.body())
                .contains("slipway_function_calls_total{kind=\"mutation\",outcome=\"success\",transport=\"http\"}")
                .contains("slipway_http_requests_seconds_count{route=\"api/mutation\",status=\"200\"}");
    }
}
