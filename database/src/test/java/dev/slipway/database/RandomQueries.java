package dev.slipway.database;

import dev.slipway.database.QueryModel.And;
import dev.slipway.database.QueryModel.Arith;
import dev.slipway.database.QueryModel.ArithOp;
import dev.slipway.database.QueryModel.Bound;
import dev.slipway.database.QueryModel.BoundType;
import dev.slipway.database.QueryModel.Cmp;
import dev.slipway.database.QueryModel.CmpOp;
import dev.slipway.database.QueryModel.Expr;
import dev.slipway.database.QueryModel.Field;
import dev.slipway.database.QueryModel.Filter;
import dev.slipway.database.QueryModel.FullTableScan;
import dev.slipway.database.QueryModel.IndexRange;
import dev.slipway.database.QueryModel.Limit;
import dev.slipway.database.QueryModel.Literal;
import dev.slipway.database.QueryModel.Neg;
import dev.slipway.database.QueryModel.Not;
import dev.slipway.database.QueryModel.Op;
import dev.slipway.database.QueryModel.Or;
import dev.slipway.database.QueryModel.Query;
import dev.slipway.database.QueryModel.Source;
import dev.slipway.value.Value;
import dev.slipway.value.ValueOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Random documents, patches and queries for {@link AbstractQuerySemanticsTest}. Values come from a
 * pool that mixes every Convex type with the edge cases of the total order ({@code -0}, NaN of both
 * signs, ±∞, Int64 extremes, strings with NUL and astral characters, bytes with zeros, nested arrays
 * and objects), values longer than a stored key prefix, and small numbers, so equal values repeat
 * and ranges hit. Range bounds and filter
 * literals are often taken from existing documents. Arithmetic in filters is mostly guarded by type
 * tests written as comparisons ({@code MIN_INT64 <= f <= MAX_INT64} holds exactly for Int64, {@code
 * MAX_INT64 < f < false} exactly for Float64), so most queries succeed while overflow, division by
 * zero, mixed types and non-boolean filters still occur.
 */
