package dev.slipway.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL server from {@code --db-url}: either {@code postgres://user[:password]@host[:port]/db}
 * (also {@code postgresql://}) or {@code jdbc:postgresql://host[:port]/db[?user=...&password=...]}.
 * Without a user, {@code postgres}.
 *
 * @param jdbcUrl the JDBC URL without credentials
 * @param user the role
 * @param password the password, if any
 */
record PostgresUrl(String jdbcUrl, String user, Optional<String> password) {

    static PostgresUrl parse(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return fromJdbc(url);
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            return fromUri(url);
        }
        throw new ServerException(
                ServerException.BAD_CONFIG,
                "--db-url must be postgres://user[:password]@host[:port]/database or"
                        + " jdbc:postgresql://host[:port]/database, got \"" + redact(url) + "\"");
    }

    private static PostgresUrl fromUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw bad(url, String.valueOf(e.getMessage()));
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw bad(url, "it needs a host and a database name (postgres://user@host:5432/database)");
        }
        String user = "postgres";
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length == 2 ? Optional.of(decode(parts[1])) : Optional.empty();
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new PostgresUrl("jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, user, password);
    }

    private static PostgresUrl fromJdbc(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return new PostgresUrl(url, "postgres", Optional.empty());
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        String user = params.getOrDefault("user", "postgres");
        Optional<String> password = Optional.ofNullable(params.get("password"));
        params.remove("user");
        params.remove("password");
        StringBuilder rest = new StringBuilder(url.substring(0, q));
        String sep = "?";
        for (Map.Entry<String, String> e : params.entrySet()) {
            rest.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        return new PostgresUrl(rest.toString(), user, password);
    }

    /** The URL for messages: user and server, never the password. */
    String display() {
        return user + "@" + jdbcUrl;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static ServerException bad(String url, String why) {
        return new ServerException(
                ServerException.BAD_CONFIG, "--db-url \"" + redact(url) + "\" is not a PostgreSQL URL: " + why);
    }

    /** The URL with any password replaced by {@code ***}. */
    static String redact(String url) {
        return url.replaceAll("(//[^:/@]*:)[^@/]*@", "$1***@").replaceAll("(password=)[^&]*", "$1***");
    }
}
