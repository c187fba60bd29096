package dev.slipway.database.query;

/** A step applied, in order, to the stream of documents of a query's source. */
public sealed interface QueryOperator {

    /** Keeps the documents for which the expression is {@code true} ({@link Expression#matches}). */
    record Filter(Expression expression) implements QueryOperator {}

    /** Stops after {@code n} documents. */
    record Limit(long n) implements QueryOperator {
        public Limit {
            if (n < 0) {
                throw new IllegalArgumentException("a limit is not negative, got " + n);
            }
        }
    }
}
