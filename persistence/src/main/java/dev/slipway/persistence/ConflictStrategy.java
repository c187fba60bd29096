package dev.slipway.persistence;

/** What a write does when a revision with the same (id, ts) or index entry with the same key and ts exists. */
public enum ConflictStrategy {
    /** Fail with {@link PersistenceException} code {@code DuplicateRevision}; nothing of the batch is written. */
    ERROR,
    /** Replace the existing revision (used by imports that are re-run). */
    OVERWRITE
}
