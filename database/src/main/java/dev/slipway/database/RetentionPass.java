package dev.slipway.database;

import dev.slipway.persistence.Timestamp;

/**
 * What one retention pass did ({@link Database#runRetention()}).
 *
 * @param cutoff the cutoff passed to the store; {@link Timestamp#MIN} when the history is still
 *     shorter than the window and nothing was asked
 * @param documentRevisionsRemoved document revisions (tombstones included) removed
 * @param indexEntriesRemoved index entries removed
 * @param batches store calls made, the last of which removed nothing
 */
public record RetentionPass(Timestamp cutoff, long documentRevisionsRemoved, long indexEntriesRemoved, int batches) {}
