package dev.slipway.database.query;

import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import dev.slipway.value.IndexKeyEncoder;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link SerializedQuery} into a {@link QueryPlan}: which index, which key range, which
 * order.
 *
 * <p>Implementation notes. An index range is valid when (§5.6) its {@code Eq} comparisons name
 * distinct fields that, sorted by index position, form a prefix of the index's effective fields; at
 * most one lower ({@code Gt}/{@code Gte}) and one upper ({@code Lt}/{@code Lte}) bound follow, both
 * on the field right after that prefix, which has no {@code Eq}. The checks run in the order of the
 * Convex backend's {@code IndexRange::compile} so the same query fails with the same error code.
 *
 * <p>Keys are {@code encode(values) ‖ id} ({@link IndexKeys}); {@code encode} is self-delimiting
 * apart from string/bytes continuation, which {@link IndexKeyEncoder#prefixUpperBound} accounts for.
 * With {@code p} = the {@code Eq} values in index order: start = {@code encode(p)}, {@code encode(p
 * + v)} for {@code >= v}, {@code prefixUpperBound(encode(p + v))} for {@code > v}; end (exclusive) =
 * {@code prefixUpperBound(encode(p))} (unbounded when {@code p} is empty), {@code encode(p + v)} for
 * {@code < v}, {@code prefixUpperBound(encode(p + v))} for {@code <= v}. Crossed bounds give an
 * empty range starting at the start key.
 */
public final class QueryPlanner {
    private static final String INDEX_DOCS = "https://docs.convex.dev/using/indexes";

    private QueryPlanner() {}

    /**
     * Plans {@code query}: a full table scan reads all of {@code by_creation_time}; an index range is
     * checked against its index and translated into a key range.
     *
     * @param catalog finds user indexes; {@code by_id} and {@code by_creation_time} exist for every
     *     table
     * @throws QueryException {@link QueryException#INDEX_NOT_FOUND}, {@link
     *     QueryException#SEARCH_NOT_SUPPORTED}, or one of the range errors of {@link #keyRange}
     */
    public static QueryPlan plan(SerializedQuery query, IndexCatalog catalog) {
        return switch (query.source()) {
            case QuerySource.FullTableScan scan ->
                new QueryPlan(
                        IndexDefinition.byCreationTime(scan.tableName()),
                        KeyRange.ALL,
                        scan.order(),
                        query.operators());
            case QuerySource.IndexRange range -> {
                IndexDefinition index = resolve(range.indexName(), catalog);
                yield new QueryPlan(index, keyRange(index, range.range()), range.order(), query.operators());
            }
            case QuerySource.Search search ->
                throw new QueryException(
                        QueryException.SEARCH_NOT_SUPPORTED,
                        "Search index " + search.indexName() + ": search indexes are not supported yet, so"
                                + " withSearchIndex queries cannot run on this server");
        };
    }

    /**
     * The key range of {@code index} holding exactly the documents whose field values satisfy {@code
     * range}.
     *
     * @throws QueryException {@link QueryException#ALREADY_DEFINED_BOUND}, {@link
     *     QueryException#BOUNDS_ON_MULTIPLE_FIELDS}, {@link QueryException#FIELD_NOT_IN_INDEX} or {@link
     *     QueryException#INVALID_INDEX_RANGE}, naming the index and the field
     */
    public static KeyRange keyRange(IndexDefinition index, List<RangeExpression> range) {
        Split split = Split.of(index.indexName(), range);
        List<Optional<Value>> prefix = checkFields(index, split);
        return toKeyRange(prefix, split.lower, split.upper);
    }

    private static IndexDefinition resolve(IndexName name, IndexCatalog catalog) {
        return switch (name.index()) {
            case IndexDefinition.BY_ID -> IndexDefinition.byId(name.table());
            case IndexDefinition.BY_CREATION_TIME -> IndexDefinition.byCreationTime(name.table());
            default ->
                catalog.find(name)
                        .orElseThrow(() ->
                                new QueryException(QueryException.INDEX_NOT_FOUND, "Index " + name + " not found."));
        };
    }

    /** Checks the fields against the index; returns the {@code Eq} values in index order. */
    private static List<Optional<Value>> checkFields(IndexDefinition index, Split split) {
        List<FieldPath> fields = index.effectiveFields();
        Map<FieldPath, Integer> rank = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            rank.put(fields.get(i), i);
        }
        for (FieldPath field : split.equalities.keySet()) {
            requireInIndex(index, rank, field);
        }
        if (split.inequalityField != null) {
            requireInIndex(index, rank, split.inequalityField);
        }
        List<RangeExpression> equalities = new ArrayList<>(split.equalities.values());
        equalities.sort(Comparator.comparing(e -> rank.get(e.fieldPath())));
        List<FieldPath> used = new ArrayList<>();
        equalities.forEach(e -> used.add(e.fieldPath()));
        if (split.inequalityField != null) {
            used.add(split.inequalityField);
        }
        for (int i = 0; i < used.size(); i++) {
            if (!used.get(i).equals(fields.get(i))) {
                throw new QueryException(
                        QueryException.INVALID_INDEX_RANGE,
                        "Tried to query index " + index.indexName()
                                + " but the query didn't use the index fields in order.\nIndex fields: "
                                + quoted(fields) + "\nQuery fields: " + quoted(used) + "\nFirst incorrect field: \""
                                + used.get(i) + "\"\nFor more information see " + INDEX_DOCS + ".");
            }
        }
        return equalities.stream().map(RangeExpression::value).toList();
    }

    private static void requireInIndex(IndexDefinition index, Map<FieldPath, Integer> rank, FieldPath field) {
        if (!rank.containsKey(field)) {
            throw new QueryException(
                    QueryException.FIELD_NOT_IN_INDEX,
                    "The index range included a comparison with \"" + field + "\", but " + index.indexName()
                            + " with fields " + quoted(index.effectiveFields())
                            + " doesn't index this field. For more information see " + INDEX_DOCS + ".");
        }
    }

    private static KeyRange toKeyRange(
            List<Optional<Value>> prefix, @Nullable RangeExpression lower, @Nullable RangeExpression upper) {
        byte[] start;
        if (lower == null) {
            start = IndexKeyEncoder.encode(prefix);
        } else {
            byte[] bound = IndexKeyEncoder.encode(append(prefix, lower.value()));
            start = lower.type() == RangeExpression.Type.GTE ? bound : IndexKeyEncoder.prefixUpperBound(bound);
        }
        byte[] end;
        if (upper == null) {
            if (prefix.isEmpty()) {
                return new KeyRange(new IndexKey(start), Optional.empty());
            }
            end = IndexKeyEncoder.prefixUpperBound(IndexKeyEncoder.encode(prefix));
        } else {
            byte[] bound = IndexKeyEncoder.encode(append(prefix, upper.value()));
            end = upper.type() == RangeExpression.Type.LT ? bound : IndexKeyEncoder.prefixUpperBound(bound);
        }
        if (Arrays.compareUnsigned(end, start) < 0) {
            end = start;
        }
        return KeyRange.of(new IndexKey(start), new IndexKey(end));
    }

    private static List<Optional<Value>> append(List<Optional<Value>> prefix, Optional<Value> value) {
        List<Optional<Value>> values = new ArrayList<>(prefix.size() + 1);
        values.addAll(prefix);
        values.add(value);
        return values;
    }

    private static String quoted(List<FieldPath> fields) {
        return fields.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    /** A range split into its equalities and its bounds, checked for duplicates (Convex's {@code split}). */
    private static final class Split {
        final Map<FieldPath, RangeExpression> equalities = new LinkedHashMap<>();

        @Nullable
        FieldPath inequalityField;

        @Nullable
        RangeExpression lower;

        @Nullable
        RangeExpression upper;

        static Split of(IndexName index, List<RangeExpression> range) {
            Split split = new Split();
            for (RangeExpression expression : range) {
                split.add(index, expression);
            }
            FieldPath field = split.inequalityField;
            if (field != null && split.equalities.containsKey(field)) {
                RangeExpression bound = split.lower != null ? split.lower : split.upper;
                throw alreadyDefined(index, "equality", bound == null ? split.equalities.get(field) : bound);
            }
            return split;
        }

        private void add(IndexName index, RangeExpression expression) {
            FieldPath field = expression.fieldPath();
            if (expression.type() == RangeExpression.Type.EQ) {
                if (equalities.putIfAbsent(field, expression) != null) {
                    throw alreadyDefined(index, "equality", expression);
                }
                return;
            }
            boolean isLower = expression.type().isLowerBound();
            if ((isLower ? lower : upper) != null) {
                throw alreadyDefined(index, isLower ? "lower" : "upper", expression);
            }
            if (inequalityField != null && !inequalityField.equals(field)) {
                throw new QueryException(
                        QueryException.BOUNDS_ON_MULTIPLE_FIELDS,
                        "Upper and lower bounds in `range` can only be applied to a single index field. This query"
                                + " against index " + index + " attempted to set a range bound on both \""
                                + inequalityField + "\" and \"" + field + "\". Consider using `filter` instead. See "
                                + INDEX_DOCS + " for more info.");
            }
            inequalityField = field;
            if (isLower) {
                lower = expression;
            } else {
                upper = expression;
            }
        }

        private static QueryException alreadyDefined(IndexName index, String kind, RangeExpression expression) {
            return new QueryException(
                    QueryException.ALREADY_DEFINED_BOUND,
                    "Already defined " + kind + " bound in the index range on " + index + ". Can't add " + expression
                            + ".");
        }
    }
}
