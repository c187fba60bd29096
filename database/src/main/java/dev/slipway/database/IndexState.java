package dev.slipway.database;

/** The life of an index: created {@link #BACKFILLING} on a table with data, then {@link #READY}. */
public enum IndexState {
    /** Entries of existing documents are still being written; the index cannot be queried yet. */
    BACKFILLING,
    /** Every document is indexed; queries may use the index. */
    READY
}
