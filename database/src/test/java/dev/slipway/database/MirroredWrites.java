package dev.slipway.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Random writes applied to a transaction and to a {@link QueryReference} alike: each insert, patch,
 * replace and delete is computed independently for the reference (a shallow merge for a patch, the
 * system fields kept for a replace) and checked against what the transaction returns. Only {@code
 * _creationTime}, which the database assigns, is taken from the database.
 */
final class MirroredWrites {
    private final SplittableRandom random;
    private final RandomQueries generate;
    private final QueryReference reference;
    private final List<String> deleted = new ArrayList<>();

    MirroredWrites(SplittableRandom random, RandomQueries generate, QueryReference reference) {
        this.random = random;
        this.generate = generate;
        this.reference = reference;
    }

    /** The id of a stored document. */
    static DocumentId idOf(Value.Obj doc) {
        return DocumentId.decode(QueryReference.id(doc)).orElseThrow();
    }

    /** The ids of the documents deleted so far. */
    List<String> deleted() {
        return List.copyOf(deleted);
    }

    /** The given numbers of writes in random order; updates of an empty table become inserts. */
    void round(Transaction tx, int inserts, int patches, int replaces, int deletes) {
        List<Integer> kinds = new ArrayList<>();
        kinds.addAll(Collections.nCopies(inserts, 0));
        kinds.addAll(Collections.nCopies(patches, 1));
        kinds.addAll(Collections.nCopies(replaces, 2));
        kinds.addAll(Collections.nCopies(deletes, 3));
        Collections.shuffle(kinds, new Random(random.nextLong()));
        for (int kind : kinds) {
            List<Value.Obj> docs = reference.documents();
            if (kind == 0 || docs.isEmpty()) {
                insert(tx);
                continue;
            }
            Value.Obj doc = docs.get(random.nextInt(docs.size()));
            switch (kind) {
                case 1 -> patch(tx, doc);
                case 2 -> replace(tx, doc);
                default -> delete(tx, doc);
            }
        }
    }

    private void insert(Transaction tx) {
        Value.Obj value = generate.document();
        DocumentId id = tx.insert(reference.table(), value);
        Value.Obj stored = tx.get(id).orElseThrow();
        Value creationTime = stored.fields().get("_creationTime");
        assertThat(creationTime).as("_creationTime of %s", id).isInstanceOf(Value.Float64.class);
        TreeMap<String, Value> expected = new TreeMap<>(value.fields());
        expected.put("_id", new Value.Str(id.encode()));
        expected.put("_creationTime", Objects.requireNonNull(creationTime));
        assertThat(stored).as("inserted document %s", id).isEqualTo(Value.Obj.of(expected));
        reference.put(stored);
    }

    private void patch(Transaction tx, Value.Obj doc) {
        Map<String, Optional<Value>> patch = generate.patch();
        TreeMap<String, Value> expected = new TreeMap<>(doc.fields());
        patch.forEach(
                (field, value) -> value.ifPresentOrElse(v -> expected.put(field, v), () -> expected.remove(field)));
        Value.Obj result = tx.patch(idOf(doc), patch);
        assertThat(result).as("patch %s of %s", patch, doc).isEqualTo(Value.Obj.of(expected));
        reference.put(result);
    }

    private void replace(Transaction tx, Value.Obj doc) {
        Value.Obj value = generate.document();
        TreeMap<String, Value> expected = new TreeMap<>(value.fields());
        for (String system : List.of("_id", "_creationTime")) {
            expected.put(system, Objects.requireNonNull(doc.fields().get(system)));
        }
        Value.Obj result = tx.replace(idOf(doc), value);
        assertThat(result).as("replace of %s", doc).isEqualTo(Value.Obj.of(expected));
        reference.put(result);
    }

    private void delete(Transaction tx, Value.Obj doc) {
        assertThat(tx.delete(idOf(doc))).as("delete of %s", doc).isEqualTo(doc);
        reference.remove(QueryReference.id(doc));
        deleted.add(QueryReference.id(doc));
    }
}
