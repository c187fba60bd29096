package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;

/** Many deployments on embedded SQLite: one file per deployment under {@code <data>/deployments/<name>}. */
@Tag("node")
class SqliteDeploymentsTest extends AbstractDeploymentsTest {
    @Override
    protected Storage storage() {
        return Storage.sqlite();
    }

    @Override
    protected String firstName() {
        return "default";
    }

    @Override
    protected String createdName() {
        return "brave-otter-123";
    }

    @Override
    protected void assertStoreGone(String deployment) {
        assertThat(data.resolve("deployments").resolve(deployment)).doesNotExist();
        assertThat(data.resolve("deployments.json")).content().doesNotContain(deployment);
    }
}
