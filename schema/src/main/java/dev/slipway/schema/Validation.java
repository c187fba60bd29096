package dev.slipway.schema;

import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Checks values against validators with the Convex backend's rules.
 *
 * <p>Implementation notes. Validation runs on every function call and every write, and almost always
 * passes, so it runs in two phases. {@link #matches} only answers yes or no: no path, no sorting, no
 * allocation beyond what decoding an ID needs. Only when it says no does {@link #explain} walk the
 * failing branch again to build the first error in Convex's order (object fields sorted by name,
 * then extra fields in key order; the first bad array element; a record key before its value),
 * tracking the path on a small stack. A failing walk re-runs {@code matches} on subtrees of the
 * failing branch, which costs at most depth × size and only on failure.
 *
 * <p>In document mode the top-level fields whose names start with {@code _} are left out on both
 * sides, as Convex does: the system fields {@code _id} and {@code _creationTime} are not part of a
 * table's declared document type, and a declared type's own {@code _} fields are ignored. This
 * applies to the root object and to each object member of a root union.
 *
 * <p>Instances are single-use and not thread-safe; the static entry point creates one per call.
 */
final class Validation {
    private final Optional<TableResolver> tables;
    private final boolean documentMode;
    private final PathStack path = new PathStack();

    private Validation(Optional<TableResolver> tables, boolean documentMode) {
        this.tables = tables;
        this.documentMode = documentMode;
    }

    /**
     * The first problem with {@code value}, or empty when it passes.
     *
     * @param documentMode whether {@code value} is a stored document checked against its table's
     *     document type (top-level {@code _} fields ignored, see the class comment)
     */
    static Optional<ValidationError> firstError(
            Validator validator, Value value, Optional<TableResolver> tables, boolean documentMode) {
        Validation validation = new Validation(tables, documentMode);
        if (validation.matches(validator, value, documentMode)) {
            return Optional.empty();
        }
        return Optional.of(validation.explain(validator, value, documentMode));
    }

    private boolean matches(Validator validator, Value value, boolean root) {
        return switch (validator) {
            case Validator.Null _ -> value instanceof Value.Null;
            case Validator.Float64 _ -> value instanceof Value.Float64;
            case Validator.Int64 _, Validator.CommitTs _ -> value instanceof Value.Int64;
            case Validator.Bool _ -> value instanceof Value.Bool;
            case Validator.Str _ -> value instanceof Value.Str;
            case Validator.Bytes _ -> value instanceof Value.Bytes;
            case Validator.Any _ -> true;
            case Validator.Literal literal -> literal.value().equals(value);
            case Validator.Id id -> value instanceof Value.Str s && idMatches(id, s.value());
            case Validator.Array array -> value instanceof Value.Array a && elementsMatch(array.element(), a);
            case Validator.Obj object -> value instanceof Value.Obj o && objectMatches(object, o, root);
            case Validator.RecordOf record -> value instanceof Value.Obj o && recordMatches(record, o);
            case Validator.Union union -> unionMatches(union, value, root);
        };
    }

    private boolean idMatches(Validator.Id id, String s) {
        Optional<DocumentId> decoded = DocumentId.decode(s);
        if (decoded.isEmpty()) {
            return false;
        }
        return tables.isEmpty()
                || tables.get().tableName(decoded.get().tableNumber()).equals(Optional.of(id.tableName()));
    }

    private boolean elementsMatch(Validator element, Value.Array array) {
        for (Value value : array.elements()) {
            if (!matches(element, value, false)) {
                return false;
            }
        }
        return true;
    }

    private boolean objectMatches(Validator.Obj object, Value.Obj value, boolean root) {
        boolean skipSystem = root && documentMode;
        int present = 0;
        for (Map.Entry<String, Validator.Field> field : object.fields().entrySet()) {
            if (skipSystem && isSystem(field.getKey())) {
                continue;
            }
            Value fieldValue = value.fields().get(field.getKey());
            if (fieldValue == null) {
                if (!field.getValue().optional()) {
                    return false;
                }
            } else if (matches(field.getValue().validator(), fieldValue, false)) {
                present++;
            } else {
                return false;
            }
        }
        return present == (skipSystem ? countUserFields(value) : value.fields().size());
    }

    private boolean recordMatches(Validator.RecordOf record, Value.Obj value) {
        for (Map.Entry<String, Value> entry : value.fields().entrySet()) {
            if (!matches(record.keys(), new Value.Str(entry.getKey()), false)
                    || !matches(record.values(), entry.getValue(), false)) {
                return false;
            }
        }
        return true;
    }

    private boolean unionMatches(Validator.Union union, Value value, boolean root) {
        for (Validator member : union.members()) {
            if (matches(member, value, root)) {
                return true;
            }
        }
        return false;
    }

    /** The first problem; {@code value} must fail {@code validator}. */
    private ValidationError explain(Validator validator, Value value, boolean root) {
        return switch (validator) {
            case Validator.Literal literal -> new ValidationError.LiteralMismatch(path.render(), value, literal);
            case Validator.Id id -> explainId(id, value);
            case Validator.Array array ->
                value instanceof Value.Array a ? explainElements(array, a) : noMatch(validator, value, root);
            case Validator.Obj object ->
                value instanceof Value.Obj o ? explainObject(object, o, root) : noMatch(validator, value, root);
            case Validator.RecordOf record ->
                value instanceof Value.Obj o ? explainRecord(record, o) : noMatch(validator, value, root);
            case Validator.Union union ->
                union.members().size() == 1
                        ? explain(union.members().getFirst(), value, root)
                        : noMatch(documentMode && root ? userView(union) : union, value, root);
            case Validator.Null _,
                    Validator.Float64 _,
                    Validator.Int64 _,
                    Validator.CommitTs _,
                    Validator.Bool _,
                    Validator.Str _,
                    Validator.Bytes _,
                    Validator.Any _ -> noMatch(validator, value, root);
        };
    }

    private ValidationError noMatch(Validator validator, Value value, boolean root) {
        return new ValidationError.NoMatch(path.render(), shown(value, root), validator);
    }

    private ValidationError explainId(Validator.Id id, Value value) {
        if (value instanceof Value.Str s && tables.isPresent()) {
            Optional<DocumentId> decoded = DocumentId.decode(s.value());
            Optional<String> table = decoded.flatMap(d -> tables.get().tableName(d.tableNumber()));
            if (table.isPresent() && !table.get().equals(id.tableName())) {
                return new ValidationError.WrongTable(path.render(), s.value(), table.get(), id.tableName());
            }
        }
        return new ValidationError.NoMatch(path.render(), value, id);
    }

    private ValidationError explainElements(Validator.Array array, Value.Array value) {
        for (int i = 0; i < value.elements().size(); i++) {
            Value element = value.elements().get(i);
            if (!matches(array.element(), element, false)) {
                path.pushIndex(i);
                try {
                    return explain(array.element(), element, false);
                } finally {
                    path.pop();
                }
            }
        }
        throw new IllegalStateException("explain called on a matching array");
    }

    private ValidationError explainObject(Validator.Obj object, Value.Obj value, boolean root) {
        boolean skipSystem = root && documentMode;
        for (Map.Entry<String, Validator.Field> field : new TreeMap<>(object.fields()).entrySet()) {
            String name = field.getKey();
            Value fieldValue = value.fields().get(name);
            if (skipSystem && isSystem(name)) {
                continue;
            }
            if (fieldValue == null) {
                if (!field.getValue().optional()) {
                    return new ValidationError.MissingField(
                            path.render(), name, shownObject(value, root), shownValidator(object, root));
                }
            } else if (!matches(field.getValue().validator(), fieldValue, false)) {
                return explainChild(field.getValue().validator(), fieldValue, name);
            }
        }
        for (String name : value.fields().keySet()) {
            if (!object.fields().containsKey(name) && !(skipSystem && isSystem(name))) {
                return new ValidationError.ExtraField(
                        path.render(), name, shownObject(value, root), shownValidator(object, root));
            }
        }
        throw new IllegalStateException("explain called on a matching object");
    }

    private ValidationError explainRecord(Validator.RecordOf record, Value.Obj value) {
        for (Map.Entry<String, Value> entry : value.fields().entrySet()) {
            Value.Str key = new Value.Str(entry.getKey());
            if (!matches(record.keys(), key, false)) {
                path.pushKeys();
                try {
                    return explain(record.keys(), key, false);
                } finally {
                    path.pop();
                }
            }
            if (!matches(record.values(), entry.getValue(), false)) {
                return explainChild(record.values(), entry.getValue(), entry.getKey());
            }
        }
        throw new IllegalStateException("explain called on a matching record");
    }

    private ValidationError explainChild(Validator validator, Value value, String field) {
        path.pushField(field);
        try {
            return explain(validator, value, false);
        } finally {
            path.pop();
        }
    }

    /** The value as a message shows it: a root document without its {@code _} fields in document mode. */
    private Value shown(Value value, boolean root) {
        return value instanceof Value.Obj o ? shownObject(o, root) : value;
    }

    private Value.Obj shownObject(Value.Obj value, boolean root) {
        if (!(root && documentMode)) {
            return value;
        }
        TreeMap<String, Value> fields = new TreeMap<>(value.fields());
        fields.keySet().removeIf(Validation::isSystem);
        return new Value.Obj(fields);
    }

    private Validator.Obj shownValidator(Validator.Obj object, boolean root) {
        if (!(root && documentMode)) {
            return object;
        }
        Map<String, Validator.Field> fields = new LinkedHashMap<>(object.fields());
        fields.keySet().removeIf(Validation::isSystem);
        return new Validator.Obj(fields);
    }

    private Validator userView(Validator.Union union) {
        return new Validator.Union(union.members().stream()
                .map(m -> m instanceof Validator.Obj o ? shownValidator(o, true) : m)
                .toList());
    }

    private static boolean isSystem(String fieldName) {
        return fieldName.startsWith("_");
    }

    private static int countUserFields(Value.Obj value) {
        int count = 0;
        for (String name : value.fields().keySet()) {
            if (!isSystem(name)) {
                count++;
            }
        }
        return count;
    }

    /** The path from the root to the value being explained, rendered only when an error needs it. */
    private static final class PathStack {
        private static final byte FIELD = 0;
        private static final byte INDEX = 1;
        private static final byte KEYS = 2;

        private byte[] kinds = new byte[8];
        private @Nullable String[] names = new String[8];
        private int[] indexes = new int[8];
        private int size;

        void pushField(String name) {
            push(FIELD, name, 0);
        }

        void pushIndex(int index) {
            push(INDEX, null, index);
        }

        void pushKeys() {
            push(KEYS, null, 0);
        }

        void pop() {
            names[--size] = null;
        }

        private void push(byte kind, @Nullable String name, int index) {
            if (size == kinds.length) {
                kinds = Arrays.copyOf(kinds, size * 2);
                names = Arrays.copyOf(names, size * 2);
                indexes = Arrays.copyOf(indexes, size * 2);
            }
            kinds[size] = kind;
            names[size] = name;
            indexes[size] = index;
            size++;
        }

        String render() {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < size; i++) {
                switch (kinds[i]) {
                    case FIELD -> Paths.appendField(out, requireName(i));
                    case INDEX -> out.append('[').append(indexes[i]).append(']');
                    default -> out.append(".keys()");
                }
            }
            return out.toString();
        }

        private String requireName(int i) {
            String name = names[i];
            if (name == null) {
                throw new IllegalStateException("a field segment without a name");
            }
            return name;
        }
    }
}
