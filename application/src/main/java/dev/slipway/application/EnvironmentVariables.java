package dev.slipway.application;

import dev.slipway.database.Transaction;
import dev.slipway.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A deployment's environment variables, kept in the system table {@code _environment_variables}
 * ({@code {name, value}}, index {@code by_name}), with the rules Convex applies to them: a name
 * matches {@code [a-zA-Z_][a-zA-Z0-9_]*} and has at most {@value #MAX_NAME_LENGTH} characters, a value
 * at most {@value #MAX_VALUE_BYTES} bytes of UTF-8 (the size of an HTTP header), at most {@value
 * #MAX_COUNT} variables of at most {@value #MAX_TOTAL_BYTES} bytes of names and values together, and
 * the names the platform provides itself ({@link #RESERVED}) cannot be set. Error codes and limits are
 * Convex's, so a deployment moved between the two behaves the same.
 */
final class EnvironmentVariables {
    static final String TABLE = "_environment_variables";
    static final String BY_NAME = "by_name";

    static final int MAX_NAME_LENGTH = 256;
    static final int MAX_VALUE_BYTES = 8 * 1024;
    static final int MAX_COUNT = 512;
    static final int MAX_TOTAL_BYTES = 512 * 1024;
    /** Names Convex provides to every deployment and refuses to let users override. */
    static final Set<String> RESERVED = Set.of("CONVEX_CLOUD_URL", "CONVEX_SITE_URL");

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private EnvironmentVariables() {}

    /** The index of {@code _environment_variables}. */
    static List<SystemIndexes.Spec> indexes() {
        return List.of(new SystemIndexes.Spec(TABLE, BY_NAME, List.of("name")));
    }

    /** Every variable as {@code tx} sees it, by name. */
    static SortedMap<String, String> read(Transaction tx) {
        SortedMap<String, String> variables = new TreeMap<>();
        if (tx.catalog().index(TABLE, BY_NAME).isEmpty()) {
            return variables;
        }
        SystemQueries.equal(tx, TABLE, BY_NAME, Map.of()).forEachRemaining(doc -> {
            if (doc.fields().get("name") instanceof Value.Str(String name)
                    && doc.fields().get("value") instanceof Value.Str(String value)) {
                variables.put(name, value);
            }
        });
        return variables;
    }

    /**
     * Applies {@code changes} (a value sets, empty removes) in {@code tx}, a system transaction, after
     * checking every name and value, then the count and total size of the result.
     *
     * @return every variable after the change, by name
     * @throws ApplicationException with Convex's code naming the variable and the broken rule; {@code tx}
     *     must then be dropped
     */
    static SortedMap<String, String> apply(Transaction tx, Map<String, Optional<String>> changes) {
        changes.forEach((name, value) -> {
            checkName(name);
            value.ifPresent(v -> checkValue(name, v));
        });
        Map<String, Value.Obj> docs = new TreeMap<>();
        SortedMap<String, String> after = new TreeMap<>();
        SystemQueries.equal(tx, TABLE, BY_NAME, Map.of()).forEachRemaining(doc -> {
            if (doc.fields().get("name") instanceof Value.Str(String name)
                    && doc.fields().get("value") instanceof Value.Str(String value)) {
                docs.put(name, doc);
                after.put(name, value);
            }
        });
        for (Map.Entry<String, Optional<String>> change : new TreeMap<>(changes).entrySet()) {
            String name = change.getKey();
            Optional<Value.Obj> doc = Optional.ofNullable(docs.get(name));
            if (change.getValue().isPresent()) {
                String value = change.getValue().get();
                Value.Obj fields = Value.Obj.of(Map.of("name", new Value.Str(name), "value", new Value.Str(value)));
                if (doc.isEmpty()) {
                    tx.insert(TABLE, fields);
                } else if (!value.equals(after.get(name))) {
                    tx.replace(ScheduledJobs.id(doc.get()), fields);
                }
                after.put(name, value);
            } else {
                doc.ifPresent(d -> tx.delete(ScheduledJobs.id(d)));
                after.remove(name);
            }
        }
        if (after.size() > MAX_COUNT) {
            throw new ApplicationException(
                    ApplicationException.ENV_VAR_LIMIT_MET,
                    "The environment variable limit (" + MAX_COUNT + ") has been met: the change would leave "
                            + after.size() + " variables.");
        }
        long total = totalBytes(after);
        if (total > MAX_TOTAL_BYTES) {
            throw new ApplicationException(
                    ApplicationException.ENV_VAR_TOTAL_SIZE_LIMIT_MET,
                    "The total size of all environment variables (" + total + " bytes) exceeds the limit ("
                            + MAX_TOTAL_BYTES + " bytes).");
        }
        return after;
    }

    /** Checks a variable name; see the class notes. */
    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ApplicationException(
                    ApplicationException.ENV_VAR_NAME_INVALID,
                    "The environment variable name \"" + name + "\" is invalid. Environment variable names must"
                            + " begin with a letter or an underscore and may only include characters a-z, A-Z, 0-9,"
                            + " and underscores.");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new ApplicationException(
                    ApplicationException.ENV_VAR_NAME_TOO_LONG,
                    "The environment variable name " + name.substring(0, 32) + "... is too long (" + name.length()
                            + " characters). Environment variable names have at most " + MAX_NAME_LENGTH
                            + " characters.");
        }
        if (RESERVED.contains(name)) {
            throw new ApplicationException(
                    ApplicationException.ENV_VAR_NAME_FORBIDDEN,
                    "Environment variable with name \"" + name + "\" is built-in and cannot be overridden");
        }
    }

    private static void checkValue(String name, String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw new ApplicationException(
                    ApplicationException.ENV_VAR_VALUE_TOO_LARGE,
                    "The value of environment variable " + name + " is " + bytes + " bytes, which is too large"
                            + " (max size: " + MAX_VALUE_BYTES + " bytes).");
        }
    }

    private static long totalBytes(Map<String, String> variables) {
        long total = 0;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            total += v.getKey().getBytes(StandardCharsets.UTF_8).length
                    + v.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }
}
