package dev.slipway.database;

import dev.slipway.database.query.IndexDefinition;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.IndexRow;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads whole tables at one snapshot, a page at a time, straight from the store: no transaction, no
 * read set, no limits. For an export (every table at the same timestamp, however large), a count, or
 * an admin browsing data. Obtain one from {@link Database#snapshotReader()}; while it is open,
 * retention keeps its snapshot complete, so {@link #close} it when done. Thread-safe.
 *
 * <p>The catalog is the one published with the snapshot, so a table replaced by an import after the
 * reader opened is still read as it was.
 */
public final class SnapshotReader implements AutoCloseable {
    /** Documents fetched from the store per round trip when the caller's page is larger. */
    private static final int FETCH = 1000;

    private final Persistence persistence;
    private final Timestamp ts;
    private final Catalog catalog;
    private final AutoCloseable hold;

    SnapshotReader(Persistence persistence, Timestamp ts, Catalog catalog, AutoCloseable hold) {
        this.persistence = persistence;
        this.ts = ts;
        this.catalog = catalog;
        this.hold = hold;
    }

    /**
     * One page of documents in index order.
     *
     * @param documents the documents, with their system fields
     * @param last the index key of the last document, to continue after it; empty when the page is empty
     * @param done whether the index holds nothing after this page
     */
    public record Page(List<Value.Obj> documents, Optional<IndexKey> last, boolean done) {
        public Page {
            documents = List.copyOf(documents);
        }
    }

    /** The snapshot's timestamp. */
    public Timestamp ts() {
        return ts;
    }

    /** The catalog as of the snapshot. */
    public Catalog catalog() {
        return catalog;
    }

    /** The active user tables (names not starting with {@code _}), sorted by name. */
    public List<Catalog.Table> userTables() {
        return catalog.tables().stream()
                .filter(t -> !SystemTables.isSystem(t.name()))
                .sorted(Comparator.comparing(Catalog.Table::name))
                .toList();
    }

    /**
     * Up to {@code limit} documents of {@code table} in the order of its index {@code index}, after the
     * key {@code after} (in scan order) when given, stopping early once the documents read pass {@code
     * maxBytes} (at least one document is always returned when there is one).
     *
     * @throws DatabaseException {@link DatabaseException#INVALID_CATALOG_CHANGE} when the table or the
     *     index does not exist in the snapshot
     */
    public Page page(String table, String index, Order order, Optional<IndexKey> after, int limit, long maxBytes) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        Catalog.Index idx = catalog.index(table, index)
                .orElseThrow(() -> new DatabaseException(
                        DatabaseException.INVALID_CATALOG_CHANGE,
                        catalog.table(table).isPresent()
                                ? "Table " + table + " has no index " + index
                                : "Table " + table + " does not exist"));
        KeyRange range =
                after.map(key -> KeyRange.ALL.remainingAfter(key, order)).orElse(KeyRange.ALL);
        List<Value.Obj> documents = new ArrayList<>();
        Optional<IndexKey> last = Optional.empty();
        long bytes = 0;
        Optional<KeyRange> rest = Optional.of(range);
        fill:
        while (rest.isPresent()) {
            IndexPage page =
                    persistence.scan(idx.id(), rest.get(), ts, order, Math.min(FETCH, limit - documents.size()));
            rest = page.remaining();
            List<IndexRow> rows = page.rows();
            for (int i = 0; i < rows.size(); i++) {
                IndexRow row = rows.get(i);
                Optional<Value.Obj> doc = row.document().value();
                if (doc.isPresent()) {
                    documents.add(doc.get());
                    bytes += doc.get().size();
                }
                last = Optional.of(row.key());
                if (documents.size() >= limit || bytes >= maxBytes) {
                    if (i < rows.size() - 1 || rest.isPresent()) {
                        rest = Optional.of(range.remainingAfter(row.key(), order));
                    }
                    break fill;
                }
            }
        }
        // a page cut at its limit may have been the last one: look one key ahead so it says so
        boolean done = rest.isEmpty()
                || rest.get().isEmpty()
                || persistence.scan(idx.id(), rest.get(), ts, order, 1).rows().isEmpty();
        return new Page(documents, last, done);
    }

    /** The number of documents of {@code table} in the snapshot (0 for a table that does not exist). */
    public long count(String table) {
        Optional<Catalog.Index> byId = catalog.index(table, IndexDefinition.BY_ID);
        if (byId.isEmpty()) {
            return 0;
        }
        long count = 0;
        Optional<KeyRange> rest = Optional.of(KeyRange.ALL);
        while (rest.isPresent()) {
            IndexPage page = persistence.scan(byId.get().id(), rest.get(), ts, Order.ASC, FETCH);
            count += page.rows().size();
            rest = page.remaining();
        }
        return count;
    }

    /** The document with this id in the snapshot, if it exists in an active table. */
    public Optional<Value.Obj> get(DocumentId id) {
        if (catalog.table(id.tableNumber()).isEmpty()) {
            return Optional.empty();
        }
        return persistence.get(id, ts).flatMap(DocumentLogEntry::value);
    }

    /** Releases the snapshot to retention. Idempotent. */
    @Override
    public void close() {
        try {
            hold.close();
        } catch (Exception e) {
            throw new IllegalStateException("releasing a snapshot hold cannot fail", e);
        }
    }
}
