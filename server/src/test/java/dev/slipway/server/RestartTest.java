package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart on the same data directory serves the same deployment: its data, code and admin key. */
@Tag("node")
class RestartTest {
    @TempDir
    Path data;

    @Test
    void restart_sameDataDir_keepsDataCodeAndAdminKey() {
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .build();
        String key;
        int port;
        try (SlipwayServer first = SlipwayServer.start(config)) {
            key = first.adminKey();
            port = first.port();
            Http http = new Http(first.deploymentUrl());
            assertThat(http.post("/admin/push", TestApp.pushBody(), "Authorization", "Convex " + key)
                            .status())
                    .isEqualTo(200);
            assertThat(http.post(
                                    "/api/mutation",
                                    "{\"path\":\"messages:send\",\"args\":{\"channel\":\"r\",\"body\":\"kept\"}}")
                            .body())
                    .startsWith("{\"status\":\"success\"");
        }
        try (SlipwayServer second = SlipwayServer.start(config.withPort(port))) {
            assertThat(second.adminKey()).isEqualTo(key);
            assertThat(second.port()).isEqualTo(port);
            Http.Reply list = new Http(second.deploymentUrl())
                    .post("/api/query", "{\"path\":\"messages:list\",\"args\":{\"channel\":\"r\"}}");
            assertThat(list.body()).isEqualTo("{\"status\":\"success\",\"value\":[\"kept\"]}");
        }
    }
}
