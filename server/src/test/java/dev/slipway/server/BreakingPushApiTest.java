package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function-API gate over HTTP ({@code admin/push}): a push that renames a public function is a
 * 400 {@code BreakingChanges} whose report carries {@code apiCheck}; {@code allowBreaking} lets it
 * through (still reporting the errors), and a dry run with it changes nothing.
 */
@Tag("node")
class BreakingPushApiTest {
    /** A public mutation by hand (what convex/server registers), exported under {@code name}. */
    private static String chatModule(String name) {
        return """
                export const %s = Object.assign(() => {}, {
                  isMutation: true,
                  isPublic: true,
                  exportArgs: () => '{"type":"object","value":{"body":{"fieldType":{"type":"string"},"optional":false}}}',
                  exportReturns: () => "null",
                  invokeMutation: async () => "null",
                });
                """.formatted(name);
    }

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

    private Http.Reply push(String chatExport, String extraFields) {
        Map<String, String> modules = new HashMap<>(TestApp.modules());
        modules.put("chat.js", chatModule(chatExport));
        String body = JsonOut.object(o -> o.objectField("modules", m -> modules.forEach(m::field)));
        if (!extraFields.isEmpty()) {
            body = body.substring(0, body.length() - 1) + "," + extraFields + "}";
        }
        return http.post("/admin/push", body, "Authorization", admin);
    }

    @Test
    void rename_is400BreakingChangesWithTheApiCheck_andAllowBreakingPushesIt() {
        Http.Reply v1 = push("send", "");
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        assertThat(v1.body())
                .contains("\"allowBreaking\":false,\"apiCheck\":{\"passed\":true,\"comparedWith\":[],\"findings\":[]},"
                        + "\"jobCheck\":{\"passed\":true,\"checked\":0,\"problems\":[],\"more\":0}");

        Http.Reply refused = push("post", "");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .startsWith("{\"code\":\"BreakingChanges\",\"message\":\"Breaking changes:")
                .contains("\"switched\":false")
                .contains("\"apiCheck\":{\"passed\":false,\"comparedWith\":[\"")
                .contains(
                        "{\"severity\":\"error\",\"rule\":\"functionRemoved\",\"function\":\"chat:send\",\"path\":\"\","
                                + "\"before\":null,\"after\":null,\"message\":\"chat:send (mutation) is removed")
                .contains("chat:post was added with the same kind and arguments");

        Http.Reply dry = push("post", "\"dryRun\":true,\"allowBreaking\":true");
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.body()).contains("\"dryRun\":true,\"switched\":false").contains("\"allowBreaking\":true");

        Http.Reply allowed = push("post", "\"allowBreaking\":true");
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body())
                .contains("\"switched\":true")
                .contains("\"allowBreaking\":true,\"apiCheck\":{\"passed\":false");
        Http.Reply post = http.post(
                "/api/mutation",
                "{\"path\":\"chat:post\",\"format\":\"convex_encoded_json\",\"args\":[{\"body\":\"hi\"}]}");
        assertThat(post.body()).as(post.body()).contains("\"status\":\"success\"");

        Http.Reply bad = push("post", "\"allowBreaking\":\"yes\"");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("`allowBreaking` in the push body must be true or false");
    }
}
