package dev.slipway.database;

/** Counts a transaction's reads and writes and fails as soon as one passes its limit. Not thread-safe. */
final class TransactionBudget {
    private final TransactionLimits limits;
    private long documentsScanned;
    private long bytesRead;
    private long documentsWritten;
    private long bytesWritten;
    private long indexRanges;

    TransactionBudget(TransactionLimits limits) {
        this.limits = limits;
    }

    /** A {@code get} or a {@code query} started. */
    void indexRange() {
        indexRanges++;
        check(indexRanges, limits.indexRanges(), "index ranges read (gets and queries)");
    }

    /** A document of {@code bytes} was scanned. */
    void scanned(long bytes) {
        documentsScanned++;
        bytesRead += bytes;
        check(documentsScanned, limits.documentsScanned(), "documents scanned");
        check(bytesRead, limits.bytesRead(), "bytes read");
    }

    /** A document of {@code bytes} was written (0 for a delete). */
    void written(long bytes) {
        documentsWritten++;
        bytesWritten += bytes;
        check(documentsWritten, limits.documentsWritten(), "documents written");
        check(bytesWritten, limits.bytesWritten(), "bytes written");
    }

    TransactionMetrics metrics() {
        return new TransactionMetrics(documentsScanned, bytesRead, documentsWritten, bytesWritten, indexRanges);
    }

    private static void check(long used, long limit, String what) {
        if (used > limit) {
            throw new DatabaseException(
                    DatabaseException.LIMIT_EXCEEDED,
                    "Transaction exceeded the limit of " + limit + " " + what + " (used " + used
                            + "); read or write less per mutation or query, or raise the limit in DatabaseOptions");
        }
    }
}