final class RandomQueries {
    private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xFFF8_0000_0000_0000L);
    private static final List<Value> SPECIAL_FLOATS = List.of(
            f64(0.0),
            f64(-0.0),
            f64(1.0),
            f64(1.5),
            f64(-2.5),
            f64(Double.NaN),
            f64(NEGATIVE_NAN),
            f64(Double.POSITIVE_INFINITY),
            f64(Double.NEGATIVE_INFINITY),
            f64(Double.MIN_VALUE),
            f64(-Double.MAX_VALUE));
    private static final List<Value> SPECIAL = List.of(
            Value.Null.INSTANCE,
            i64(0),
            i64(1),
            i64(-1),
            i64(Long.MIN_VALUE),
            i64(Long.MAX_VALUE),
            f64(0.0),
            f64(-0.0),
            f64(1.0),
            f64(1.5),
            f64(-2.5),
            f64(Double.NaN),
            f64(NEGATIVE_NAN),
            f64(Double.POSITIVE_INFINITY),
            f64(Double.NEGATIVE_INFINITY),
            f64(Double.MIN_VALUE),
            f64(-Double.MAX_VALUE),
            new Value.Bool(true),
            new Value.Bool(false),
            str(""),
            str("a"),
            str("a\u0000"),
            str("a\u0000b"),
            str("ab"),
            str("b"),
            str("A"),
            str("é"),
            str("\uFF5E"),
            str("\uD83D\uDE00"),
            bytes(),
            bytes(0),
            bytes(0, 0),
            bytes(0, 1),
            bytes(1),
            bytes(0xFF),
            Value.Array.of(),
            Value.Array.of(i64(1)),
            Value.Array.of(i64(1), str("x")),
            Value.Array.of(Value.Null.INSTANCE),
            Value.Array.of(Value.Array.of()),
            Value.Obj.empty(),
            V.obj("k", i64(1)),
            V.obj("k", str("a")),
            V.obj("k", Value.Null.INSTANCE, "z", f64(2.5)),
            V.obj("a", Value.Obj.empty()));
    /**
     * Values whose index keys pass PostgreSQL's 2,500-byte stored key prefix, many sharing that
     * prefix, with an escaped NUL right at the boundary.
     */
    private static final List<Value> LONG = List.of(
            str("k".repeat(2490)),
            str("k".repeat(2498)),
            str("k".repeat(2499) + "\u0000"),
            str("k".repeat(2500)),
            str("k".repeat(2600)),
            str("k".repeat(2600) + "a"),
            str("k".repeat(2600) + "\u0000"),
            str("k".repeat(2600) + "\u0000a"),
            str("k".repeat(2600) + "b"),
            new Value.Bytes(new byte[1300]));

    private static final List<String> STRING_PARTS = List.of("a", "b", "\u0000", "é", "\uD83D\uDE00", "\uFF5E");
    private static final List<String> OPERAND_FIELDS =
            List.of("x", "y", "n", "n.k", "n.z", "v", "v", "w", "_creationTime", "_id", "nope", "x.k");
    private static final List<String> ARITHMETIC_FIELDS = List.of("v", "v", "v", "x", "n.k", "y");
    private static final List<CmpOp> CMP_OPS = List.of(CmpOp.values());
    private static final List<ArithOp> ARITH_OPS = List.of(ArithOp.values());
    private static final String[] FIELDS = {"x", "y", "n", "v", "w"};

    private final SplittableRandom random;
    private final QueryReference reference;

    RandomQueries(SplittableRandom random, QueryReference reference) {
        this.random = random;
        this.reference = reference;
    }

    // ---- documents ---------------------------------------------------------------------------

    /** A new document's fields (no system fields). */
    Value.Obj document() {
        Map<String, Value> fields = new LinkedHashMap<>();
        for (String field : FIELDS) {
            fieldValue(field).ifPresent(value -> fields.put(field, value));
        }
        return Value.Obj.of(fields);
    }

    /** A patch of one to five fields; an empty value removes the field. */
    Map<String, Optional<Value>> patch() {
        Map<String, Optional<Value>> patch = new LinkedHashMap<>();
        while (patch.isEmpty()) {
            for (String field : FIELDS) {
                if (random.nextInt(100) < 40) {
                    patch.put(field, random.nextInt(100) < 25 ? Optional.empty() : fieldValue(field));
                }
            }
        }
        return patch;
    }

    private Optional<Value> fieldValue(String field) {
        int c = random.nextInt(100);
        return switch (field) {
            case "x" -> c < 88 ? Optional.of(any(2)) : Optional.empty();
            case "y" -> c < 75 ? Optional.of(any(2)) : Optional.empty();
            case "n" -> c < 25 ? Optional.empty() : Optional.of(c < 80 ? nested() : any(1));
            case "v" -> c < 90 ? Optional.of(number(c < 60)) : Optional.empty();
            default ->
                c < 80
                        ? Optional.of(new Value.Bool(random.nextBoolean()))
                        : c < 90 ? Optional.of(any(1)) : Optional.empty();
        };
    }

    private Value nested() {
        Map<String, Value> fields = new LinkedHashMap<>();
        if (random.nextInt(100) < 80) {
            fields.put("k", any(1));
        }
        if (random.nextInt(100) < 30) {
            fields.put("z", any(1));
        }
        return Value.Obj.of(fields);
    }

    /** A value of any type, nested at most {@code depth} levels. */
    Value any(int depth) {
        int c = random.nextInt(100);
        if (c < 4) {
            return LONG.get(random.nextInt(LONG.size()));
        } else if (c < 45) {
            return SPECIAL.get(random.nextInt(SPECIAL.size()));
        } else if (c < 65) {
            return i64(random.nextInt(-6, 7));
        } else if (c < 80) {
            return f64(random.nextInt(-12, 13) / 2.0);
        } else if (c < 88) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(4); i > 0; i--) {
                s.append(STRING_PARTS.get(random.nextInt(STRING_PARTS.size())));
            }
            return str(s.toString());
        } else if (c < 92) {
            byte[] b = new byte[random.nextInt(4)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) new int[] {0, 1, 0x7F, 0xFF}[random.nextInt(4)];
            }
            return new Value.Bytes(b);
        } else if (depth > 0 && c < 96) {
            List<Value> elements = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                elements.add(any(depth - 1));
            }
            return new Value.Array(elements);
        } else if (depth > 0) {
            Map<String, Value> fields = new LinkedHashMap<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                fields.put(List.of("k", "z", "a").get(random.nextInt(3)), any(depth - 1));
            }
            return Value.Obj.of(fields);
        }
        return SPECIAL.get(random.nextInt(SPECIAL.size()));
    }

    /** A number: usually small, sometimes an edge case; Int64 when {@code integer}. */
    private Value number(boolean integer) {
        int c = random.nextInt(100);
        if (integer) {
            return c < 85 ? i64(random.nextInt(-6, 7)) : c < 95 ? i64(random.nextLong()) : any(1);
        }
        return c < 85
                ? f64(random.nextInt(-12, 13) / 2.0)
                : c < 95 ? SPECIAL_FLOATS.get(random.nextInt(SPECIAL_FLOATS.size())) : any(1);
    }

    // ---- queries -----------------------------------------------------------------------------

    /** A random query: a table scan or an index range (sometimes invalid), then up to three operators. */
    Query query() {
        int c = random.nextInt(100);
        Source source;
        if (c < 2) {
            source = new FullTableScan("ghosts", order());
        } else if (c < 4) {
            source = new IndexRange(reference.table(), "by_nothing", List.of(), order());
        } else if (c < 18) {
            source = new FullTableScan(reference.table(), order());
        } else {
            source = indexRange(true);
        }
        List<Op> operators = new ArrayList<>();
        int count = random.nextInt(100);
        for (int i = count < 30 ? 0 : count < 70 ? 1 : count < 90 ? 2 : 3; i > 0; i--) {
            operators.add(random.nextInt(100) < 65 ? new Filter(filter(2)) : new Limit(limit()));
        }
        return new Query(source, operators);
    }

    /** A query for {@code paginate()}: a valid-looking source and zero to two filters, no limits. */
    Query paginatedQuery() {
        Source source = random.nextInt(100) < 15 ? new FullTableScan(reference.table(), order()) : indexRange(false);
        List<Op> operators = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            operators.add(new Filter(filter(2)));
        }
        return new Query(source, operators);
    }

    private Optional<String> order() {
        return switch (random.nextInt(3)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of("asc");
            default -> Optional.of("desc");
        };
    }

    private int limit() {
        int c = random.nextInt(100);
        return c < 30 ? random.nextInt(4) : c < 70 ? random.nextInt(30) : random.nextInt(400);
    }

    private IndexRange indexRange(boolean allowInvalid) {
        List<String> names = reference.indexNames();
        String index = names.get(random.nextInt(names.size()));
        List<String> fields = reference.effectiveFields(index);
        List<Bound> range = allowInvalid && random.nextInt(100) < 10 ? invalidRange(fields) : validRange(fields);
        return new IndexRange(reference.table(), index, range, order());
    }

    private List<Bound> validRange(List<String> fields) {
        int declared = fields.size() - (fields.contains("_creationTime") ? 2 : 1);
        int c = random.nextInt(100);
        int equalities = c < 40 || (declared == 0 && c < 85)
                ? 0
                : c < 90 && declared > 0 ? 1 + random.nextInt(declared) : 1 + random.nextInt(fields.size());
        Value.Obj sample = sample();
        List<Bound> eqs = new ArrayList<>();
        for (int i = 0; i < equalities; i++) {
            eqs.add(new Bound(BoundType.Eq, fields.get(i), boundValue(fields.get(i), sample)));
        }
        if (random.nextInt(100) < 10) {
            Collections.shuffle(eqs, new Random(random.nextLong()));
        }
        List<Bound> range = new ArrayList<>(eqs);
        if (equalities < fields.size() && random.nextInt(100) < 65) {
            range.addAll(bounds(fields.get(equalities)));
        }
        return range;
    }

    /** One or two bounds on {@code field}; two are usually in order, sometimes crossed. */
    private List<Bound> bounds(String field) {
        Optional<Value> low = boundValue(field, sample());
        Optional<Value> high = boundValue(field, sample());
        if (random.nextInt(100) < 85 && ValueOrder.WITH_MISSING.compare(low, high) > 0) {
            Optional<Value> swap = low;
            low = high;
            high = swap;
        }
        Bound lower = new Bound(random.nextBoolean() ? BoundType.Gt : BoundType.Gte, field, low);
        Bound upper = new Bound(random.nextBoolean() ? BoundType.Lt : BoundType.Lte, field, high);
        List<Bound> bounds = switch (random.nextInt(3)) {
            case 0 -> List.of(lower);
            case 1 -> List.of(upper);
            default -> random.nextInt(100) < 10 ? List.of(upper, lower) : List.of(lower, upper);
        };
        return bounds;
    }

    /** A range with one mistake; {@link QueryReference} decides which error it is. */
    private List<Bound> invalidRange(List<String> fields) {
        Value.Obj sample = sample();
        String first = fields.get(0);
        String second = fields.size() > 1 ? fields.get(1) : "nope";
        Optional<Value> a = boundValue(first, sample);
        Optional<Value> b = boundValue(second, sample);
        return switch (random.nextInt(8)) {
            case 7 -> List.of(new Bound(BoundType.Gt, first, a), new Bound(BoundType.Gte, second, b));
            case 0 -> List.of(eq(first, a), eq(first, boundValue(first, sample())));
            case 1 -> List.of(eq(second, b));
            case 2 -> List.of(eq(first, a), eq("nope", Optional.of(any(0))));
            case 3 -> List.of(new Bound(BoundType.Gt, first, a), new Bound(BoundType.Lt, second, b));
            case 4 -> List.of(new Bound(BoundType.Gt, first, a), new Bound(BoundType.Gte, first, a));
            case 5 -> List.of(eq(first, a), new Bound(BoundType.Lt, first, a));
            default -> List.of(new Bound(BoundType.Gte, second, b));
        };
    }

    private static Bound eq(String field, Optional<Value> value) {
        return new Bound(BoundType.Eq, field, value);
    }

    /** A bound for {@code field}: mostly the sample document's value there (possibly missing). */
    private Optional<Value> boundValue(String field, Value.Obj sample) {
        int c = random.nextInt(100);
        if (c < 85) {
            return FilterReference.extract(field, sample);
        }
        return c < 95 ? Optional.of(any(1)) : Optional.empty();
    }

    /** A random current document, or an empty object when there are none. */
    private Value.Obj sample() {
        List<Value.Obj> docs = reference.documents();
        return docs.isEmpty() ? Value.Obj.empty() : docs.get(random.nextInt(docs.size()));
    }

    // ---- filters -----------------------------------------------------------------------------

    /** A filter expression nested at most {@code depth} logical levels. */
    Expr filter(int depth) {
        int c = random.nextInt(100);
        if (depth > 0 && c < 20) {
            List<Expr> operands = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                operands.add(filter(depth - 1));
            }
            return random.nextBoolean() ? new And(operands) : new Or(operands);
        }
        if (depth > 0 && c < 27) {
            return new Not(filter(depth - 1));
        }
        if (c < 50) {
            String field = OPERAND_FIELDS.get(random.nextInt(OPERAND_FIELDS.size()));
            Expr value = new Literal(FilterReference.extract(field, sample()));
            return random.nextBoolean()
                    ? new Cmp(cmpOp(), new Field(field), value)
                    : new Cmp(cmpOp(), value, new Field(field));
        }
        if (c < 65) {
            return new Cmp(cmpOp(), operand(), operand());
        }
        if (c < 94) {
            return arithmetic();
        }
        return random.nextBoolean()
                ? new Field("w")
                : new Literal(Optional.of(random.nextInt(100) < 70 ? new Value.Bool(random.nextBoolean()) : any(0)));
    }

    private CmpOp cmpOp() {
        return CMP_OPS.get(random.nextInt(CMP_OPS.size()));
    }

    private Expr operand() {
        if (random.nextBoolean()) {
            return new Field(OPERAND_FIELDS.get(random.nextInt(OPERAND_FIELDS.size())));
        }
        int c = random.nextInt(100);
        if (c < 40) {
            String field = OPERAND_FIELDS.get(random.nextInt(OPERAND_FIELDS.size()));
            return new Literal(FilterReference.extract(field, sample()));
        }
        return new Literal(c < 90 ? Optional.of(any(1)) : Optional.empty());
    }

    /** A comparison over arithmetic on a field, usually behind a type test of that field. */
    private Expr arithmetic() {
        Field field = new Field(ARITHMETIC_FIELDS.get(random.nextInt(ARITHMETIC_FIELDS.size())));
        boolean integer = random.nextInt(3) != 0;
        Expr computed = switch (random.nextInt(6)) {
            case 0 -> new Neg(field);
            case 1 -> new Arith(arithOp(), field, field);
            case 2 -> new Arith(arithOp(), new Neg(field), numberLiteral(integer));
            default -> new Arith(arithOp(), field, numberLiteral(integer));
        };
        Expr bound = random.nextInt(100) < 30
                ? new Literal(Optional.of(integer ? i64(0) : f64(0.0)))
                : numberLiteral(integer);
        Expr comparison = new Cmp(cmpOp(), computed, bound);
        if (random.nextInt(100) < 8) {
            return comparison;
        }
        Literal maxInt = new Literal(Optional.of(i64(Long.MAX_VALUE)));
        List<Expr> guard = integer
                ? List.of(
                        new Cmp(CmpOp.GTE, field, new Literal(Optional.of(i64(Long.MIN_VALUE)))),
                        new Cmp(CmpOp.LTE, field, maxInt))
                : List.of(
                        new Cmp(CmpOp.GT, field, maxInt),
                        new Cmp(CmpOp.LT, field, new Literal(Optional.of(new Value.Bool(false)))));
        List<Expr> operands = new ArrayList<>(guard);
        operands.add(comparison);
        return new And(operands);
    }

    private ArithOp arithOp() {
        return ARITH_OPS.get(random.nextInt(ARITH_OPS.size()));
    }

    private Literal numberLiteral(boolean integer) {
        int c = random.nextInt(100);
        if (integer) {
            long n = c < 88
                    ? random.nextInt(-5, 6)
                    : c < 94 ? (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE) : random.nextLong();
            return new Literal(Optional.of(i64(n)));
        }
        return new Literal(Optional.of(
                c < 80
                        ? f64(random.nextInt(-10, 11) / 2.0)
                        : SPECIAL_FLOATS.get(random.nextInt(SPECIAL_FLOATS.size()))));
    }

    // ---- value builders ----------------------------------------------------------------------

    private static Value.Int64 i64(long n) {
        return new Value.Int64(n);
    }

    private static Value.Float64 f64(double d) {
        return new Value.Float64(d);
    }

    private static Value.Str str(String s) {
        return new Value.Str(s);
    }

    private static Value.Bytes bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return new Value.Bytes(b);
    }
}
