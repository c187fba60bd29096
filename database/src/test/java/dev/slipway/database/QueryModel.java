package dev.slipway.database;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The test's own model of a serialized query (§5.6 of the interface reference), independent of the
 * engine's {@code dev.slipway.database.query} classes: {@link QueryReference} evaluates it, and
 * {@link Query#json()} renders it as the JSON text {@code convex/server} sends to {@code
 * 1.0/queryStream} and {@code 1.0/queryPage} (keys in the client's order, {@code order} {@code null}
 * when not set, {@code {"$undefined":null}} for {@code undefined}, values in Convex-JSON).
 */
final class QueryModel {
    static final String UNDEFINED = "{\"$undefined\":null}";

    private QueryModel() {}

    /** A query: where the documents come from, then the operators applied in order. */
    record Query(Source source, List<Op> operators) {
        Query {
            operators = List.copyOf(operators);
        }

        String json() {
            return "{\"source\":" + source.json() + ",\"operators\":"
                    + operators.stream().map(Op::json).collect(Collectors.joining(",", "[", "]")) + "}";
        }

        /** The same query with its limit operators dropped (what a paginated query may carry). */
        Query withoutLimits() {
            return new Query(
                    source,
                    operators.stream().filter(op -> op instanceof Filter).toList());
        }
    }

    /** The source of a query; {@code order} is {@code "asc"}, {@code "desc"} or empty for {@code null}. */
    sealed interface Source {
        String table();

        Optional<String> order();

        String json();

        default boolean descending() {
            return order().filter("desc"::equals).isPresent();
        }
    }

    /** {@code ctx.db.query(table)}: every document in {@code by_creation_time} order. */
    record FullTableScan(String table, Optional<String> order) implements Source {
        @Override
        public String json() {
            return "{\"type\":\"FullTableScan\",\"tableName\":\"" + table + "\",\"order\":" + orderJson(order) + "}";
        }
    }

    /** {@code withIndex(index, q => ...)}: the bounds in the order the builder calls made them. */
    record IndexRange(String table, String index, List<Bound> range, Optional<String> order) implements Source {
        IndexRange {
            range = List.copyOf(range);
        }

        @Override
        public String json() {
            return "{\"type\":\"IndexRange\",\"indexName\":\"" + table + "." + index + "\",\"range\":"
                    + range.stream().map(Bound::json).collect(Collectors.joining(",", "[", "]")) + ",\"order\":"
                    + orderJson(order) + "}";
        }
    }

    /** The kinds of index-range comparisons, by wire name. */
    enum BoundType {
        Eq,
        Gt,
        Gte,
        Lt,
        Lte;

        boolean isLower() {
            return this == Gt || this == Gte;
        }

        boolean isUpper() {
            return this == Lt || this == Lte;
        }
    }

    /** One comparison of an index range; an empty value is {@code undefined}. */
    record Bound(BoundType type, String fieldPath, Optional<Value> value) {
        String json() {
            return "{\"type\":\"" + type + "\",\"fieldPath\":\"" + fieldPath + "\",\"value\":" + valueJson(value) + "}";
        }
    }

    /** A query operator. */
    sealed interface Op {
        String json();
    }

    /** {@code .filter(q => expr)}. */
    record Filter(Expr expr) implements Op {
        @Override
        public String json() {
            return "{\"filter\":" + expr.json() + "}";
        }
    }

    /** {@code .take(n)}, {@code .first()} (1), {@code .unique()} (2). */
    record Limit(int n) implements Op {
        @Override
        public String json() {
            return "{\"limit\":" + n + "}";
        }
    }

    /** A filter expression of the {@code q.*} builder. */
    sealed interface Expr {
        String json();
    }

    /** {@code q.field("a.b")}. */
    record Field(String path) implements Expr {
        @Override
        public String json() {
            return "{\"$field\":\"" + path + "\"}";
        }
    }

    /** A constant; empty is {@code undefined}. */
    record Literal(Optional<Value> value) implements Expr {
        @Override
        public String json() {
            return "{\"$literal\":" + valueJson(value) + "}";
        }
    }

    /** The comparison keys of the filter language. */
    enum CmpOp {
        EQ("$eq"),
        NEQ("$neq"),
        LT("$lt"),
        LTE("$lte"),
        GT("$gt"),
        GTE("$gte");

        final String key;

        CmpOp(String key) {
            this.key = key;
        }
    }

    /** The binary arithmetic keys of the filter language. */
    enum ArithOp {
        ADD("$add"),
        SUB("$sub"),
        MUL("$mul"),
        DIV("$div"),
        MOD("$mod");

        final String key;

        ArithOp(String key) {
            this.key = key;
        }
    }

    /** {@code q.eq(l, r)} and the other comparisons. */
    record Cmp(CmpOp op, Expr left, Expr right) implements Expr {
        @Override
        public String json() {
            return "{\"" + op.key + "\":[" + left.json() + "," + right.json() + "]}";
        }
    }

    /** {@code q.add(l, r)} and the other binary arithmetic. */
    record Arith(ArithOp op, Expr left, Expr right) implements Expr {
        @Override
        public String json() {
            return "{\"" + op.key + "\":[" + left.json() + "," + right.json() + "]}";
        }
    }

    /** {@code q.neg(x)}. */
    record Neg(Expr operand) implements Expr {
        @Override
        public String json() {
            return "{\"$neg\":" + operand.json() + "}";
        }
    }

    /** {@code q.not(x)}. */
    record Not(Expr operand) implements Expr {
        @Override
        public String json() {
            return "{\"$not\":" + operand.json() + "}";
        }
    }

    /** {@code q.and(...)}. */
    record And(List<Expr> operands) implements Expr {
        And {
            operands = List.copyOf(operands);
        }

        @Override
        public String json() {
            return "{\"$and\":" + operands.stream().map(Expr::json).collect(Collectors.joining(",", "[", "]")) + "}";
        }
    }

    /** {@code q.or(...)}. */
    record Or(List<Expr> operands) implements Expr {
        Or {
            operands = List.copyOf(operands);
        }

        @Override
        public String json() {
            return "{\"$or\":" + operands.stream().map(Expr::json).collect(Collectors.joining(",", "[", "]")) + "}";
        }
    }

    private static String orderJson(Optional<String> order) {
        return order.map(o -> "\"" + o + "\"").orElse("null");
    }

    private static String valueJson(Optional<Value> value) {
        return value.map(ConvexJson::encode).orElse(UNDEFINED);
    }
}
