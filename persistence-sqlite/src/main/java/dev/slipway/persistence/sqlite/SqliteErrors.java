package dev.slipway.persistence.sqlite;

import dev.slipway.persistence.PersistenceException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import org.sqlite.SQLiteException;

/**
 * The one place where the SQLite backend's failures become {@link PersistenceException}s: SQLite
 * result codes are mapped to the SPI's error codes here and nowhere else, and every message starts
 * with the store's file so that an operator knows which deployment is affected.
 *
 * <p>Mapping of SQLite's primary result codes:
 *
 * <ul>
 *   <li>{@code SQLITE_BUSY}, {@code SQLITE_LOCKED}: another connection holds a lock past the busy
 *       timeout; {@link PersistenceException#STORE_FAILURE}, retryable.
 *   <li>{@code SQLITE_CORRUPT}, {@code SQLITE_NOTADB}: {@link PersistenceException#STORE_CORRUPT}.
 *   <li>{@code SQLITE_CONSTRAINT} from a primary key: {@link PersistenceException#DUPLICATE_REVISION};
 *       any other constraint is a bug, {@link PersistenceException#STORE_FAILURE}.
 *   <li>{@code SQLITE_INTERRUPT}: retryable {@link PersistenceException#STORE_FAILURE}.
 *   <li>everything else ({@code SQLITE_FULL}, {@code SQLITE_IOERR}, {@code SQLITE_CANTOPEN},
 *       {@code SQLITE_READONLY}, ...): {@link PersistenceException#STORE_FAILURE}, not retryable, with a
 *       hint in words.
 * </ul>
 */
final class SqliteErrors {

    // Primary result codes, from sqlite3.h.
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_NOMEM = 7;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_INTERRUPT = 9;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_NOTADB = 26;

    // Extended result codes of a violated primary key (WITHOUT ROWID tables report UNIQUE).
    private static final int SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
    private static final int SQLITE_CONSTRAINT_UNIQUE = 2067;

    private SqliteErrors() {}

    /** Maps a failure of {@code doing} (a phrase such as "reading document X") on {@code store}. */
    static PersistenceException map(String store, String doing, SQLException e) {
        int code = primaryCode(e);
        return switch (code) {
            case SQLITE_BUSY, SQLITE_LOCKED ->
                failure(store, doing, e, "the database is locked by another connection; try again", true);
            case SQLITE_CORRUPT, SQLITE_NOTADB ->
                new PersistenceException(
                        PersistenceException.STORE_CORRUPT,
                        message(store, doing, e, "the file is damaged or is not a SQLite database"),
                        false,
                        e);
            case SQLITE_CONSTRAINT ->
                isDuplicate(e)
                        ? new PersistenceException(
                                PersistenceException.DUPLICATE_REVISION,
                                message(store, doing, e, "that revision already exists"),
                                false,
                                e)
                        : failure(store, doing, e, "a table constraint was violated (a bug in Slipway)", false);
            case SQLITE_INTERRUPT -> failure(store, doing, e, "the operation was interrupted", true);
            default -> failure(store, doing, e, hint(code), false);
        };
    }

    /** Whether {@code e} says a row with the same primary key already exists. */
    static boolean isDuplicate(SQLException e) {
        int extended = extendedCode(e);
        return extended == SQLITE_CONSTRAINT_PRIMARYKEY || extended == SQLITE_CONSTRAINT_UNIQUE;
    }

    /**
     * A write hit a primary key ({@link #isDuplicate}); {@code which} names the revision or entry
     * that already existed.
     */
    static PersistenceException duplicate(String store, String doing, String which, SQLException e) {
        return new PersistenceException(
                PersistenceException.DUPLICATE_REVISION, message(store, doing, e, which), false, e);
    }

    /** The store was closed (or dropped) before or while the caller used it. */
    static PersistenceException closed(String store) {
        return new PersistenceException(
                PersistenceException.STORE_CLOSED, "SQLite store " + store + " is closed", false);
    }

    /** The calling thread was interrupted while it waited for {@code waitingFor}; the flag is restored. */
    static PersistenceException interrupted(String store, String waitingFor, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new PersistenceException(
                PersistenceException.STORE_FAILURE,
                "SQLite store " + store + ": interrupted while waiting for " + waitingFor,
                false,
                e);
    }

