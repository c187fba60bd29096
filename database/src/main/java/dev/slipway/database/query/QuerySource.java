package dev.slipway.database.query;

import dev.slipway.persistence.Order;
import java.util.List;

/** Where a query's documents come from, before its operators apply. */
public sealed interface QuerySource {

    /** The table read. */
    String tableName();

    /** Every document of a table, in {@code by_creation_time} order. */
    record FullTableScan(String tableName, Order order) implements QuerySource {}

    /**
     * A range of a database index, as built by {@code withIndex(name, q => q.eq(..).gt(..))}. The
     * range is kept as sent; {@link QueryPlanner} checks it against the index.
     */
    record IndexRange(IndexName indexName, List<RangeExpression> range, Order order) implements QuerySource {
        public IndexRange {
            range = List.copyOf(range);
        }

        @Override
        public String tableName() {
            return indexName.table();
        }
    }

    /** A full-text search ({@code withSearchIndex}); results come in relevance order. */
    record Search(IndexName indexName, List<SearchFilter> filters) implements QuerySource {
        public Search {
            filters = List.copyOf(filters);
        }

        @Override
        public String tableName() {
            return indexName.table();
        }
    }
}
