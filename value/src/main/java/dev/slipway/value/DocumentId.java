package dev.slipway.value;

/**
 * A document's identity: the number of its table and its internal id. Its string form is the
 * Convex "ID v6" encoding.
 */
public record DocumentId(int tableNumber, InternalId internalId) implements Comparable<DocumentId> {

    public DocumentId {
        if (tableNumber <= 0) {
            throw new IllegalArgumentException("a table number is positive, got " + tableNumber);
        }
    }

    @Override
    public int compareTo(DocumentId other) {
        int byTable = Integer.compare(tableNumber, other.tableNumber);
        return byTable != 0 ? byTable : internalId.compareTo(other.internalId);
    }
}
