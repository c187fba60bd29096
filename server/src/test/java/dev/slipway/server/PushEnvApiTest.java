package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.application.PushProgress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push and environment endpoints ({@code admin/push}, {@code admin/push/progress}, {@code
 * admin/env}) over HTTP, as the CLI calls them, on a fresh SQLite data directory per test.
 */
@Tag("node")
class PushEnvApiTest {
    /** The test app's schema line, and a stricter one that existing messages fail (no author). */
    private static final String SCHEMA_LINE = "messages: defineTable({ channel: v.string(), body: v.string() })";

    private static final String STRICT_LINE =
            "messages: defineTable({ channel: v.string(), body: v.string(), author: v.string() }).index(\"by_body\","
                    + " [\"body\"])";

    /** A function by hand (what convex/server registers) that reads process.env at load and in the call. */
    private static final String ENV_MODULE = """
            const atLoad = process.env.GREETING ?? null;
            export const read = Object.assign(() => {}, {
              isQuery: true,
              isPublic: true,
              exportArgs: () => '{"type":"any"}',
              exportReturns: () => "null",
              invokeQuery: async () => JSON.stringify({ atLoad, inCall: process.env.GREETING ?? null }),
            });
            """;

    @TempDir
    Path data;

    private SlipwayServer server;
    private Http http;
    private String admin;

    @BeforeEach
    void start() {
        server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .build());
        http = new Http(server.deploymentUrl());
        admin = "Convex " + server.adminKey();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Reply push(Map<String, String> modules, String extraFields) {
        String body = JsonOut.object(o -> o.objectField("modules", m -> modules.forEach(m::field)));
        if (!extraFields.isEmpty()) {
            body = body.substring(0, body.length() - 1) + "," + extraFields + "}";
        }
        return http.post("/admin/push", body, "Authorization", admin);
    }

    private static Map<String, String> strict() {
        Map<String, String> modules = new HashMap<>(TestApp.modules());
        String schema = java.util.Objects.requireNonNull(modules.get("schema.js"), "the test app's schema.js");
        assertThat(schema).contains(SCHEMA_LINE);
        modules.put("schema.js", schema.replace(SCHEMA_LINE, STRICT_LINE));
        return modules;
    }

    private String send(String body) {
        Http.Reply reply = http.post(
                "/api/mutation",
                "{\"path\":\"messages:send\",\"format\":\"convex_encoded_json\",\"args\":[{\"channel\":\"c\",\"body\":\""
                        + body + "\"}]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Matcher id = Pattern.compile("\"value\":\"([^\"]+)\"").matcher(reply.body());
        assertThat(id.find()).as(reply.body()).isTrue();
        return id.group(1);
    }

    private static String versionId(Http.Reply reply) {
        Matcher m = Pattern.compile("\"versionId\":\"([0-9a-f]{12})\"").matcher(reply.body());
        assertThat(m.find()).as(reply.body()).isTrue();
        return m.group(1);
    }

