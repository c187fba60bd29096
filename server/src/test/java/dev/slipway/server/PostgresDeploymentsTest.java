package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.postgres.PostgresOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;

/**
 * Many deployments on PostgreSQL: one schema per deployment. The test server is shared, so the names
 * are unique per run and every deployment is deleted at the end.
 */
@Tag("postgres")
@Tag("node")
class PostgresDeploymentsTest extends AbstractDeploymentsTest {
    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    /** {@code SLIPWAY_TEST_PG_URL} (a JDBC URL), else the local test server. */
    static String jdbcUrl() {
        String env = System.getenv("SLIPWAY_TEST_PG_URL");
        return env == null || env.isEmpty() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : env;
    }

    @Override
    protected Storage storage() {
        return Storage.postgres(jdbcUrl(), controlSchema());
    }

    private String controlSchema() {
        return "slipway_control_" + suffix;
    }

    @Override
    protected void dropControlStore() {
        dropSchema(controlSchema());
    }

    /** Drops {@code schema} of the test server with all it holds. */
    static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists \"" + PostgresOptions.checkSchema(schema) + "\" cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop schema " + schema + " on " + jdbcUrl(), e);
        }
    }

    @Override
    protected String firstName() {
        return "srv_" + suffix;
    }

    @Override
    protected String createdName() {
        return "srv-" + suffix + "-b";
    }

    @Override
    protected void assertStoreGone(String deployment) {
        String schema = PostgresOptions.deploymentSchema(deployment);
        assertThat(schema).startsWith("dph_");
        try (Connection c = DriverManager.getConnection(jdbcUrl());
                PreparedStatement s =
                        c.prepareStatement("select count(*) from information_schema.schemata where schema_name = ?")) {
            s.setString(1, schema.toLowerCase(Locale.ROOT));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getInt(1)).as("schema %s is dropped", schema).isZero();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL server at " + jdbcUrl(), e);
        }
    }
}
