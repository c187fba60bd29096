package dev.slipway.persistence;

import dev.slipway.value.DocumentId;

/**
 * One revision of one index entry. A live entry at {@code ts} points at the revision of {@code
 * documentId} written at the same {@code ts}; a deleted entry says the key left the index then.
 */
public record IndexEntry(IndexId indexId, IndexKey key, Timestamp ts, DocumentId documentId, boolean deleted) {}
