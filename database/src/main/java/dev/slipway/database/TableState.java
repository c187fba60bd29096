package dev.slipway.database;

/**
 * The life of a table, kept in its {@code _tables} document. Only {@link #ACTIVE} tables have a name
 * that user code, queries and the catalog's name lookups see; the other states exist so that a bulk
 * import can fill a table of many transactions' worth of documents without anyone seeing it half
 * full, and then swap it in with one commit (as Convex's snapshot import does with hidden tables).
 */
public enum TableState {
    /** The table of its name: queried, written and listed. */
    ACTIVE,
    /**
     * Being filled by an import: invisible by name, reachable only by number from system
     * transactions, until {@link Transaction#activateTable} makes it the table of its name.
     */
    HIDDEN,
    /**
     * Replaced or discarded: invisible by name; the database deletes its documents in the background
     * and then removes it from the catalog, which frees its number.
     */
    DELETING
}
