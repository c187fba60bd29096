package dev.slipway.database;

import dev.slipway.database.query.IndexKeys;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Documents;
import dev.slipway.value.SlipwayException;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one page of a paginated query; see {@link Transaction#queryPage}.
 *
 * <p>Implementation notes. The plan's key range is narrowed to the page: ascending, from just after
 * the start cursor's key to just after the end cursor's key (or the range end); descending, the mirror
 * image. The narrowed plan runs as an ordinary {@link QueryStream}, whose read set grows from the
 * narrowed start to each key it consumes, so a page that stops at its {@code pageSize}-th document
 * has read exactly [cursor, continue position], and a page that runs out has read the whole narrowed
 * range. The continue cursor names the last key consumed (returned or filtered out), never a row
 * number, so later writes neither shift nor duplicate pages. With an end cursor (the journal of a
 * reactive re-run) the page ignores {@code pageSize} and reads through the end cursor, so it ends at
 * the same position however many documents were inserted into or deleted from it. {@code
 * maximumRowsRead} stops the scan early: without an end cursor the page just ends there; with one the
 * page is incomplete and is marked {@link QueryPage#SPLIT_REQUIRED} with the split cursor at the stop.
 */
final class Paginator {
    /** Error code of a page size of 0 (Convex's). */
    static final String NO_DOCUMENTS = "NoDocumentsForPagination";
    /** Error code of a page size above {@link #MAX_PAGE_SIZE} (Convex's). */
    static final String PAGE_SIZE_TOO_LARGE = "PageSizeTooLarge";
    /** Error code of a {@code maximumRowsRead} below 1. */
    static final String INVALID_MAXIMUM_ROWS_READ = "InvalidMaximumRowsRead";
    /** The largest page size (reference §7.1). */
    static final int MAX_PAGE_SIZE = 32_000;

    private Paginator() {}

    static QueryPage page(
            Transaction tx,
            QueryPlan plan,
            Optional<String> cursor,
            Optional<String> endCursor,
            int pageSize,
            Optional<Integer> maximumRowsRead) {
        checkArguments(pageSize, maximumRowsRead);
        Optional<PageCursor> start = cursor.map(c -> PageCursor.decode(c, plan));
        Optional<PageCursor> end = endCursor.map(c -> PageCursor.decode(c, plan));
        if (start.isPresent() && start.get().isEnd()) {
            return new QueryPage(List.of(), true, PageCursor.end().encode(plan), Optional.empty(), Optional.empty());
        }
        KeyRange narrowed = narrow(plan, start.flatMap(PageCursor::key), end);
        QueryStream stream = tx.query(new QueryPlan(plan.index(), narrowed, plan.order(), plan.operators()));
        maximumRowsRead.ifPresent(stream::limitRows);
        List<Value.Obj> docs = new ArrayList<>();
        while ((end.isPresent() || docs.size() < pageSize) && stream.hasNext()) {
            docs.add(stream.next());
        }
        return result(plan, stream, docs, start, end, pageSize);
    }

    private static QueryPage result(
            QueryPlan plan,
            QueryStream stream,
            List<Value.Obj> docs,
            Optional<PageCursor> start,
            Optional<PageCursor> end,
            int pageSize) {
        Optional<PageCursor> reached =
                stream.lastConsumed().map(PageCursor::after).or(() -> start);
        if (stream.stoppedByRowLimit()) {
            PageCursor stop = reached.orElseThrow();
            if (end.isPresent()) {
                return new QueryPage(
                        docs,
                        end.get().isEnd(),
                        end.get().encode(plan),
                        Optional.of(stop.encode(plan)),
                        Optional.of(QueryPage.SPLIT_REQUIRED));
            }
            return new QueryPage(docs, false, stop.encode(plan), Optional.empty(), Optional.empty());
        }
        if (end.isPresent()) {
            Optional<String> status =
                    docs.size() > 2 * pageSize ? Optional.of(QueryPage.SPLIT_RECOMMENDED) : Optional.empty();
            Optional<String> split = status.map(s -> splitCursor(plan, docs));
            return new QueryPage(docs, end.get().isEnd(), end.get().encode(plan), split, status);
        }
        if (docs.size() >= pageSize) {
            return new QueryPage(docs, false, reached.orElseThrow().encode(plan), Optional.empty(), Optional.empty());
        }
        return new QueryPage(docs, true, PageCursor.end().encode(plan), Optional.empty(), Optional.empty());
    }

    /** The cursor after the middle document of an oversized page. */
    private static String splitCursor(QueryPlan plan, List<Value.Obj> docs) {
        Value.Obj middle = docs.get(docs.size() / 2 - 1);
        if (!(middle.fields().get(Documents.ID_FIELD) instanceof Value.Str(String text))) {
            throw new IllegalStateException("a query returned a document without a string _id: " + middle);
        }
        DocumentId id = DocumentId.decode(text).orElseThrow();
        return PageCursor.after(IndexKeys.of(plan.index(), middle, id)).encode(plan);
    }

    private static void checkArguments(int pageSize, Optional<Integer> maximumRowsRead) {
        if (pageSize <= 0) {
            throw new SlipwayException(
                    NO_DOCUMENTS, "Pagination page size must be at least 1, got " + pageSize + " (numItems).");
        }
        if (pageSize > MAX_PAGE_SIZE) {
            throw new SlipwayException(
                    PAGE_SIZE_TOO_LARGE,
                    "Pagination page size " + pageSize + " is larger than the maximum of " + MAX_PAGE_SIZE + ".");
        }
        if (maximumRowsRead.isPresent() && maximumRowsRead.get() < 1) {
            throw new SlipwayException(
                    INVALID_MAXIMUM_ROWS_READ,
                    "Pagination maximumRowsRead must be at least 1, got " + maximumRowsRead.get() + ".");
        }
    }

    /** The plan's range restricted to after {@code start} and through {@code end}, in scan order. */
    private static KeyRange narrow(QueryPlan plan, Optional<IndexKey> start, Optional<PageCursor> end) {
        KeyRange range = plan.range();
        IndexKey lower = range.start();
        Optional<IndexKey> upper = range.end();
        Optional<IndexKey> endKey = end.flatMap(PageCursor::key);
        if (plan.order() == Order.ASC) {
            lower = start.map(k -> max(k.successor(), range.start())).orElse(lower);
            upper = endKey.map(k -> min(k.successor(), range.end())).or(() -> range.end());
        } else {
            upper = start.map(k -> min(k, range.end())).or(() -> range.end());
            lower = endKey.map(k -> max(k, range.start())).orElse(lower);
        }
        if (upper.isPresent() && upper.get().compareTo(lower) < 0) {
            return KeyRange.of(lower, lower);
        }
        return new KeyRange(lower, upper);
    }

    private static IndexKey max(IndexKey a, IndexKey b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static IndexKey min(IndexKey a, Optional<IndexKey> b) {
        return b.filter(x -> x.compareTo(a) < 0).orElse(a);
    }
}
