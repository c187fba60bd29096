package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.ServerConfig;
import dev.slipway.server.Storage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;

/**
 * The agents' dev deployments on PostgreSQL: a schema per deployment, and the control plane in a
 * schema of its own. The test database is shared, so the control schema is unique to the run, and
 * every schema the test made is dropped at the end.
 */
@Tag("postgres")
class PostgresAgentDeploymentsTest extends AbstractAgentDeploymentsTest {
    private final String controlSchema =
            "slipway_control_cli_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    /** {@code SLIPWAY_TEST_PG_URL} (a JDBC URL), else the local test server. */
    private static String jdbcUrl() {
        String env = System.getenv("SLIPWAY_TEST_PG_URL");
        return env == null || env.isEmpty() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : env;
    }

    @Override
    ServerConfig.Builder config(Path data) {
        return TestServer.config(data).storage(Storage.postgres(jdbcUrl(), controlSchema));
    }

    /** The schema of a deployment named like the control plane names them ({@code brave-otter-123}). */
    private static String schema(String deployment) {
        return "dph_" + deployment.replace('-', '_');
    }

    @Override
    void assertStoreGone(Path data, String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl());
                PreparedStatement s =
                        c.prepareStatement("select count(*) from information_schema.schemata where schema_name = ?")) {
            s.setString(1, schema(name));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getInt(1)).as("schema of %s is dropped", name).isZero();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL server at " + jdbcUrl(), e);
        }
    }

    @Override
    void cleanUp(List<String> deployments) {
        try (Connection c = DriverManager.getConnection(jdbcUrl());
                Statement s = c.createStatement()) {
            for (String name : deployments) {
                s.execute("drop schema if exists \"" + schema(name) + "\" cascade");
            }
            s.execute("drop schema if exists \"" + controlSchema + "\" cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot clean up the test PostgreSQL server at " + jdbcUrl(), e);
        }
    }
}
