package dev.slipway.database;

import dev.slipway.value.SlipwayException;

/**
 * A transaction could not commit because a transaction that committed after its snapshot wrote
 * something it read (or its snapshot is too old to validate). Retryable: run the mutation again on a
 * fresh snapshot ({@link MutationRunner} does).
 */
public final class OccConflict extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** The error code. */
    public static final String CODE = "OccConflict";

    public OccConflict(String message) {
        super(CODE, message);
    }

    public OccConflict(String message, Throwable cause) {
        super(CODE, message, cause);
    }

    /** Always true: the same mutation may succeed on a fresh snapshot. */
    public boolean retryable() {
        return true;
    }
}
