package dev.slipway.database;

/**
 * The per-transaction limits (§7.1 of the interface reference); {@link #CONVEX_DEFAULTS} are
 * Convex's. Every value must be positive.
 *
 * @param documentsScanned documents read by gets and queries, filtered-out ones included
 * @param bytesRead total size of the documents scanned
 * @param documentsWritten insert, patch, replace and delete calls
 * @param bytesWritten total size of the documents written
 * @param indexRanges database reads: each {@code get}, each {@code query} and the lookup of each patch,
 *     replace and delete
 */
public record TransactionLimits(
        long documentsScanned, long bytesRead, long documentsWritten, long bytesWritten, long indexRanges) {

    /** 32,000 documents scanned, 16 MiB read, 16,000 documents written, 16 MiB written, 4,096 ranges. */
    public static final TransactionLimits CONVEX_DEFAULTS =
            new TransactionLimits(32_000, 16L << 20, 16_000, 16L << 20, 4_096);

    public TransactionLimits {
        positive("documentsScanned", documentsScanned);
        positive("bytesRead", bytesRead);
        positive("documentsWritten", documentsWritten);
        positive("bytesWritten", bytesWritten);
        positive("indexRanges", indexRanges);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("transaction limit " + name + " must be positive, got " + value);
        }
    }
}