    /** No reader connection became free in time. */
    static PersistenceException noFreeReader(String store, Duration waited, int readers, int waiting) {
        return new PersistenceException(
                PersistenceException.STORE_FAILURE,
                String.format(
                        Locale.ROOT,
                        "SQLite store %s: no reader connection became free within %d ms"
                                + " (readers=%d, all in use, threads waiting=%d); try again or configure more readers",
                        store,
                        waited.toMillis(),
                        readers,
                        waiting),
                true);
    }

    /** The writer stayed busy (with other writes or retention) for longer than the busy timeout. */
    static PersistenceException writerBusy(String store, String doing, Duration waited, int waiting) {
        return new PersistenceException(
                PersistenceException.STORE_FAILURE,
                String.format(
                        Locale.ROOT,
                        "SQLite store %s: %s: the writer connection stayed busy for %d ms"
                                + " (threads waiting for it=%d); try again",
                        store,
                        doing,
                        waited.toMillis(),
                        waiting),
                true);
    }

    /** The store's data breaks an invariant that no valid store breaks. */
    static PersistenceException corrupt(String store, String detail) {
        return new PersistenceException(
                PersistenceException.STORE_CORRUPT, "SQLite store " + store + " is damaged: " + detail, false);
    }

    /** A stored row cannot be decoded. */
    static PersistenceException corruptRow(String store, String row, RuntimeException cause) {
        return new PersistenceException(
                PersistenceException.STORE_CORRUPT,
                "SQLite store " + store + " is damaged: " + row + " cannot be read: " + cause.getMessage(),
                false,
                cause);
    }

    /** A SQLite database that is not a Slipway store; {@code found} says what it holds. */
    static PersistenceException foreign(String store, String found) {
        return new PersistenceException(
                PersistenceException.STORE_FOREIGN,
                "SQLite database " + store + " is not a Slipway store: it holds " + found
                        + ". It was left untouched; point Slipway at another file or move this one away",
                false);
    }

    /** A Slipway store written by a newer Slipway, in a format this one does not know. */
    static PersistenceException tooNew(String store, int found, int supported) {
        return new PersistenceException(
                PersistenceException.STORE_TOO_NEW,
                "SQLite store " + store + " has format version " + found
                        + ", newer than this Slipway supports (up to " + supported
                        + "). It was left untouched; open it with a newer Slipway",
                false);
    }

    /** A file-system operation around the store failed. */
    static PersistenceException io(String store, String doing, IOException e) {
        return new PersistenceException(
                PersistenceException.STORE_FAILURE, "SQLite store " + store + ": " + doing + " failed: " + e, false, e);
    }

    /** The store's location cannot hold a store, for {@code reason}. */
    static PersistenceException unusableLocation(String store, String reason) {
        return new PersistenceException(
                PersistenceException.STORE_FAILURE, "SQLite store " + store + " cannot be opened: " + reason, false);
    }

    private static PersistenceException failure(
            String store, String doing, SQLException e, String hint, boolean retryable) {
        return new PersistenceException(
                PersistenceException.STORE_FAILURE, message(store, doing, e, hint), retryable, e);
    }

    private static String message(String store, String doing, SQLException e, String hint) {
        return "SQLite store " + store + ": " + doing + " failed: " + hint + " (" + e.getMessage() + ")";
    }

    private static String hint(int code) {
        return switch (code) {
            case SQLITE_FULL -> "the disk is full";
            case SQLITE_IOERR -> "the operating system reported an I/O error";
            case SQLITE_CANTOPEN -> "the file cannot be opened; check that it and its directory exist and are writable";
            case SQLITE_READONLY, SQLITE_PERM -> "the file or its directory is not writable";
            case SQLITE_NOMEM -> "SQLite ran out of memory";
            default -> "SQLite reported an error";
        };
    }

    private static int primaryCode(SQLException e) {
        return extendedCode(e) & 0xFF;
    }

    private static int extendedCode(SQLException e) {
        return e instanceof SQLiteException sqlite ? sqlite.getResultCode().code : e.getErrorCode();
    }
}
