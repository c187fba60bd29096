package dev.slipway.schema;

import java.util.Arrays;
import java.util.List;

/**
 * What a table's document type says about a field path, for the index checks of a push (Convex's
 * {@code can_contain_field} and {@code overlaps_with_array_float64}). The document type's own
 * top-level {@code _} fields are ignored, as everywhere for documents.
 */
final class FieldShapes {
    private FieldShapes() {}

    /**
     * Whether a document can ever have the field at {@code path} ({@code "a.b"}). A single system
     * field ({@code _creationTime}, {@code _id}) always can.
     */
    static boolean canContain(Validator documentType, String path) {
        List<String> parts = Arrays.asList(path.split("\\.", -1));
        if (parts.size() == 1 && parts.getFirst().startsWith("_")) {
            return true;
        }
        return canContain(documentType, parts, true);
    }

    private static boolean canContain(Validator validator, List<String> parts, boolean root) {
        if (parts.isEmpty()) {
            return true;
        }
        return switch (validator) {
            case Validator.Any _ -> true;
            case Validator.Union union -> union.members().stream().anyMatch(m -> canContain(m, parts, root));
            case Validator.Obj object -> {
                String first = parts.getFirst();
                Validator.Field field = object.fields().get(first);
                yield field != null
                        && !(root && first.startsWith("_"))
                        && canContain(field.validator(), parts.subList(1, parts.size()), false);
            }
            case Validator.Null _,
                    Validator.Float64 _,
                    Validator.Int64 _,
                    Validator.CommitTs _,
                    Validator.Bool _,
                    Validator.Str _,
                    Validator.Bytes _,
                    Validator.Literal _,
                    Validator.Id _,
                    Validator.Array _,
                    Validator.RecordOf _ -> false;
        };
    }

    /** Whether the field at {@code path} may hold an array of float64, as a vector index needs. */
    static boolean canHoldVector(Validator documentType, String path) {
        return overlapsVector(documentType, Arrays.asList(path.split("\\.", -1)), true);
    }

    private static boolean overlapsVector(Validator validator, List<String> parts, boolean root) {
        if (parts.isEmpty()) {
            return isVector(validator);
        }
        return switch (validator) {
            case Validator.Any _ -> true;
            case Validator.Union union -> union.members().stream().anyMatch(m -> overlapsVector(m, parts, root));
            case Validator.Obj object -> {
                String first = parts.getFirst();
                Validator.Field field =
                        root && first.startsWith("_") ? null : object.fields().get(first);
                // Convex answers yes for a field the object does not declare; canContain has refused it already.
                yield field == null || overlapsVector(field.validator(), parts.subList(1, parts.size()), false);
            }
            case Validator.Null _,
                    Validator.Float64 _,
                    Validator.Int64 _,
                    Validator.CommitTs _,
                    Validator.Bool _,
                    Validator.Str _,
                    Validator.Bytes _,
                    Validator.Literal _,
                    Validator.Id _,
                    Validator.Array _,
                    Validator.RecordOf _ -> false;
        };
    }

    private static boolean isVector(Validator validator) {
        return switch (validator) {
            case Validator.Array array ->
                array.element() instanceof Validator.Float64 || array.element() instanceof Validator.Any;
            case Validator.Any _ -> true;
            case Validator.Union union -> union.members().stream().anyMatch(FieldShapes::isVector);
            case Validator.Null _,
                    Validator.Float64 _,
                    Validator.Int64 _,
                    Validator.CommitTs _,
                    Validator.Bool _,
                    Validator.Str _,
                    Validator.Bytes _,
                    Validator.Literal _,
                    Validator.Id _,
                    Validator.Obj _,
                    Validator.RecordOf _ -> false;
        };
    }
}
