package dev.slipway.database;

import dev.slipway.value.SlipwayException;

/** A failure of a database operation; {@link #code()} says which kind (constants below). */
public class DatabaseException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** Patch, replace or delete of a document that does not exist (Convex's wording in the message). */
    public static final String NONEXISTENT_DOCUMENT = "NonexistentDocument";
    /** A document id names a different table than the one the caller expected. */
    public static final String WRONG_TABLE = "WrongTable";
    /** A write tried to change {@code _id} or {@code _creationTime}, or supplied them on insert. */
    public static final String INVALID_DOCUMENT = "InvalidDocumentError";
    /** User-level code tried to write a system table (a {@code _}-prefixed name). */
    public static final String SYSTEM_TABLE_WRITE = "SystemTableWrite";
    /** A transaction went over one of its {@link TransactionLimits}; the message names the limit. */
    public static final String LIMIT_EXCEEDED = "TransactionLimitExceeded";
    /** A snapshot timestamp after the latest commit. */
    public static final String TIMESTAMP_IN_FUTURE = "TimestampInFuture";
    /**
     * A snapshot timestamp older than the retention horizon ({@link DatabaseOptions#retentionWindow()}
     * before the latest commit); the message names the timestamp, the oldest readable one and the window.
     */
    public static final String OUT_OF_RETENTION = "OutOfRetention";
    /** The database was closed. */
    public static final String CLOSED = "DatabaseClosed";
    /** A transaction was used after it committed or was abandoned. */
    public static final String TRANSACTION_FINISHED = "TransactionFinished";
    /** A table number an import asked for is used by another table. */
    public static final String TABLE_NUMBER_TAKEN = "TableNumberConflict";
    /** An imported {@code _id} belongs to another table number than the table it is imported into. */
    public static final String IMPORT_CONFLICT = "ImportConflict";
    /** An imported {@code _id} already exists. */
    public static final String DUPLICATE_ID = "DuplicateId";
    /** A catalog operation (create index) was invalid: duplicate name, unknown table. */
    public static final String INVALID_CATALOG_CHANGE = "InvalidCatalogChange";

    public DatabaseException(String code, String message) {
        super(code, message);
    }

    public DatabaseException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
