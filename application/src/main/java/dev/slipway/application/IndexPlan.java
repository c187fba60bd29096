package dev.slipway.application;

import dev.slipway.database.Catalog;
import dev.slipway.database.IndexState;
import dev.slipway.database.SystemTables;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.FieldPath;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.persistence.IndexId;
import dev.slipway.schema.Schema;
import dev.slipway.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a push does to the indexes of user tables, from what the catalog holds to what the pushed
 * schema declares (database indexes; search and vector indexes are not built yet).
 *
 * <ul>
 *   <li><b>New</b> indexes are created before the switch and backfilled; the switch waits for them.
 *   <li><b>Changed</b> indexes (same name, other fields) are rebuilt: a new index is created under the
 *       temporary name {@code _rebuild_<hash of name and fields>} (a user index name never starts with
 *       {@code _}) and backfilled; the switch transaction deletes the old index and renames the new one.
 *       Index entries are keyed by index id, not name, so the rename costs nothing, and queries of the
 *       old code keep using the old index until the switch. A rebuild that a crash interrupted is
 *       picked up again by the next push of the same definition (the temporary name is deterministic).
 *   <li><b>Removed</b> indexes, and temporary indexes no push needs any more, are dropped after the
 *       switch. A dropped index's entries stay in the store unread (no compaction removes them yet).
 * </ul>
 */
final class IndexPlan {
    static final String REBUILD_PREFIX = "_rebuild_";

    /**
     * An index to build before the switch.
     *
     * @param physicalName the name it is built under: its own, or a temporary one when it replaces
     *     {@code replaces}
     */
    record Build(
            String table, String name, List<String> fields, String physicalName, Optional<Catalog.Index> replaces) {}

    /** An index built (or found) before the switch; {@code created} when this push created it. */
    record Built(Build build, IndexId id, boolean created) {}

    private final List<Build> builds;
    private final List<Catalog.Index> waits;
    private final List<Catalog.Index> drops;

    private IndexPlan(List<Build> builds, List<Catalog.Index> waits, List<Catalog.Index> drops) {
        this.builds = List.copyOf(builds);
        this.waits = List.copyOf(waits);
        this.drops = List.copyOf(drops);
    }

    /** The plan from {@code catalog} to the indexes {@code schema} declares (none without a schema). */
    static IndexPlan of(Catalog catalog, Optional<Schema> schema) {
        List<Build> builds = new ArrayList<>();
        List<Catalog.Index> waits = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (Schema.Table table : schema.map(Schema::tables).orElse(List.of())) {
            for (Schema.Index index : table.indexes()) {
                wanted.add(table.name() + "." + index.name());
                Optional<Catalog.Index> existing = catalog.index(table.name(), index.name());
                if (existing.isEmpty()) {
                    builds.add(new Build(table.name(), index.name(), index.fields(), index.name(), Optional.empty()));
                } else if (!fields(existing.get()).equals(index.fields())) {
                    String temporary = rebuildName(index.name(), index.fields());
                    wanted.add(table.name() + "." + temporary);
                    builds.add(new Build(table.name(), index.name(), index.fields(), temporary, existing));
                } else if (existing.get().state() == IndexState.BACKFILLING) {
                    waits.add(existing.get());
                }
            }
        }
        List<Catalog.Index> drops = new ArrayList<>();
        for (Catalog.Table table : catalog.tables()) {
            if (SystemTables.isSystem(table.name())) {
                continue;
            }
            for (Catalog.Index index : catalog.indexes(table.number())) {
                String name = index.definition().name();
                if (!IndexDefinition.isBuiltIn(name) && !wanted.contains(table.name() + "." + name)) {
                    drops.add(index);
                }
            }
        }
        return new IndexPlan(builds, waits, drops);
    }

    /** Whether the plan builds, rebuilds or drops anything. */
    boolean changesAnything() {
        return !builds.isEmpty() || !drops.isEmpty();
    }

    /**
     * Creates the indexes to build in {@code tx} (reusing a temporary index of the same definition that
     * an interrupted push left), and lists them with the existing ones still backfilling.
     */
    List<Built> create(Transaction tx) {
        List<Built> built = new ArrayList<>();
        for (Build build : builds) {
            Optional<Catalog.Index> existing = tx.catalog().index(build.table(), build.physicalName());
            if (existing.isPresent() && fields(existing.get()).equals(build.fields())) {
                built.add(new Built(build, existing.get().id(), false));
            } else {
                existing.ifPresent(stale -> tx.delete(stale.documentId()));
                built.add(new Built(build, tx.createIndex(build.table(), build.physicalName(), build.fields()), true));
            }
        }
        for (Catalog.Index wait : waits) {
            Build build = new Build(
                    tableName(tx.catalog(), wait),
                    wait.definition().name(),
                    fields(wait),
                    wait.definition().name(),
                    Optional.empty());
            built.add(new Built(build, wait.id(), false));
        }
        return built;
    }

    /** In the switch transaction: every rebuilt index replaces the old one and takes its name. */
    void switchIn(Transaction tx) {
        for (Build build : builds) {
            if (build.replaces().isEmpty()) {
                continue;
            }
            tx.catalog().index(build.table(), build.name()).ifPresent(old -> tx.delete(old.documentId()));
            Catalog.Index rebuilt = tx.catalog()
                    .index(build.table(), build.physicalName())
                    .orElseThrow(() -> new IllegalStateException(
                            "the rebuilt index " + build.table() + "." + build.physicalName() + " vanished"));
            tx.patch(rebuilt.documentId(), Map.of("name", Optional.of(new Value.Str(build.name()))));
        }
    }

    /** After the switch: drops the indexes the schema no longer declares. */
    void drop(Transaction tx) {
        for (Catalog.Index index : drops) {
            tx.catalog()
                    .table(index.tableNumber())
                    .ifPresent(table ->
                            dropIfSame(tx, table.name(), index.definition().name(), index.id()));
        }
    }

    /** Drops the indexes {@link #create} made, after a push that did not switch. */
    static void undo(Transaction tx, List<Built> built) {
        for (Built b : built) {
            if (b.created()) {
                dropIfSame(tx, b.build().table(), b.build().physicalName(), b.id());
            }
        }
    }

    /** Deletes index {@code table.name} if it still is the index {@code id}. */
    private static void dropIfSame(Transaction tx, String table, String name, IndexId id) {
        tx.catalog().index(table, name).filter(i -> i.id().equals(id)).ifPresent(i -> tx.delete(i.documentId()));
    }

    private static List<String> fields(Catalog.Index index) {
        return index.definition().declaredFields().stream()
                .map(FieldPath::toString)
                .toList();
    }

    private static String tableName(Catalog catalog, Catalog.Index index) {
        return catalog.table(index.tableNumber()).map(Catalog.Table::name).orElseThrow();
    }

    /** {@code _rebuild_} and 12 hex digits of SHA-256 over the index name and fields. */
    static String rebuildName(String name, List<String> fields) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            for (String field : fields) {
                sha.update((byte) 0);
                sha.update(field.getBytes(StandardCharsets.UTF_8));
            }
            return REBUILD_PREFIX + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
