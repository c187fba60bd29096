package dev.slipway.database;

import static dev.slipway.database.V.i64;
import static dev.slipway.database.V.obj;
import static dev.slipway.database.V.patch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.database.query.FieldPath;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.database.query.IndexKeys;
import dev.slipway.database.query.QueryOperator;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.persistence.Order;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Queries inside a writing transaction against a trivial model (a map of the documents the
 * transaction should see, sorted by index key): random inserts, patches that move documents in the
 * index, deletes and commits, with a tiny scan page so persisted pages and own writes interleave.
 */
class QueryOverlayRandomizedTest {
    private static final IndexDefinition BY_GROUP =
            new IndexDefinition("items", "by_group", List.of(FieldPath.of("g")));

    @Test
    void query_withOwnWrites_matchesModel() throws Exception {
        long seed = Seeds.seed();
        Seeds.run(seed, this::runOnce);
    }

    private void runOnce(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MemoryPersistence store = MemoryPersistence.create("overlay-test");
        try (Database db = Database.open(
                store,
                TestStores.options(TestStores.clock(), seed).scanPageSize(3).build())) {
            Transaction setup = db.begin();
            setup.createIndex("items", "by_group", List.of("g"));
            setup.commit();
            Map<DocumentId, Value.Obj> model = new LinkedHashMap<>();
            for (int round = 0; round < 8; round++) {
                Transaction tx = db.begin();
                for (int op = 0; op < 25; op++) {
                    apply(tx, model, random);
                    check(tx, model, random);
                }
                tx.commit();
                check(db.begin(), model, random);
            }
        } finally {
            store.close();
        }
    }

    private static void apply(Transaction tx, Map<DocumentId, Value.Obj> model, SplittableRandom random) {
        List<DocumentId> ids = new ArrayList<>(model.keySet());
        int choice = ids.isEmpty() ? 0 : random.nextInt(3);
        Value group = i64(random.nextInt(5));
        switch (choice) {
            case 0 -> {
                DocumentId id = tx.insert("items", obj("g", group));
                model.put(id, tx.get(id).orElseThrow());
            }
            case 1 -> {
                DocumentId id = ids.get(random.nextInt(ids.size()));
                model.put(id, tx.patch(id, patch("g", group)));
            }
            default -> {
                DocumentId id = ids.get(random.nextInt(ids.size()));
                tx.delete(id);
                model.remove(id);
            }
        }
    }

    private static void check(Transaction tx, Map<DocumentId, Value.Obj> model, SplittableRandom random) {
        Order order = random.nextBoolean() ? Order.ASC : Order.DESC;
        int limit = 1 + random.nextInt(model.size() + 2);
        Comparator<Map.Entry<DocumentId, Value.Obj>> byKey =
                Comparator.comparing(e -> IndexKeys.of(BY_GROUP, e.getValue(), e.getKey()));
        List<Value.Obj> expected = model.entrySet().stream()
                .sorted(order == Order.ASC ? byKey : byKey.reversed())
                .map(Map.Entry::getValue)
                .limit(limit)
                .toList();
        IndexDefinition index = tx.catalog().find(BY_GROUP.indexName()).orElseThrow();
        List<Value.Obj> actual = new ArrayList<>();
        tx.query(new QueryPlan(index, KeyRange.ALL, order, List.of(new QueryOperator.Limit(limit))))
                .forEachRemaining(actual::add);
        assertThat(actual).as("%s limit %d", order, limit).containsExactlyElementsOf(expected);
    }
}
