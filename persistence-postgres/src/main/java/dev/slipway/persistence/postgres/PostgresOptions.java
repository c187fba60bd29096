package dev.slipway.persistence.postgres;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach one deployment's store on PostgreSQL: the server (JDBC URL and credentials), the
 * schema that holds the store, and the connection pool. Every setting is checked when the options
 * are built; a bad one fails with {@link IllegalArgumentException} naming it and its value, and is
 * never adjusted silently.
 *
 * @param jdbcUrl a {@code jdbc:postgresql:} URL naming the server and database
 * @param user the database role
 * @param password the role's password, if the server asks for one
 * @param schema the schema of this store (one per deployment, e.g. {@code dep_happy_otter_123}): a
 *     lowercase SQL identifier of 1–63 characters, see {@link #checkSchema}
 * @param poolSize the most connections the store's pool opens, 1–{@value #MAX_POOL_SIZE}; when idle it
 *     keeps one, and closes the others after ten idle minutes
 * @param connectTimeout how long to wait for a connection (from the pool, or a new one from the
 *     server), at least {@value #MIN_CONNECT_TIMEOUT_MILLIS} ms. The driver counts its TCP connect
 *     timeout in whole seconds, so that part is the timeout rounded up to the next second.
 */
public record PostgresOptions(
        String jdbcUrl, String user, Optional<String> password, String schema, int poolSize, Duration connectTimeout) {

    /** The pool size unless told otherwise. */
    public static final int DEFAULT_POOL_SIZE = 4;

    /** The largest pool size accepted; PostgreSQL's own default {@code max_connections} is 100. */
    public static final int MAX_POOL_SIZE = 200;

    /** The connect timeout unless told otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The smallest connect timeout accepted (the pool cannot wait for less). */
    public static final long MIN_CONNECT_TIMEOUT_MILLIS = 250;

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern DEPLOYMENT = Pattern.compile("[a-z0-9_]{1,59}");
    private static final Pattern HYPHENATED_DEPLOYMENT = Pattern.compile("(?=.*-)[a-z0-9-]{1,59}");
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;](?:password|sslpassword)=)([^&;]*)");

    public PostgresOptions {
        Objects.requireNonNull(password, "password");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "a PostgreSQL JDBC URL starts with \"jdbc:postgresql:\", got \"" + redact(jdbcUrl) + "\"");
        }
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the database user of " + redact(jdbcUrl) + " is empty");
        }
        checkSchema(schema);
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("the pool size is between 1 and " + MAX_POOL_SIZE + ", got " + poolSize);
        }
        if (connectTimeout.toMillis() < MIN_CONNECT_TIMEOUT_MILLIS
                || connectTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the connect timeout is between " + MIN_CONNECT_TIMEOUT_MILLIS
                    + " ms and 1 h, got " + connectTimeout);
        }
    }

    /** A builder with the defaults; {@code jdbcUrl}, {@code user} and {@code schema} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The schema of a deployment's store. Deployment names come in two forms, and each gets its own
     * prefix so that the mapping is injective (two deployments never share a schema):
     *
     * <ul>
     *   <li>1-59 lowercase ASCII letters, digits or underscores ({@code default}, {@code
     *       happy_otter_123}): {@code dep_<name>}, as always;
     *   <li>1-59 lowercase ASCII letters, digits or hyphens with at least one hyphen, as the control
     *       plane makes them ({@code brave-otter-123}): {@code dph_<name with - as _>}. Such a name has
     *       no underscore, so turning its hyphens into underscores loses nothing, and the prefix keeps
     *       it apart from the first form ({@code dph_brave_otter_123}, never {@code dep_...}).
     * </ul>
     *
     * A name mixing hyphens and underscores, or anything else, is refused.
     */
    public static String deploymentSchema(String deploymentName) {
        if (DEPLOYMENT.matcher(deploymentName).matches()) {
            return "dep_" + deploymentName;
        }
        if (HYPHENATED_DEPLOYMENT.matcher(deploymentName).matches()) {
            return "dph_" + deploymentName.replace('-', '_');
        }
        throw new IllegalArgumentException("a deployment's schema is made from a name of 1-59 lowercase ASCII letters"
                + " and digits with either underscores or hyphens (not both), got \"" + deploymentName + "\"");
    }

    /**
     * Checks a schema name: a lowercase ASCII letter or underscore, then up to 62 lowercase letters,
     * digits or underscores; not {@code public}, {@code information_schema}, nor starting with
     * {@code pg_} (PostgreSQL reserves those). Such a name needs no escaping, and is quoted anyway.
     */
    public static String checkSchema(String schema) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("a schema name is 1-63 lowercase ASCII letters, digits or underscores,"
                    + " not starting with a digit; got \"" + schema + "\"");
        }
        if (schema.equals("public") || schema.equals("information_schema") || schema.startsWith("pg_")) {
            throw new IllegalArgumentException(
                    "schema \"" + schema + "\" belongs to PostgreSQL itself and cannot hold a store");
        }
        return schema;
    }

    /** The URL with the values of any {@code password} parameters replaced by {@code ***}. */
    public String redactedUrl() {
        return redact(jdbcUrl);
    }

    /** The store as named in errors and logs: URL (without secrets) and schema. */
    public String describe() {
        return redactedUrl() + " schema " + schema;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "PostgresOptions[jdbcUrl=%s, user=%s, password=%s, schema=%s, poolSize=%d, connectTimeout=%s]",
                redactedUrl(),
                user,
                password.isPresent() ? "***" : "none",
                schema,
                poolSize,
                connectTimeout);
    }

    private static String redact(String url) {
        Matcher m = SECRET_PARAMETER.matcher(url);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + "***"));
    }

    /** Builds {@link PostgresOptions}; each setter replaces an earlier value. */
    public static final class Builder {
        private String jdbcUrl = "";
        private String user = "";
        private Optional<String> password = Optional.empty();
        private String schema = "";
        private int poolSize = DEFAULT_POOL_SIZE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private Builder() {}

        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = Optional.of(password);
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** The options; fails with {@link IllegalArgumentException} naming the first bad setting. */
        public PostgresOptions build() {
            return new PostgresOptions(jdbcUrl, user, password, schema, poolSize, connectTimeout);
        }
    }
}
