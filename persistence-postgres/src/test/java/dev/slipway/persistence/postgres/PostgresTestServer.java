package dev.slipway.persistence.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL server of the tests, from system properties {@code slipway.test.pg.url}, {@code
 * .user}, {@code .password} or the environment variables {@code SLIPWAY_TEST_PG_URL}, {@code _USER},
 * {@code _PASSWORD}; by default {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}
 * without password. A server that cannot be reached fails the test (never skips it) with a message
 * that says how to start one.
 */
public final class PostgresTestServer {
    private PostgresTestServer() {}

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    static String url() {
        return setting("url").orElse(DEFAULT_URL);
    }

    static String user() {
        return setting("user").orElse("postgres");
    }

    static Optional<String> password() {
        return setting("password");
    }

    private static Optional<String> setting(String name) {
        String property = System.getProperty("slipway.test.pg." + name);
        if (property != null && !property.isEmpty()) {
            return Optional.of(property);
        }
        String env = System.getenv("SLIPWAY_TEST_PG_" + name.toUpperCase(Locale.ROOT));
        return env == null || env.isEmpty() ? Optional.empty() : Optional.of(env);
    }

    /** Options for a store in {@code schema} on the test server. */
    static PostgresOptions.Builder options(String schema) {
        PostgresOptions.Builder builder = PostgresOptions.builder()
                .jdbcUrl(url())
                .user(user())
                .schema(schema)
                .poolSize(4);
        password().ifPresent(builder::password);
        return builder;
    }

    /** Opens a store in {@code schema}, failing with how to start the server when it is unreachable. */
    static PostgresPersistence open(String schema) {
        requireServer();
        return PostgresPersistence.open(options(schema).build());
    }

    /** A fresh schema name for one test. */
    static String freshSchema(String prefix) {
        return prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36);
    }

    private static volatile boolean reached;

    /** Fails (never skips) when the server cannot be reached; checks once per JVM once it could. */
    static void requireServer() {
        if (reached) {
            return;
        }
        try (Connection c = connect()) {
            c.isValid(5);
            reached = true;
        } catch (SQLException e) {
            throw new AssertionError(
                    "the postgres tests need a PostgreSQL server at " + url() + " (user " + user() + "): "
                            + e.getMessage() + ". Start the local one with `pg_ctlcluster --skip-systemctl-redirect"
                            + " $(ls /etc/postgresql) main start`, or point SLIPWAY_TEST_PG_URL / _USER / _PASSWORD"
                            + " (or -Dslipway.test.pg.url=...) at another.",
                    e);
        }
    }

    /** A plain connection to the test server, outside any store. */
    static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user());
        password().ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url(), properties);
    }

    /** Runs statements on a plain connection. */
    static void execute(String... statements) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + List.of(statements) + ": " + e.getMessage(), e);
        }
    }

    /** The rows of a query, each as its columns' text joined by {@code |}. */
    static List<String> query(String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                rows.add(String.join("|", row));
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + sql + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** Drops a schema if it exists. */
    static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS \"" + PostgresOptions.checkSchema(schema) + "\" CASCADE");
    }
}
