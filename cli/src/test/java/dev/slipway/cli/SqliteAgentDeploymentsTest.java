package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.ServerConfig;
import java.nio.file.Path;

/** The agents' dev deployments on embedded SQLite: one file per deployment under {@code <data>/deployments}. */
class SqliteAgentDeploymentsTest extends AbstractAgentDeploymentsTest {
    @Override
    ServerConfig.Builder config(Path data) {
        return TestServer.config(data);
    }

    @Override
    void assertStoreGone(Path data, String name) {
        assertThat(data.resolve("deployments").resolve(name)).doesNotExist();
        assertThat(data.resolve("deployments.json")).content().doesNotContain(name);
    }
}
