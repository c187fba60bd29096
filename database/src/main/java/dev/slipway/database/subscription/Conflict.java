package dev.slipway.database.subscription;

import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Timestamp;

/**
 * Why a read set taken at a snapshot can no longer be trusted: a later commit wrote a key it read,
 * or the snapshot is older than the write log remembers. Either way a transaction retries (OCC) and
 * a subscription re-runs its query.
 */
public sealed interface Conflict {
    /** The commit at {@code commitTs}, after the snapshot, wrote {@code key}, which the read set read in {@code index}. */
    record KeyWritten(Timestamp commitTs, IndexId index, IndexKey key) implements Conflict {}

    /**
     * The snapshot {@code snapshotTs} is older than {@code horizon}, the oldest snapshot the write log
     * can still validate (commits after it may have been trimmed), so it cannot be validated at all.
     */
    record SnapshotTooOld(Timestamp snapshotTs, Timestamp horizon) implements Conflict {}
}
