package dev.slipway.persistence.postgres;

import dev.slipway.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * The one place where PostgreSQL's and the pool's failures become {@link PersistenceException}s.
 * Every message names the store (URL without secrets, and schema) and what was being done.
 *
 * <p>Mapping, by SQLSTATE class (the first state found in the exception, its batch successors and
 * its causes):
 *
 * <ul>
 *   <li>{@code 40001} serialization failure, {@code 40P01} deadlock, {@code 53300} too many
 *       connections, {@code 55P03} lock not available: {@code StoreFailure}, retryable.
 *   <li>{@code 23505} unique violation: {@code DuplicateRevision}.
 *   <li>{@code 08} connection exceptions, {@code 57P01}–{@code 57P03} shutdown or startup: {@code
 *       StoreUnreachable}, retryable; {@code 28} authorization and {@code 3D000} missing database:
 *       {@code StoreUnreachable}, not retryable.
 *   <li>{@code 3F000} missing schema, {@code 42P01} missing table: the schema was dropped
 *       underneath the store, {@code StoreClosed}.
 *   <li>{@code XX001}/{@code XX002} data or index corrupted: {@code StoreCorrupt}.
 *   <li>A timed-out wait for a pooled connection without SQLSTATE: {@code StoreFailure},
 *       retryable; its message carries the pool's counts.
 *   <li>Anything else: {@code StoreFailure}, not retryable.
 * </ul>
 *
 * A thread that was interrupted keeps its interrupt flag, and the error says it was interrupted
 * rather than blaming the server (on a virtual thread an interrupt closes the socket).
 */
final class PostgresErrors {
    private static final int MAX_DETAIL = 600;

    private PostgresErrors() {}

    /** Maps a failure of {@code operation} (e.g. "write a batch") on {@code store}. */
    static PersistenceException map(SQLException e, String operation, String store) {
        String state = sqlState(e).orElse("");
        if (interrupted(e, state)) {
            Thread.currentThread().interrupt();
            return new PersistenceException(
                    PersistenceException.STORE_FAILURE,
                    "interrupted while trying to " + operation + " on " + store,
                    false,
                    e);
        }
        String detail = detail(e, state);
        if (state.equals("23505")) {
            return failure(PersistenceException.DUPLICATE_REVISION, "cannot " + operation, store, detail, false, e);
        }
        if (state.equals("40001") || state.equals("40P01") || state.equals("53300") || state.equals("55P03")) {
            return failure(PersistenceException.STORE_FAILURE, "cannot " + operation, store, detail, true, e);
        }
        if (state.startsWith("08") || state.startsWith("57P")) {
            return failure(
                    PersistenceException.STORE_UNREACHABLE,
                    "cannot reach PostgreSQL to " + operation,
                    store,
                    detail,
                    true,
                    e);
        }
        if (state.startsWith("28") || state.equals("3D000")) {
            return failure(
                    PersistenceException.STORE_UNREACHABLE,
                    "PostgreSQL refused the connection to " + operation,
                    store,
                    detail,
                    false,
                    e);
        }
        if (state.equals("3F000") || state.equals("42P01")) {
            return failure(
                    PersistenceException.STORE_CLOSED,
                    "cannot " + operation + ": the schema or its tables are gone (dropped by someone else?)",
                    store,
                    detail,
                    false,
                    e);
        }
        if (state.equals("XX001") || state.equals("XX002")) {
            return failure(PersistenceException.STORE_CORRUPT, "cannot " + operation, store, detail, false, e);
        }
        if (state.isEmpty() && e instanceof SQLTransientConnectionException) {
            return failure(
                    PersistenceException.STORE_FAILURE,
                    "timed out waiting for a connection to " + operation,
                    store,
                    detail,
                    true,
                    e);
        }
        return failure(PersistenceException.STORE_FAILURE, "cannot " + operation, store, detail, false, e);
    }

    /** The store was closed (or dropped) by this process. */
    static PersistenceException closed(String store) {
        return new PersistenceException(PersistenceException.STORE_CLOSED, "store " + store + " is closed", false);
    }

    /** The schema was written by a newer Slipway; nothing was changed. */
    static PersistenceException tooNew(String store, int found, int supported) {
        return new PersistenceException(
                PersistenceException.STORE_TOO_NEW,
                "store " + store + " has format version " + found + ", but this Slipway reads versions up to "
                        + supported + "; upgrade Slipway (the schema was left untouched)",
                false);
    }

    /** The schema holds something that is not a Slipway store; nothing was changed. */
    static PersistenceException foreign(String store, String what) {
        return new PersistenceException(
                PersistenceException.STORE_FOREIGN,
                "schema of store " + store + " is not a Slipway store: " + what
                        + "; choose another schema, or drop this one if it is not needed (it was left untouched)",
                false);
    }

    /** The schema is a Slipway store, but a part of it is missing or wrong. */
    static PersistenceException corrupt(String store, String what) {
        return new PersistenceException(PersistenceException.STORE_CORRUPT, "store " + store + ": " + what, false);
    }

    /** As {@link #corrupt(String, String)}, with the failure that revealed it. */
    static PersistenceException corrupt(String store, String what, Throwable cause) {
        return new PersistenceException(
                PersistenceException.STORE_CORRUPT,
                "store " + store + ": " + what + ": " + cause.getMessage(),
                false,
                cause);
    }

    private static PersistenceException failure(
            String code, String what, String store, String detail, boolean retryable, SQLException e) {
        return new PersistenceException(code, what + " on " + store + ": " + detail, retryable, e);
    }

    /**
     * Whether the failure comes from an interrupt: an {@link InterruptedException} among the causes,
     * or a broken connection (or no SQLSTATE at all) on a thread whose interrupt flag is set.
     */
    private static boolean interrupted(SQLException e, String state) {
        if (Thread.currentThread().isInterrupted() && (state.isEmpty() || state.startsWith("08"))) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** The first SQLSTATE along the batch chain and the causes. */
    static Optional<String> sqlState(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            for (Throwable t = s; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && sql.getSQLState() != null) {
                    return Optional.of(sql.getSQLState());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The server's message, preferring the first batch successor (a batch's own message repeats the
     * statement with all its parameters, which may be large), cut to a readable length.
     */
    private static String detail(SQLException e, String state) {
        SQLException source = e.getNextException() != null ? e.getNextException() : e;
        String message = Optional.ofNullable(source.getMessage())
                .orElse(source.getClass().getName());
        if (message.length() > MAX_DETAIL) {
            message = message.substring(0, MAX_DETAIL) + "…";
        }
        return state.isEmpty() ? message : message + " [SQLSTATE " + state + "]";
    }
}
