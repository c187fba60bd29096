package dev.slipway.persistence;

import dev.slipway.value.SlipwayException;

/**
 * A failure of a persistence backend, mapped from the backend's own errors in exactly one class per
 * backend. The message names the store (file or URL and schema).
 */
public class PersistenceException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** The file or database is damaged, or is not a database at all. */
    public static final String STORE_CORRUPT = "StoreCorrupt";
    /** The database exists but holds something other than a Slipway store. */
    public static final String STORE_FOREIGN = "StoreForeign";
    /** The store was made by a newer Slipway; it is left untouched. */
    public static final String STORE_TOO_NEW = "StoreTooNew";
    /** The database server cannot be reached or refused the connection. */
    public static final String STORE_UNREACHABLE = "StoreUnreachable";
    /** A write named a revision or index entry that already exists (with {@link ConflictStrategy#ERROR}). */
    public static final String DUPLICATE_REVISION = "DuplicateRevision";
    /** The store was dropped or closed. */
    public static final String STORE_CLOSED = "StoreClosed";
    /** Any other I/O or database failure. */
    public static final String STORE_FAILURE = "StoreFailure";

    private final boolean retryable;

    public PersistenceException(String code, String message, boolean retryable) {
        super(code, message);
        this.retryable = retryable;
    }

    public PersistenceException(String code, String message, boolean retryable, Throwable cause) {
        super(code, message, cause);
        this.retryable = retryable;
    }

    /** Whether the same operation may succeed if tried again (busy database, serialization failure). */
    public boolean retryable() {
        return retryable;
    }
}
