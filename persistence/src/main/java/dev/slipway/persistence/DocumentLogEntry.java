package dev.slipway.persistence;

import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.Optional;

/**
 * One revision of one document: the document as it was written at {@code ts}, or a tombstone when
 * {@code value} is empty. {@code prevTs} is the timestamp of the revision this one replaced, if any.
 */
public record DocumentLogEntry(DocumentId id, Timestamp ts, Optional<Value.Obj> value, Optional<Timestamp> prevTs) {

    public DocumentLogEntry {
        prevTs.ifPresent(prev -> {
            if (prev.compareTo(ts) >= 0) {
                throw new IllegalArgumentException(
                        "revision of " + id + " at " + ts + " names a previous revision at " + prev + ", not earlier");
            }
        });
    }

    /** A live revision. */
    public static DocumentLogEntry live(DocumentId id, Timestamp ts, Value.Obj value, Optional<Timestamp> prevTs) {
        return new DocumentLogEntry(id, ts, Optional.of(value), prevTs);
    }

    /** A tombstone: the document was deleted at {@code ts}. */
    public static DocumentLogEntry tombstone(DocumentId id, Timestamp ts, Timestamp prevTs) {
        return new DocumentLogEntry(id, ts, Optional.empty(), Optional.of(prevTs));
    }

    public boolean deleted() {
        return value.isEmpty();
    }
}
