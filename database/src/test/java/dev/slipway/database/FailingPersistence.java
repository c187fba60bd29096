package dev.slipway.database;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentCursor;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.PersistenceException;
import dev.slipway.persistence.RetentionResult;
import dev.slipway.persistence.RevisionKey;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A store that delegates everything, except that the next batch write can be made to fail. */
final class FailingPersistence implements Persistence {
    private final Persistence delegate;
    private final AtomicBoolean failNext = new AtomicBoolean();

    FailingPersistence(Persistence delegate) {
        this.delegate = delegate;
    }

    void failNextWrite() {
        failNext.set(true);
    }

    @Override
    public String describe() {
        return "failing(" + delegate.describe() + ")";
    }

    @Override
    public void write(List<DocumentLogEntry> documents, List<IndexEntry> indexEntries, ConflictStrategy conflict) {
        if (failNext.getAndSet(false)) {
            throw new PersistenceException(PersistenceException.STORE_FAILURE, "injected write failure", true);
        }
        delegate.write(documents, indexEntries, conflict);
    }

    @Override
    public Optional<DocumentLogEntry> get(DocumentId id, Timestamp readTs) {
        return delegate.get(id, readTs);
    }

    @Override
    public IndexPage scan(IndexId index, KeyRange range, Timestamp readTs, Order order, int limit) {
        return delegate.scan(index, range, readTs, order, limit);
    }

    @Override
    public List<DocumentLogEntry> loadDocuments(
            Timestamp fromInclusive, Timestamp toExclusive, Optional<DocumentCursor> after, int limit) {
        return delegate.loadDocuments(fromInclusive, toExclusive, after, limit);
    }

    @Override
    public Map<RevisionKey, DocumentLogEntry> previousRevisions(Collection<RevisionKey> keys) {
        return delegate.previousRevisions(keys);
    }

    @Override
    public Optional<Timestamp> maxTimestamp() {
        return delegate.maxTimestamp();
    }

    @Override
    public Optional<String> global(String key) {
        return delegate.global(key);
    }

    @Override
    public void writeGlobal(String key, String value) {
        delegate.writeGlobal(key, value);
    }

    @Override
    public RetentionResult deleteShadowedRevisions(Timestamp cutoff, int limit) {
        return delegate.deleteShadowedRevisions(cutoff, limit);
    }

    @Override
    public void drop() {
        delegate.drop();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
