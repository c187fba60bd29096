package dev.slipway.database;

import dev.slipway.database.query.IndexKeys;
import dev.slipway.database.query.QueryOperator;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.IndexRow;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.value.Value;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The documents of one query of a transaction, in index order, with the plan's filters and limits
 * applied; see {@link Transaction#query}.
 *
 * <p>Implementation notes. Two sources are merged by key in scan order: the persisted index at the
 * snapshot, fetched lazily a page at a time, minus the keys the transaction's own writes shadow (the
 * old key of every document it wrote); and the overlay of the transaction's own writes (the new key
 * of every live written document in the range), fixed when the query starts. No key is in both. Each
 * consumed key, whether a filter keeps its document or not, extends the read set from the range start
 * (or, descending, the range end) to that key; an exhausted scan records the whole range, a scan
 * stopped by a limit records only what it consumed. Documents are counted against the transaction's
 * limits as they are consumed. Writes the transaction makes while a stream is open are not seen by
 * that stream. Not thread-safe, like its transaction.
 */
public final class QueryStream implements Iterator<Value.Obj> {
    private final Transaction tx;
    private final IndexId index;
    private final KeyRange range;
    private final Order order;
    private final List<QueryOperator> operators;
    private final long[] taken;
    private final Set<IndexKey> shadowed;
    private final Iterator<Map.Entry<IndexKey, Value.Obj>> overlay;
    private final ArrayDeque<IndexRow> page = new ArrayDeque<>();

    private Optional<KeyRange> unfetched;
    private Map.@Nullable Entry<IndexKey, Value.Obj> overlayHead;
    /** The part of the range not yet in the read set: ascending its start, descending its end. */
    private IndexKey recordedUpTo;

    private Optional<IndexKey> recordedDownTo;
    private Value.@Nullable Obj next;
    private boolean done;
    /** For pagination: the last key consumed, the rows consumed, the most rows to consume. */
    private Optional<IndexKey> lastConsumed = Optional.empty();

    private long rowsConsumed;
    private long rowLimit = Long.MAX_VALUE;

    QueryStream(
            Transaction tx,
            IndexId index,
            KeyRange range,
            Order order,
            List<QueryOperator> operators,
            NavigableMap<IndexKey, Value.Obj> overlay,
            Set<IndexKey> shadowed) {
        this.tx = tx;
        this.index = index;
        this.range = range;
        this.order = order;
        this.operators = List.copyOf(operators);
        this.taken = new long[this.operators.size()];
        this.shadowed = Set.copyOf(shadowed);
        this.overlay = (order == Order.ASC ? overlay : overlay.descendingMap())
                .entrySet()
                .iterator();
        this.overlayHead = this.overlay.hasNext() ? this.overlay.next() : null;
        this.unfetched = range.isEmpty() ? Optional.empty() : Optional.of(range);
        this.recordedUpTo = range.start();
        this.recordedDownTo = range.end();
    }

    /** The stream of {@code plan} over {@code index}, merged with the transaction's {@code writes}. */
    static QueryStream over(Transaction tx, Catalog.Index index, QueryPlan plan, Collection<DocumentWrite> writes) {
        TreeMap<IndexKey, Value.Obj> added = new TreeMap<>();
        Set<IndexKey> shadowed = new HashSet<>();
        for (DocumentWrite write : writes) {
            if (write.id().tableNumber() == index.tableNumber()) {
                write.before().ifPresent(doc -> shadowed.add(IndexKeys.of(index.definition(), doc, write.id())));
                write.after().ifPresent(doc -> {
                    IndexKey key = IndexKeys.of(index.definition(), doc, write.id());
                    if (plan.range().contains(key)) {
                        added.put(key, doc);
                    }
                });
            }
        }
        return new QueryStream(tx, index.id(), plan.range(), plan.order(), plan.operators(), added, shadowed);
    }

