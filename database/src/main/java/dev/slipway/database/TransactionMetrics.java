package dev.slipway.database;

/** What a transaction has read and written so far, in the units of {@link TransactionLimits}. */
public record TransactionMetrics(
        long documentsScanned, long bytesRead, long documentsWritten, long bytesWritten, long indexRanges) {}
