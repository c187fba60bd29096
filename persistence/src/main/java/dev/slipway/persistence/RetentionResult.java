package dev.slipway.persistence;

/** What one retention pass removed. */
public record RetentionResult(long documentRevisionsRemoved, long indexEntriesRemoved) {
    public long total() {
        return documentRevisionsRemoved + indexEntriesRemoved;
    }
}
