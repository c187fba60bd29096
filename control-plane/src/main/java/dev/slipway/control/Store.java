package dev.slipway.control;

import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.database.MutationRunner;
import dev.slipway.database.OccConflict;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.IndexName;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.QuerySource;
import dev.slipway.database.query.RangeExpression;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Persistence;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The control plane's database: serializable transactions with OCC retries, and index lookups by
 * field values. Uniqueness checks read the index range of the unique key inside the transaction that
 * inserts, so two transactions inserting the same key conflict and the retry of the second sees the
 * first's document.
 */
final class Store implements AutoCloseable {
    private final Database db;
    private final MutationRunner runner;

    private Store(Database db, MutationRunner runner) {
        this.db = db;
        this.runner = runner;
    }

    static Store open(Persistence persistence, RandomGenerator jitter) {
        Database db = Database.open(persistence, DatabaseOptions.defaults());
        return new Store(db, MutationRunner.withDefaults(db, jitter));
    }

    Database database() {
        return db;
    }

    /**
     * Runs {@code body} in a transaction until it commits, retrying on conflicts. The body must have
     * no effect outside the transaction, since it may run several times.
     *
     * @throws ControlPlaneException {@code Conflict} when conflicts outlast the retries
     */
    <T> T write(Function<Transaction, T> body) {
        try {
            return runner.run(body).value();
        } catch (OccConflict e) {
            throw new ControlPlaneException(
                    ControlPlaneException.Kind.CONFLICT,
                    "The control plane is busy with concurrent changes; try again (" + e.getMessage() + ")",
                    e);
        }
    }

    /**
     * Runs {@code body} in one transaction and commits it, without retrying: for writes that may be
     * skipped, such as recording a credential's last use.
     *
     * @return whether it committed (false on a conflict with a concurrent commit)
     */
    boolean writeOnce(java.util.function.Consumer<Transaction> body) {
        Transaction tx = db.begin();
        try {
            body.accept(tx);
            tx.commit();
            return true;
        } catch (OccConflict e) {
            return false;
        }
    }

    /** Runs {@code body} on a snapshot, writing nothing. */
    <T> T read(Function<Transaction, T> body) {
        Transaction tx = db.begin();
        try {
            return body.apply(tx);
        } finally {
            tx.abort();
        }
    }

    /** The first document of {@code table.index} in {@code range}. */
    static Optional<Value.Obj> first(Transaction tx, String table, String index, RangeExpression... range) {
        return tx.query(plan(tx, table, index, range)).stream().findFirst();
    }

    /** Every document of {@code table.index} in {@code range}, in index order. */
    static List<Value.Obj> all(Transaction tx, String table, String index, RangeExpression... range) {
        return tx.query(plan(tx, table, index, range)).stream().toList();
    }

    /** Every document of {@code table}, oldest first. */
    static List<Value.Obj> scan(Transaction tx, String table) {
        SerializedQuery query = new SerializedQuery(new QuerySource.FullTableScan(table, Order.ASC), List.of());
        return tx.query(QueryPlanner.plan(query, tx.catalog())).stream().toList();
    }

    static RangeExpression eq(String field, String value) {
        return RangeExpression.eq(field, Optional.of(new Value.Str(value)));
    }

    /** The id of a stored document. */
    static DocumentId id(Value.Obj doc) {
        return DocumentId.decode(Codec.string(doc, "_id")).orElseThrow();
    }

    private static dev.slipway.database.query.QueryPlan plan(
            Transaction tx, String table, String index, RangeExpression... range) {
        SerializedQuery query = new SerializedQuery(
                new QuerySource.IndexRange(new IndexName(table, index), List.of(range), Order.ASC), List.of());
        return QueryPlanner.plan(query, tx.catalog());
    }

    @Override
    public void close() {
        db.close();
    }
}
