package dev.slipway.database;

import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.Optional;

/**
 * A transaction's net write of one document.
 *
 * @param base the document's revision at the snapshot (empty for an insert)
 * @param after the document as stored after the transaction, with system fields (empty for a delete)
 */
record DocumentWrite(DocumentId id, Optional<DocumentLogEntry> base, Optional<Value.Obj> after) {

    /** The stored document at the snapshot, if it was live. */
    Optional<Value.Obj> before() {
        return base.flatMap(DocumentLogEntry::value);
    }

    /** Whether the write changes nothing in storage (inserted and deleted in the same transaction). */
    boolean isNoop() {
        return before().isEmpty() && after.isEmpty();
    }
}
