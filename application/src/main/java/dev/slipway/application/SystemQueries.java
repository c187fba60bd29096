package dev.slipway.application;

import dev.slipway.database.Database;
import dev.slipway.database.DatabaseException;
import dev.slipway.database.QueryPage;
import dev.slipway.database.QueryStream;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads of the application's system tables: equality lookups on an index, and paged scans at one snapshot. */
final class SystemQueries {
    /** The first page size of {@link #forEachAt}; halved while a page exceeds the transaction's read limits. */
    static final int PAGE_SIZE = 256;

    private SystemQueries() {}

    /**
     * The documents of {@code table.index} whose leading fields equal {@code equal} (in index order of
     * the fields), ascending, over {@code tx}.
     */
    static QueryStream equal(Transaction tx, String table, String index, Map<String, Value> equal) {
        StringBuilder range = new StringBuilder();
        for (Map.Entry<String, Value> field : equal.entrySet()) {
            if (!range.isEmpty()) {
                range.append(',');
            }
            range.append("{\"type\":\"Eq\",\"fieldPath\":")
                    .append(ConvexJson.encode(new Value.Str(field.getKey())))
                    .append(",\"value\":")
                    .append(ConvexJson.encode(field.getValue()))
                    .append('}');
        }
        String query = "{\"source\":{\"type\":\"IndexRange\",\"indexName\":"
                + ConvexJson.encode(new Value.Str(table + "." + index)) + ",\"order\":\"asc\",\"range\":[" + range
                + "]},\"operators\":[]}";
        return tx.query(QueryPlanner.plan(SerializedQuery.parse(query), tx.catalog()));
    }

    /**
     * Hands every document of {@code plan}, read at snapshot {@code ts}, to {@code each}, a page at a
     * time, each page in a transaction of its own: memory stays bounded by a page, and a scan of any
     * size stays within the per-transaction read limits (a page that exceeds them is read again at
     * half the size). {@code ts} must stay within the retention window while the scan runs.
     */
    static void forEachAt(Database db, Timestamp ts, QueryPlan plan, Consumer<Value.Obj> each) {
        Optional<String> cursor = Optional.empty();
        int pageSize = PAGE_SIZE;
        while (true) {
            QueryPage page;
            Transaction tx = db.beginAt(ts);
            try {
                page = tx.queryPage(plan, cursor, Optional.empty(), pageSize, Optional.empty());
            } catch (DatabaseException e) {
                if (!e.code().equals(DatabaseException.LIMIT_EXCEEDED) || pageSize == 1) {
                    throw e;
                }
                pageSize = Math.max(1, pageSize / 2);
                continue;
            } finally {
                tx.abort();
            }
            List<Value.Obj> docs = page.page();
            docs.forEach(each);
            if (page.isDone()) {
                return;
            }
            cursor = Optional.of(page.continueCursor());
        }
    }
}
