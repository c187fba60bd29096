package dev.slipway.database.query;

import dev.slipway.value.Value;
import java.util.Optional;

/**
 * One comparison of an index range ({@code q.eq("channel", "a")}, {@code q.gt("_creationTime", 5)}).
 *
 * @param type which comparison
 * @param fieldPath the compared index field
 * @param value the bound; empty means {@code undefined} (a missing field), which sorts below {@code
 *     null}
 */
public record RangeExpression(Type type, FieldPath fieldPath, Optional<Value> value) {

    /** The comparisons of an index range, with their wire names ({@code "Eq"}, ...). */
    public enum Type {
        EQ("Eq", "=="),
        GT("Gt", ">"),
        GTE("Gte", ">="),
        LT("Lt", "<"),
        LTE("Lte", "<=");

        private final String wireName;
        private final String symbol;

        Type(String wireName, String symbol) {
            this.wireName = wireName;
            this.symbol = symbol;
        }

        /** The {@code type} string of the serialized form. */
        public String wireName() {
            return wireName;
        }

        /** The comparison as an operator ({@code ==}, {@code >}, ...), for messages. */
        public String symbol() {
            return symbol;
        }

        /** Whether this is a lower bound ({@code Gt}, {@code Gte}). */
        public boolean isLowerBound() {
            return this == GT || this == GTE;
        }

        /** Whether this is an upper bound ({@code Lt}, {@code Lte}). */
        public boolean isUpperBound() {
            return this == LT || this == LTE;
        }
    }

    /** {@code fieldPath == value}. */
    public static RangeExpression eq(String fieldPath, Optional<Value> value) {
        return new RangeExpression(Type.EQ, FieldPath.parse(fieldPath), value);
    }

    /** {@code fieldPath > value}. */
    public static RangeExpression gt(String fieldPath, Optional<Value> value) {
        return new RangeExpression(Type.GT, FieldPath.parse(fieldPath), value);
    }

    /** {@code fieldPath >= value}. */
    public static RangeExpression gte(String fieldPath, Optional<Value> value) {
        return new RangeExpression(Type.GTE, FieldPath.parse(fieldPath), value);
    }

    /** {@code fieldPath < value}. */
    public static RangeExpression lt(String fieldPath, Optional<Value> value) {
        return new RangeExpression(Type.LT, FieldPath.parse(fieldPath), value);
    }

    /** {@code fieldPath <= value}. */
    public static RangeExpression lte(String fieldPath, Optional<Value> value) {
        return new RangeExpression(Type.LTE, FieldPath.parse(fieldPath), value);
    }

    @Override
    public String toString() {
        return "\"" + fieldPath + "\" " + type.symbol() + " " + ValueText.describe(value);
    }
}