    @Test
    void push_answersTheReport_andAnIdenticalPushIsUnchanged() {
        Http.Reply first =
                push(TestApp.modules(), "\"author\":\"ada\",\"git\":{\"commit\":\"abc123\",\"branch\":\"main\"}");

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.body())
                .contains("\"previousVersionId\":null,\"dryRun\":false,\"switched\":true,\"unchanged\":false")
                .contains("{\"path\":\"messages:list\",\"kind\":\"query\",\"visibility\":\"public\"}")
                .contains("{\"path\":\"messages:send\",\"change\":\"added\",\"changed\":[],\"before\":null,"
                        + "\"after\":{\"kind\":\"mutation\",\"visibility\":\"public\",\"args\":{\"type\":\"object\"")
                .contains("{\"table\":\"messages\",\"name\":\"by_channel\",\"change\":\"added\",\"before\":null,"
                        + "\"after\":[\"channel\"]}")
                .contains("\"schemaCheck\":{\"passed\":true,\"enforced\":true,\"tables\":[{\"table\":\"messages\","
                        + "\"documents\":0}],\"violations\":[]}")
                .contains("{\"phase\":\"switching\",\"millis\":");
        Http.Reply again = push(TestApp.modules(), "");
        assertThat(again.body()).contains("\"unchanged\":true").contains(versionId(first));
    }

    @Test
    void push_thatExistingDataFails_is400WithTheReport_andDryRunChangesNothing() {
        String v1 = versionId(push(TestApp.modules(), ""));
        String a = send("one");
        String b = send("two");

        Http.Reply dry = push(strict(), "\"dryRun\":true");
        assertThat(dry.status()).as(dry.body()).isEqualTo(400);
        assertThat(dry.body())
                .startsWith("{\"code\":\"SchemaValidationFailed\",\"message\":\"Schema validation failed")
                .contains("\"dryRun\":true,\"switched\":false")
                .contains("\"violations\":[{\"table\":\"messages\",\"path\":\".author\",\"expected\":\"v.string()\","
                        + "\"found\":\"missing\",\"count\":2,\"sampleIds\":[")
                .contains(a)
                .contains(b)
                .contains("{\"table\":\"messages\",\"name\":\"by_body\",\"change\":\"added\"");

        Http.Reply refused = push(strict(), "");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("\"code\":\"SchemaValidationFailed\"")
                .contains("\"switched\":false");

        Http.Reply unchanged = push(TestApp.modules(), "");
        assertThat(unchanged.body()).contains("\"unchanged\":true").contains("\"versionId\":\"" + v1 + "\"");
        send("three"); // the old schema still accepts a message without author
    }

    @Test
    void push_badFlags_are400NamingThem() {
        Http.Reply stage = push(TestApp.modules(), "\"stage\":1");
        assertThat(stage.status()).isEqualTo(400);
        assertThat(stage.body()).contains("`stage` in the push body must be true or false, got 1");

        Http.Reply dryRun = push(TestApp.modules(), "\"dryRun\":\"yes\"");
        assertThat(dryRun.status()).isEqualTo(400);
        assertThat(dryRun.body()).contains("`dryRun` in the push body must be true or false");

        Http.Reply get = http.get("/admin/push", "Authorization", admin);
        assertThat(get.status()).isEqualTo(405);
    }

    @Test
    void pushProgress_idle_isInactive_andNeedsTheAdminKey() {
        Http.Reply idle = http.get("/admin/push/progress", "Authorization", admin);
        assertThat(idle.status()).isEqualTo(200);
        assertThat(idle.body()).isEqualTo("{\"active\":false}");

        assertThat(http.get("/admin/push/progress").status()).isEqualTo(401);
    }

    @Test
    void pushProgress_running_rendersThePhase() {
        PushProgress progress = new PushProgress(
                "3f2a9c1b7d4e", PushProgress.Phase.VALIDATING, Optional.of("messages"), 1, 2, 1500, 1_733_400_000_000L);
        assertThat(PushApi.progress(Optional.of(progress)))
                .isEqualTo("{\"active\":true,\"versionId\":\"3f2a9c1b7d4e\",\"phase\":\"validating\","
                        + "\"target\":\"messages\",\"step\":1,\"steps\":2,\"documents\":1500,"
                        + "\"startedAt\":1733400000000,"
                        + "\"message\":\"validating table messages (1/2): 1500 documents checked\"}");
    }

    @Test
    void env_setReadRemove_reachesProcessEnv_andRefusesBadNames() {
        Map<String, String> modules = new HashMap<>(TestApp.modules());
        modules.put("env.js", ENV_MODULE);
        assertThat(push(modules, "").status()).isEqualTo(200);
        assertThat(http.get("/admin/env", "Authorization", admin).body()).isEqualTo("{\"variables\":[]}");

        Http.Reply set = http.post(
                "/admin/env",
                "{\"changes\":[{\"name\":\"GREETING\",\"value\":\"hi\"},{\"name\":\"B\",\"value\":\"2\"}]}",
                "Authorization",
                admin);
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.body())
                .isEqualTo(
                        "{\"variables\":[{\"name\":\"B\",\"value\":\"2\"},{\"name\":\"GREETING\",\"value\":\"hi\"}]}");
        assertThat(http.post("/api/query", "{\"path\":\"env:read\",\"args\":{}}")
                        .body())
                .contains("\"value\":{\"atLoad\":\"hi\",\"inCall\":\"hi\"}");

        Http.Reply remove = http.post(
                "/admin/env", "{\"changes\":[{\"name\":\"GREETING\",\"value\":null}]}", "Authorization", admin);
        assertThat(remove.body()).isEqualTo("{\"variables\":[{\"name\":\"B\",\"value\":\"2\"}]}");
        assertThat(http.post("/api/query", "{\"path\":\"env:read\",\"args\":{}}")
                        .body())
                .contains("\"value\":{\"atLoad\":null,\"inCall\":null}");

        Http.Reply bad = http.post(
                "/admin/env", "{\"changes\":[{\"name\":\"9LIVES\",\"value\":\"x\"}]}", "Authorization", admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body())
                .contains("\"code\":\"EnvironmentVariableNameInvalid\"")
                .contains("9LIVES");
        Http.Reply twice = http.post(
                "/admin/env",
                "{\"changes\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"A\",\"value\":null}]}",
                "Authorization",
                admin);
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body()).contains("\"code\":\"EnvVarNameNotUnique\"");
        assertThat(http.get("/admin/env").status()).isEqualTo(401);
        assertThat(http.get("/admin/env", "Authorization", admin).body())
                .isEqualTo("{\"variables\":[{\"name\":\"B\",\"value\":\"2\"}]}");
    }
}
