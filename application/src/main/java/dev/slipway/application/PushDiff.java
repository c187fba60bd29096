package dev.slipway.application;

import dev.slipway.application.PushReport.Change;
import dev.slipway.application.PushReport.FunctionAspect;
import dev.slipway.application.PushReport.FunctionChange;
import dev.slipway.application.PushReport.IndexChange;
import dev.slipway.application.PushReport.SchemaValidationChange;
import dev.slipway.application.PushReport.TableChange;
import dev.slipway.schema.Schema;
import dev.slipway.schema.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a push changes against the current version: functions (by path), the schema's tables (by
 * document validator) and its database indexes (by fields). Pure functions of the two sides.
 */
final class PushDiff {
    private PushDiff() {}

    /** Functions added, removed or changed, sorted by path. */
    static List<FunctionChange> functions(
            Map<FunctionPath, FunctionSpec> before, Map<FunctionPath, FunctionSpec> after) {
        TreeMap<String, FunctionPath> paths = new TreeMap<>();
        before.keySet().forEach(p -> paths.put(p.toString(), p));
        after.keySet().forEach(p -> paths.put(p.toString(), p));
        List<FunctionChange> changes = new ArrayList<>();
        for (FunctionPath path : paths.values()) {
            Optional<FunctionSpec> old = Optional.ofNullable(before.get(path));
            Optional<FunctionSpec> now = Optional.ofNullable(after.get(path));
            if (old.isEmpty()) {
                changes.add(new FunctionChange(path, Change.ADDED, List.of(), old, now));
            } else if (now.isEmpty()) {
                changes.add(new FunctionChange(path, Change.REMOVED, List.of(), old, now));
            } else {
                List<FunctionAspect> changed = aspects(old.get(), now.get());
                if (!changed.isEmpty()) {
                    changes.add(new FunctionChange(path, Change.CHANGED, changed, old, now));
                }
            }
        }
        return changes;
    }

    private static List<FunctionAspect> aspects(FunctionSpec old, FunctionSpec now) {
        List<FunctionAspect> changed = new ArrayList<>();
        if (old.kind() != now.kind()) {
            changed.add(FunctionAspect.KIND);
        }
        if (old.visibility() != now.visibility()) {
            changed.add(FunctionAspect.VISIBILITY);
        }
        if (!old.args().equals(now.args())) {
            changed.add(FunctionAspect.ARGS);
        }
        if (!old.returns().equals(now.returns())) {
            changed.add(FunctionAspect.RETURNS);
        }
        return changed;
    }

    static SchemaValidationChange schemaValidation(Optional<Schema> before, Optional<Schema> after) {
        return new SchemaValidationChange(before.map(Schema::schemaValidation), after.map(Schema::schemaValidation));
    }

    /** Tables whose document validator was added, removed or changed, sorted by name. */
    static List<TableChange> tables(Optional<Schema> before, Optional<Schema> after) {
        TreeSet<String> names = new TreeSet<>();
        before.ifPresent(s -> s.tables().forEach(t -> names.add(t.name())));
        after.ifPresent(s -> s.tables().forEach(t -> names.add(t.name())));
        List<TableChange> changes = new ArrayList<>();
        for (String name : names) {
            Optional<Validator> old = before.flatMap(s -> s.table(name)).map(Schema.Table::documentType);
            Optional<Validator> now = after.flatMap(s -> s.table(name)).map(Schema.Table::documentType);
            if (old.isEmpty()) {
                changes.add(new TableChange(name, Change.ADDED, old, now));
            } else if (now.isEmpty()) {
                changes.add(new TableChange(name, Change.REMOVED, old, now));
            } else if (!old.equals(now)) {
                changes.add(new TableChange(name, Change.CHANGED, old, now));
            }
        }
        return changes;
    }

    /** Database indexes declared differently, sorted by table and name. */
    static List<IndexChange> indexes(Optional<Schema> before, Optional<Schema> after) {
        TreeMap<String, Map.Entry<String, String>> keys = new TreeMap<>();
        before.ifPresent(s -> s.tables()
                .forEach(t ->
                        t.indexes().forEach(i -> keys.put(t.name() + "." + i.name(), Map.entry(t.name(), i.name())))));
        after.ifPresent(s -> s.tables()
                .forEach(t ->
                        t.indexes().forEach(i -> keys.put(t.name() + "." + i.name(), Map.entry(t.name(), i.name())))));
        List<IndexChange> changes = new ArrayList<>();
        for (Map.Entry<String, String> key : keys.values()) {
            Optional<List<String>> old = fields(before, key.getKey(), key.getValue());
            Optional<List<String>> now = fields(after, key.getKey(), key.getValue());
            if (old.isEmpty()) {
                changes.add(new IndexChange(key.getKey(), key.getValue(), Change.ADDED, old, now));
            } else if (now.isEmpty()) {
                changes.add(new IndexChange(key.getKey(), key.getValue(), Change.REMOVED, old, now));
            } else if (!old.equals(now)) {
                changes.add(new IndexChange(key.getKey(), key.getValue(), Change.CHANGED, old, now));
            }
        }
        return changes;
    }

    private static Optional<List<String>> fields(Optional<Schema> schema, String table, String index) {
        return schema.flatMap(s -> s.table(table)).flatMap(t -> t.index(index)).map(Schema.Index::fields);
    }
}