    /** An empty stream that reads nothing (a query on a table that does not exist). */
    static QueryStream empty(Transaction tx, IndexId index) {
        KeyRange nothing = KeyRange.of(IndexKey.MIN, IndexKey.MIN);
        return new QueryStream(tx, index, nothing, Order.ASC, List.of(), new TreeMap<>(), Set.of());
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            advance();
        }
        return next != null;
    }

    @Override
    public Value.Obj next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the query has no more documents");
        }
        Value.Obj result = next;
        next = null;
        return java.util.Objects.requireNonNull(result);
    }

    /** The remaining documents as a sequential stream. */
    public Stream<Value.Obj> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false);
    }

    /** Stops the stream, without recording the rest of its range, once {@code max} rows are consumed. */
    void limitRows(long max) {
        rowLimit = max;
    }

    /** The last key consumed (returned or filtered out), in scan order. */
    Optional<IndexKey> lastConsumed() {
        return lastConsumed;
    }

    /** Whether the stream stopped because of {@link #limitRows} with rows possibly left. */
    boolean stoppedByRowLimit() {
        return done && rowsConsumed >= rowLimit && next == null;
    }

    private void advance() {
        while (!limitReached() && rowsConsumed < rowLimit) {
            Optional<Value.Obj> candidate = pull();
            if (candidate.isEmpty()) {
                recordRest();
                done = true;
                return;
            }
            if (passes(candidate.get())) {
                next = candidate.get();
                return;
            }
        }
        done = true;
    }

    /** Whether a limit is used up: then no further document can be returned. */
    private boolean limitReached() {
        for (int i = 0; i < operators.size(); i++) {
            if (operators.get(i) instanceof QueryOperator.Limit(long n) && taken[i] >= n) {
                return true;
            }
        }
        return false;
    }

    private boolean passes(Value.Obj doc) {
        for (int i = 0; i < operators.size(); i++) {
            switch (operators.get(i)) {
                case QueryOperator.Filter filter -> {
                    if (!filter.expression().matches(doc)) {
                        return false;
                    }
                }
                case QueryOperator.Limit limit -> taken[i]++;
            }
        }
        return true;
    }

    /** The next document of the merged sources in scan order, recording and counting it. */
    private Optional<Value.Obj> pull() {
        IndexRow persisted = peekPersisted();
        Map.Entry<IndexKey, Value.Obj> own = overlayHead;
        if (persisted == null && own == null) {
            return Optional.empty();
        }
        IndexKey key;
        Value.Obj doc;
        if (own != null && (persisted == null || before(own.getKey(), persisted.key()))) {
            key = own.getKey();
            doc = own.getValue();
            overlayHead = overlay.hasNext() ? overlay.next() : null;
        } else {
            IndexRow row = java.util.Objects.requireNonNull(persisted);
            page.removeFirst();
            key = row.key();
            DocumentLogEntry entry = row.document();
            doc = entry.value().orElseThrow();
            tx.cacheFetched(entry);
        }
        consumed(key);
        tx.scanned(doc);
        return Optional.of(doc);
    }

    private boolean before(IndexKey a, IndexKey b) {
        return order == Order.ASC ? a.compareTo(b) < 0 : a.compareTo(b) > 0;
    }

    /** The next persisted row not shadowed by the transaction's writes, fetching pages as needed. */
    private @Nullable IndexRow peekPersisted() {
        while (true) {
            IndexRow head = page.peekFirst();
            if (head != null && shadowed.contains(head.key())) {
                page.removeFirst();
                continue;
            }
            if (head != null || unfetched.isEmpty()) {
                return head;
            }
            fetch(unfetched.get());
        }
    }

    private void fetch(KeyRange rest) {
        IndexPage fetched = tx.scanPage(index, rest, order);
        page.addAll(fetched.rows());
        unfetched = fetched.remaining().filter(r -> !r.isEmpty());
    }

    private void consumed(IndexKey key) {
        lastConsumed = Optional.of(key);
        rowsConsumed++;
        if (order == Order.ASC) {
            tx.recordRange(index, KeyRange.of(recordedUpTo, key.successor()));
            recordedUpTo = key.successor();
        } else {
            tx.recordRange(index, new KeyRange(key, recordedDownTo));
            recordedDownTo = Optional.of(key);
        }
    }

    private void recordRest() {
        if (order == Order.ASC) {
            tx.recordRange(index, new KeyRange(recordedUpTo, range.end()));
        } else {
            tx.recordRange(index, new KeyRange(range.start(), recordedDownTo));
        }
    }
}
