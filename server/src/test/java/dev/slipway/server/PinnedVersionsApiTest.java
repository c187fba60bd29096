package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skew protection over HTTP: after a second push, {@code /d/<dep>/v/<first version>/api/...} still
 * runs the first version's code against the shared data, while the unpinned URL serves the new one.
 */
@Tag("node")
class PinnedVersionsApiTest {
    @TempDir
    Path data;

    @Test
    void olderPinnedVersion_keepsServing_afterANewPush() {
        try (SlipwayServer server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .build())) {
            Http http = new Http(server.deploymentUrl());
            String admin = "Convex " + server.adminKey();
            String v1 = push(http, admin, TestApp.modules());
            // version 2 logs another word when it sends, so the log line tells which code ran
            Map<String, String> changed = new TreeMap<>(TestApp.modules());
            String messages = java.util.Objects.requireNonNull(changed.get("messages.js"), "messages.js in the bundle");
            assertThat(messages).contains("\"sending\"");
            changed.put("messages.js", messages.replace("\"sending\"", "\"posting\""));
            String v2 = push(http, admin, changed);
            assertThat(v2).isNotEqualTo(v1);

            Http.Reply sent = http.post(
                    "/v/" + v1 + "/api/mutation",
                    "{\"path\":\"messages:send\",\"args\":{\"channel\":\"skew\",\"body\":\"from v1\"}}");
            assertThat(sent.body()).as("the pinned older version's code").contains("[LOG] 'sending' 'from v1'");
            Http.Reply current = http.post(
                    "/api/mutation", "{\"path\":\"messages:send\",\"args\":{\"channel\":\"other\",\"body\":\"now\"}}");
            assertThat(current.body()).as("the current version's code").contains("[LOG] 'posting' 'now'");
            String list = "{\"path\":\"messages:list\",\"args\":{\"channel\":\"skew\"}}";
            assertThat(http.post("/v/" + v1 + "/api/query", list).body()).contains("from v1");
            assertThat(http.post("/api/query", list).body())
                    .as("the same data, unpinned")
                    .contains("from v1");
            assertThat(http.post("/v/" + v2 + "/api/query", list).body()).contains("from v1");
        }
    }

    @Test
    void stage_promote_rollback_andVersions_overTheAdminApi() {
        try (SlipwayServer server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .build())) {
            Http http = new Http(server.deploymentUrl());
            String admin = "Convex " + server.adminKey();
            assertThat(http.post("/admin/promote", "{}", "Authorization", admin).body())
                    .contains("\"code\":\"NoStagedVersion\"");
            String v1 = push(http, admin, TestApp.modules());
            Map<String, String> changed = new TreeMap<>(TestApp.modules());
            String messages = java.util.Objects.requireNonNull(changed.get("messages.js"), "messages.js in the bundle");
            changed.put("messages.js", messages.replace("\"sending\"", "\"posting\""));
            String v2 = push(http, admin, changed, "\"stage\": true");

            Http.Reply versions = http.get("/admin/versions", "Authorization", admin);
            assertThat(versions.status()).as(versions.body()).isEqualTo(200);
            assertThat(versions.body())
                    .contains("\"current\":\"" + v1 + "\"")
                    .contains("\"staged\":\"" + v2 + "\"")
                    .contains("\"retentionMs\":86400000")
                    .contains("\"path\":\"/d/" + server.deploymentName() + "/v/" + v2 + "\"");
            String send = "{\"path\":\"messages:send\",\"args\":{\"channel\":\"s\",\"body\":\"b\"}}";
            assertThat(http.post("/api/mutation", send).body()).contains("'sending'");
            assertThat(http.post("/v/" + v2 + "/api/mutation", send).body()).contains("'posting'");
            assertThat(http.post("/admin/promote", "{\"versionId\":\"" + v1 + "\"}", "Authorization", admin)
                            .body())
                    .contains("\"code\":\"VersionNotStaged\"");

            Http.Reply promoted = http.post("/admin/promote", "", "Authorization", admin);
            assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
            assertThat(promoted.body()).contains("\"kind\":\"promote\"").contains("\"promoted\":true");
            assertThat(http.post("/api/mutation", send).body()).contains("'posting'");

            Http.Reply rolledBack = http.post("/admin/rollback", "{}", "Authorization", admin);
            assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
            assertThat(rolledBack.body()).contains("\"rolledBack\":true").contains("\"versionId\":\"" + v1 + "\"");
            assertThat(http.post("/api/mutation", send).body()).contains("'sending'");

            Http.Reply retention =
                    http.post("/admin/versions/retention", "{\"retentionMs\": 3600000}", "Authorization", admin);
            assertThat(retention.status()).as(retention.body()).isEqualTo(200);
            assertThat(http.get("/admin/versions", "Authorization", admin).body())
                    .contains("\"retentionMs\":3600000");
            assertThat(http.post("/admin/versions/retention", "{\"retentionMs\": -1}", "Authorization", admin)
                            .body())
                    .contains("must not be negative");
            assertThat(http.get("/admin/versions").status()).as("admin only").isEqualTo(401);
        }
    }

    private static String push(Http http, String admin, Map<String, String> modules) {
        return push(http, admin, modules, "\"dryRun\": false");
    }

    private static String push(Http http, String admin, Map<String, String> modules, String extraField) {
        String body = JsonOut.object(o -> o.objectField("modules", m -> modules.forEach(m::field)))
                .replaceFirst("^\\{", "{" + extraField + ",");
        Http.Reply reply = http.post("/admin/push", body, "Authorization", admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"versionId\":\"([0-9a-f]+)\"").matcher(reply.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
