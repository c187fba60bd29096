package dev.slipway.application;

import dev.slipway.database.Database;
import dev.slipway.database.MutationRunner;
import dev.slipway.persistence.IndexId;
import java.util.ArrayList;
import java.util.List;

/**
 * The system tables an {@link Application} keeps (scheduled jobs, crons, code versions, modules,
 * environment variables) and their indexes, created when missing.
 */
final class SystemIndexes {
    private SystemIndexes() {}

    /** Index {@code index} of system table {@code table} over {@code fields}. */
    record Spec(String table, String index, List<String> fields) {
        Spec {
            fields = List.copyOf(fields);
        }
    }

    /**
     * Creates the tables and indexes of {@code specs} that do not exist yet, in one system
     * transaction, and waits until every new index is ready.
     */
    static void ensure(Database db, ApplicationOptions options, List<Spec> specs) {
        if (specs.stream()
                .allMatch(s -> db.catalog().index(s.table(), s.index()).isPresent())) {
            return;
        }
        MutationRunner runner =
                new MutationRunner(db, options.retries(), System::nanoTime, Thread::sleep, options.seeds());
        List<IndexId> created = runner.runSystem(tx -> {
                    List<IndexId> ids = new ArrayList<>();
                    for (Spec spec : specs) {
                        if (tx.catalog().index(spec.table(), spec.index()).isEmpty()) {
                            ids.add(tx.createIndex(spec.table(), spec.index(), spec.fields()));
                        }
                    }
                    return ids;
                })
                .value();
        for (IndexId id : created) {
            db.awaitIndexReady(id).join();
        }
    }
}
