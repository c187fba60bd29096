package dev.slipway.database;

import dev.slipway.database.QueryModel.Bound;
import dev.slipway.database.QueryModel.BoundType;
import dev.slipway.database.QueryModel.Filter;
import dev.slipway.database.QueryModel.FullTableScan;
import dev.slipway.database.QueryModel.IndexRange;
import dev.slipway.database.QueryModel.Limit;
import dev.slipway.database.QueryModel.Op;
import dev.slipway.database.QueryModel.Query;
import dev.slipway.value.Value;
import dev.slipway.value.ValueOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The trivial model the query engine is compared with: the documents of one table in a plain map,
 * and queries answered by brute force from §5.6 of the interface reference. A source keeps the
 * documents whose index fields satisfy the range (each {@code Eq} equal, the one bounded field
 * inside its bounds, all under {@link ValueOrder#WITH_MISSING}), sorts them by the index's
 * effective fields (declared, {@code _creationTime}, {@code _id}) and reverses them for {@code
 * desc}; the operators are a pull chain, so a filter sees exactly the documents an upstream limit
 * lets through and nothing after the last limit is full, which decides whether a failing filter
 * fails the query. Pages follow {@link Paginator}'s documented rules ({@link #page}).
 */
final class QueryReference {
    static final String EVAL_ERROR = "EvalError";
    static final String INDEX_NOT_FOUND = "IndexNotFoundError";
    static final String ALREADY_DEFINED_BOUND = "AlreadyDefinedBound";
    static final String BOUNDS_ON_MULTIPLE_FIELDS = "BoundsOnMultipleFields";
    static final String INVALID_INDEX_RANGE = "InvalidIndexRange";
    static final String FIELD_NOT_IN_INDEX = "FieldNotInIndex";

    private static final Comparator<List<Optional<Value>>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = ValueOrder.WITH_MISSING.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private final String table;
    private final Map<String, List<String>> indexes = new LinkedHashMap<>();
    private final Map<String, Value.Obj> documents = new LinkedHashMap<>();

    QueryReference(String table) {
        this.table = table;
    }

    String table() {
        return table;
    }

    /** Adds user index {@code name} on {@code fields} (dotted paths). */
    void addIndex(String name, List<String> fields) {
        indexes.put(name, List.copyOf(fields));
    }

    /** The queryable index names: the user indexes and the two built-ins. */
    List<String> indexNames() {
        List<String> names = new ArrayList<>(indexes.keySet());
        names.add("by_id");
        names.add("by_creation_time");
        return names;
    }

    /** Inserts or overwrites a document (with its system fields). */
    void put(Value.Obj doc) {
        documents.put(id(doc), doc);
    }

    void remove(String id) {
        documents.remove(id);
    }

    Optional<Value.Obj> get(String id) {
        return Optional.ofNullable(documents.get(id));
    }

    List<Value.Obj> documents() {
        return List.copyOf(documents.values());
    }

    static String id(Value.Obj doc) {
        if (doc.fields().get("_id") instanceof Value.Str id) {
            return id.value();
        }
        throw new IllegalArgumentException("a document without a string _id: " + doc);
    }

    /** What a query gives: its documents in order, or the code of the error it fails with. */
    sealed interface Outcome {
        record Docs(List<Value.Obj> docs) implements Outcome {}

        record Failure(String code, String reason) implements Outcome {}
    }

    /** Answers {@code query} on the current documents. */
    Outcome run(Query query) {
        try {
            Source source = source(query);
            return new Outcome.Docs(pipeline(source.docs(), query.operators()));
        } catch (ReferenceFailure e) {
            return new Outcome.Failure(e.code, String.valueOf(e.getMessage()));
        } catch (FilterReference.EvalFailure e) {
            return new Outcome.Failure(EVAL_ERROR, String.valueOf(e.getMessage()));
        }
    }

    /** The documents of the query's source in scan order, and the fields their keys are made of. */
    record Source(List<Value.Obj> docs, List<String> keyFields, boolean descending) {}

    /** The source of {@code query}; throws {@link ReferenceFailure} for an unknown index or a bad range. */
    Source source(Query query) {
        return switch (query.source()) {
            case FullTableScan scan -> {
                List<String> fields = List.of("_creationTime", "_id");
                List<Value.Obj> docs = scan.table().equals(table) ? sorted(documents(), fields) : List.of();
                yield new Source(scan.descending() ? docs.reversed() : docs, fields, scan.descending());
            }
            case IndexRange range -> {
                List<String> fields = effectiveFields(range.index());
                List<Value.Obj> docs = inRange(fields, range);
                yield new Source(range.descending() ? docs.reversed() : docs, fields, range.descending());
            }
        };
    }

    /** The fields of {@code index}'s keys: declared, then {@code _creationTime} and {@code _id}. */
    List<String> effectiveFields(String index) {
        if (index.equals("by_id")) {
            return List.of("_id");
        }
        if (index.equals("by_creation_time")) {
            return List.of("_creationTime", "_id");
        }
        List<String> declared = indexes.get(index);
        if (declared == null) {
            throw new ReferenceFailure(INDEX_NOT_FOUND, "no index " + index);
        }
        List<String> fields = new ArrayList<>(declared);
        fields.add("_creationTime");
        fields.add("_id");
        return fields;
    }

    private List<Value.Obj> inRange(List<String> fields, IndexRange range) {
        Checked checked = check(fields, range.range());
        List<Value.Obj> kept =
                documents.values().stream().filter(doc -> matches(doc, checked)).toList();
        return sorted(kept, fields);
    }

    private static boolean matches(Value.Obj doc, Checked range) {
        for (Bound eq : range.equalities()) {
            if (ValueOrder.WITH_MISSING.compare(FilterReference.extract(eq.fieldPath(), doc), eq.value()) != 0) {
                return false;
            }
        }
        for (Bound bound : range.bounds()) {
            int c = ValueOrder.WITH_MISSING.compare(FilterReference.extract(bound.fieldPath(), doc), bound.value());
            boolean inside = switch (bound.type()) {
                case Gt -> c > 0;
                case Gte -> c >= 0;
                case Lt -> c < 0;
                case Lte -> c <= 0;
                case Eq -> throw new IllegalStateException("an equality among the bounds");
            };
            if (!inside) {
                return false;
            }
        }
        return true;
    }

    /** A valid range: its equalities and its (at most two) bounds on one field. */
    private record Checked(List<Bound> equalities, List<Bound> bounds) {}

    /**
     * The §5.6 rules, checked in the order of Convex's {@code IndexRange::compile}: duplicates while
     * reading the comparisons in order (a second {@code Eq} on a field, a second lower or upper bound,
     * then bounds on two fields), a bound on a field that has an {@code Eq}, fields the index lacks
     * ({@code Eq} fields first), and finally the {@code Eq} fields in index order followed by the
     * bounded field must be a prefix of the index fields.
     */
    private static Checked check(List<String> fields, List<Bound> range) {
        Map<String, Bound> equalities = new LinkedHashMap<>();
        List<Bound> bounds = new ArrayList<>();
        Optional<String> boundField = Optional.empty();
        boolean lower = false;
        boolean upper = false;
        for (Bound bound : range) {
            if (bound.type() == BoundType.Eq) {
                if (equalities.putIfAbsent(bound.fieldPath(), bound) != null) {
                    throw new ReferenceFailure(ALREADY_DEFINED_BOUND, "second Eq on " + bound.fieldPath());
                }
                continue;
            }
            if (bound.type().isLower() ? lower : upper) {
                throw new ReferenceFailure(ALREADY_DEFINED_BOUND, "second bound of the kind of " + bound);
            }
            if (boundField.isPresent() && !boundField.get().equals(bound.fieldPath())) {
                throw new ReferenceFailure(BOUNDS_ON_MULTIPLE_FIELDS, "bounds on two fields");
            }
            lower |= bound.type().isLower();
            upper |= bound.type().isUpper();
            boundField = Optional.of(bound.fieldPath());
            bounds.add(bound);
        }
        if (boundField.isPresent() && equalities.containsKey(boundField.get())) {
            throw new ReferenceFailure(ALREADY_DEFINED_BOUND, "bound and Eq on " + boundField.get());
        }
        Set<String> used = new LinkedHashSet<>(equalities.keySet());
        boundField.ifPresent(used::add);
        for (String field : used) {
            if (!fields.contains(field)) {
                throw new ReferenceFailure(FIELD_NOT_IN_INDEX, field + " is not in " + fields);
            }
        }
        List<String> order = new ArrayList<>(equalities.keySet());
        order.sort(Comparator.comparingInt(fields::indexOf));
        boundField.ifPresent(order::add);
        if (!order.equals(fields.subList(0, order.size()))) {
            throw new ReferenceFailure(INVALID_INDEX_RANGE, order + " is not a prefix of " + fields);
        }
        return new Checked(List.copyOf(equalities.values()), bounds);
    }

    private static List<Value.Obj> sorted(List<Value.Obj> docs, List<String> fields) {
        List<Value.Obj> copy = new ArrayList<>(docs);
        copy.sort(Comparator.comparing(doc -> key(fields, doc), KEY_ORDER));
        return copy;
    }

    /** The values of {@code fields} in {@code doc}, empty where missing. */
    static List<Optional<Value>> key(List<String> fields, Value.Obj doc) {
        return fields.stream().map(f -> FilterReference.extract(f, doc)).toList();
    }

    /** Whether key {@code a} comes strictly after {@code b} in scan order. */
    static boolean after(List<Optional<Value>> a, List<Optional<Value>> b, boolean descending) {
        int c = KEY_ORDER.compare(a, b);
        return descending ? c < 0 : c > 0;
    }

    /** The operators as a pull chain: each asks the one before it for documents, one at a time. */
    private static List<Value.Obj> pipeline(List<Value.Obj> docs, List<Op> operators) {
        var iterator = docs.iterator();
        Supplier<Optional<Value.Obj>> stream =
                () -> iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
        for (Op op : operators) {
            stream = switch (op) {
                case Filter filter -> filtered(stream, filter);
                case Limit limit -> limited(stream, limit.n());
            };
        }
        List<Value.Obj> out = new ArrayList<>();
        for (Optional<Value.Obj> doc = stream.get(); doc.isPresent(); doc = stream.get()) {
            out.add(doc.get());
        }
        return out;
    }

    private static Supplier<Optional<Value.Obj>> filtered(Supplier<Optional<Value.Obj>> upstream, Filter filter) {
        return () -> {
            while (true) {
                Optional<Value.Obj> doc = upstream.get();
                if (doc.isEmpty() || FilterReference.keeps(filter.expr(), doc.get())) {
                    return doc;
                }
            }
        };
    }

    private static Supplier<Optional<Value.Obj>> limited(Supplier<Optional<Value.Obj>> upstream, int n) {
        int[] taken = {0};
        return () -> {
            if (taken[0] >= n) {
                return Optional.empty();
            }
            Optional<Value.Obj> doc = upstream.get();
            doc.ifPresent(d -> taken[0]++);
            return doc;
        };
    }

    // ---- pagination ----------------------------------------------------------------------------

    /** A position between documents in a query's scan order, as a cursor names it. */
    sealed interface Position {
        /** After the document with this key (the last one a page consumed, as it was then). */
        record After(List<Optional<Value>> key, Value.Obj doc) implements Position {}

        /** The end of the range (a finished query's cursor). */
        record End() implements Position {}
    }

    /** A page as {@link Paginator} documents it. */
    record Page(
            List<Value.Obj> docs,
            boolean isDone,
            Position continueAt,
            Optional<Position> split,
            Optional<String> status) {}

    /**
     * One page of {@code query} (its filters; limits are not allowed with pagination): the documents
     * after {@code start} (from the range start when empty) and, with {@code end}, through {@code
     * end} whatever {@code pageSize}; without {@code end}, up to {@code pageSize} documents. Rows are
     * consumed one at a time, each counted toward {@code maximumRowsRead} whether the filters keep it
     * or not; a page full at {@code pageSize} or stopped by {@code maximumRowsRead} continues after
     * its last consumed row and is not done, a page that ran out is done (without an end cursor) and
     * ends at the end of the range. With an end cursor the page keeps it as its continue cursor, is
     * done exactly when the end cursor is the end, and is split: required after the last consumed row
     * when {@code maximumRowsRead} stopped it, recommended after its middle document when it holds
     * more than twice {@code pageSize} documents.
     *
     * @throws FilterReference.EvalFailure when a filter fails on a consumed row
     */
    Page page(
            Query query,
            Optional<Position> start,
            Optional<Position> end,
            int pageSize,
            Optional<Integer> maximumRowsRead) {
        if (start.isPresent() && start.get() instanceof Position.End) {
            return new Page(List.of(), true, new Position.End(), Optional.empty(), Optional.empty());
        }
        Source source = source(query);
        List<Value.Obj> candidates = source.docs().stream()
                .filter(doc -> within(source, doc, start, end))
                .toList();
        List<Value.Obj> docs = new ArrayList<>();
        Optional<Position> last = start;
        int consumed = 0;
        for (Value.Obj doc : candidates) {
            if (end.isEmpty() && docs.size() >= pageSize) {
                return new Page(docs, false, last.orElseThrow(), Optional.empty(), Optional.empty());
            }
            if (maximumRowsRead.isPresent() && consumed >= maximumRowsRead.get()) {
                return rowLimitStop(docs, last.orElseThrow(), end);
            }
            consumed++;
            last = Optional.of(new Position.After(key(source.keyFields(), doc), doc));
            if (keptByFilters(query, doc)) {
                docs.add(doc);
            }
        }
        if (end.isEmpty() && docs.size() >= pageSize) {
            return new Page(docs, false, last.orElseThrow(), Optional.empty(), Optional.empty());
        }
        if (maximumRowsRead.isPresent() && consumed >= maximumRowsRead.get()) {
            return rowLimitStop(docs, last.orElseThrow(), end);
        }
        if (end.isEmpty()) {
            return new Page(docs, true, new Position.End(), Optional.empty(), Optional.empty());
        }
        if (docs.size() > 2 * pageSize) {
            Value.Obj middle = docs.get(docs.size() / 2 - 1);
            Position split = new Position.After(key(source.keyFields(), middle), middle);
            return new Page(
                    docs,
                    end.get() instanceof Position.End,
                    end.get(),
                    Optional.of(split),
                    Optional.of("SplitRecommended"));
        }
        return new Page(docs, end.get() instanceof Position.End, end.get(), Optional.empty(), Optional.empty());
    }

    private static Page rowLimitStop(List<Value.Obj> docs, Position last, Optional<Position> end) {
        if (end.isEmpty()) {
            return new Page(docs, false, last, Optional.empty(), Optional.empty());
        }
        return new Page(
                docs, end.get() instanceof Position.End, end.get(), Optional.of(last), Optional.of("SplitRequired"));
    }

    private static boolean within(Source source, Value.Obj doc, Optional<Position> start, Optional<Position> end) {
        List<Optional<Value>> key = key(source.keyFields(), doc);
        if (start.isPresent() && start.get() instanceof Position.After from) {
            if (!after(key, from.key(), source.descending())) {
                return false;
            }
        }
        if (end.isPresent() && end.get() instanceof Position.After through) {
            return !after(key, through.key(), source.descending());
        }
        return true;
    }

    private static boolean keptByFilters(Query query, Value.Obj doc) {
        for (Op op : query.operators()) {
            if (op instanceof Filter filter && !FilterReference.keeps(filter.expr(), doc)) {
                return false;
            }
        }
        return true;
    }

    /** A query the reference expects to fail, with the engine's error code. */
    static final class ReferenceFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        ReferenceFailure(String code, String message) {
            super(code + ": " + message);
            this.code = code;
        }
    }
}
