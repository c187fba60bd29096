package dev.slipway.application;

import dev.slipway.schema.Validator;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Subtyping over Convex validators: whether one validator accepts every value another accepts, and if
 * not, where (the paths, and what kind of gap each one is). The function-API gate ({@link
 * ApiCompatibility}) asks it whether a function's new arguments still accept what old clients send,
 * and whether its new return values still fit what old clients expect.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>The value domain</b> is Convex's: null, float64, int64, boolean, string, bytes, array,
 *       object. {@code v.id(t)} is a subset of strings (ids of table {@code t}), {@code v.commitTs()}
 *       accepts exactly the int64s, a literal is one value, and {@code v.boolean()} is exactly {@code
 *       v.union(v.literal(true), v.literal(false))}. Whether a literal fits is asked of the validator
 *       itself ({@link Validator#validate}), so the answer agrees with runtime validation.
 *   <li><b>Sound, not complete.</b> {@link #covers} never says yes when some value would be refused.
 *       It can say no where the answer is yes, when only several members of a union together accept
 *       what one validator does: {@code v.union(v.object({a}), v.object({a, b}))} against {@code
 *       v.object({a, b: v.optional(..)})}, or a union of every type against {@code v.any()}. The gate
 *       then reports a change that is in fact safe; it never lets a breaking one pass unseen.
 *   <li><b>Gaps</b> descend where both sides have the same structure (object fields, array elements,
 *       record keys and values, and the union member of the same structure that fits best), so a
 *       report names the deepest path that changed rather than the whole argument. Whenever {@link
 *       #covers} says no, {@link #gaps} finds at least one gap.
 * </ul>
 */
final class ValidatorCoverage {
    private ValidatorCoverage() {}

    /** What kind of values {@code wide} refuses at a path. */
    enum GapKind {
        /** {@code wide} has a required object field that {@code narrow} does not have at all. */
        REQUIRED_FIELD_ADDED,
        /** {@code wide} requires an object field that {@code narrow} has as optional. */
        FIELD_BECAME_REQUIRED,
        /** {@code narrow} has an object field (optional or not) that {@code wide} does not accept. */
        FIELD_NOT_ACCEPTED,
        /** A member of a {@code narrow} union that {@code wide} does not accept. */
        UNION_MEMBER,
        /** A {@code narrow} literal that {@code wide} (a literal, or literals) does not accept. */
        LITERAL,
        /** {@code narrow} is {@code v.any()}, and {@code wide} is not. */
        ANY,
        /** Any other difference of type. */
        TYPE
    }

    /**
     * A place where {@code wide} refuses values {@code narrow} accepts.
     *
     * @param path where, relative to the root: {@code .author.name}, {@code .tags[]} (array elements),
     *     {@code .scores[*]} (record values), {@code .scores.keys()} (record keys); empty for the root
     * @param kind what kind of gap
     * @param wide the wide side's validator there; empty for a field it lacks
     * @param narrow the narrow side's validator there (for {@link GapKind#UNION_MEMBER}, the whole
     *     union); empty for a field it lacks
     * @param member for {@link GapKind#UNION_MEMBER}, the member {@code wide} does not accept
     * @param wideOptional whether the wide side's validator there is an optional object field
     * @param narrowOptional whether the narrow side's validator there is an optional object field
     */
    record Gap(
            String path,
            GapKind kind,
            Optional<Validator> wide,
            Optional<Validator> narrow,
            Optional<Validator> member,
            boolean wideOptional,
            boolean narrowOptional) {
        Gap(String path, GapKind kind, Optional<Validator> wide, Optional<Validator> narrow) {
            this(path, kind, wide, narrow, Optional.empty(), false, false);
        }

        /** The wide side's validator as {@code v.*} text, {@code v.optional(..)} for an optional field. */
        Optional<String> wideText() {
            return text(wide, wideOptional);
        }

        /** The narrow side's validator as {@code v.*} text, {@code v.optional(..)} for an optional field. */
        Optional<String> narrowText() {
            return text(narrow, narrowOptional);
        }

        /** The member a union no longer accepts, else the narrow side, as {@code v.*} text. */
        Optional<String> lostText() {
            return member.isPresent() ? member.map(Validator::toString) : narrowText();
        }

        private Gap optional(boolean wide, boolean narrow) {
            return new Gap(path, kind, this.wide, this.narrow, member, wide, narrow);
        }

        private static Optional<String> text(Optional<Validator> validator, boolean optional) {
            return validator.map(v -> optional ? "v.optional(" + v + ")" : v.toString());
        }
    }

    /** Whether {@code wide} accepts every value {@code narrow} accepts. */
    static boolean covers(Validator wide, Validator narrow) {
        if (wide instanceof Validator.Any) {
            return true;
        }
        if (narrow instanceof Validator.Union union) {
            return union.members().stream().allMatch(member -> covers(wide, member));
        }
        if (narrow instanceof Validator.Bool && !(wide instanceof Validator.Bool)) {
            return covers(wide, new Validator.Literal(new Value.Bool(true)))
                    && covers(wide, new Validator.Literal(new Value.Bool(false)));
        }
        if (wide instanceof Validator.Union union) {
            return union.members().stream().anyMatch(member -> covers(member, narrow));
        }
        return switch (narrow) {
            case Validator.Literal literal -> wide.validate(literal.value()).isEmpty();
            case Validator.Any _ -> false;
            case Validator.Null _ -> wide instanceof Validator.Null;
            case Validator.Float64 _ -> wide instanceof Validator.Float64;
            case Validator.Int64 _, Validator.CommitTs _ ->
                wide instanceof Validator.Int64 || wide instanceof Validator.CommitTs;
            case Validator.Bool _ -> wide instanceof Validator.Bool;
            case Validator.Str _ -> wide instanceof Validator.Str;
            case Validator.Bytes _ -> wide instanceof Validator.Bytes;
            case Validator.Id id ->
                wide instanceof Validator.Str
                        || wide instanceof Validator.Id(String table) && table.equals(id.tableName());
            case Validator.Array array ->
                wide instanceof Validator.Array(Validator element) && covers(element, array.element());
            case Validator.Obj object -> objectCovered(wide, object);
            case Validator.RecordOf record ->
                wide instanceof Validator.RecordOf(Validator keys, Validator values)
                        && covers(keys, record.keys())
                        && covers(values, record.values());
            case Validator.Union _ -> throw new IllegalStateException("unions are handled above");
        };
    }

    private static boolean objectCovered(Validator wide, Validator.Obj narrow) {
        if (wide instanceof Validator.RecordOf(Validator keys, Validator values)) {
            return narrow.fields().entrySet().stream()
                    .allMatch(f -> keys.validate(new Value.Str(f.getKey())).isEmpty()
                            && covers(values, f.getValue().validator()));
        }
        if (!(wide instanceof Validator.Obj object)) {
            return false;
        }
        for (Map.Entry<String, Validator.Field> field : narrow.fields().entrySet()) {
            Validator.Field accepting = object.fields().get(field.getKey());
            if (accepting == null
                    || (field.getValue().optional() && !accepting.optional())
                    || !covers(accepting.validator(), field.getValue().validator())) {
                return false;
            }
        }
        return object.fields().entrySet().stream()
                .allMatch(f -> f.getValue().optional() || narrow.fields().containsKey(f.getKey()));
    }

    /** Every place where {@code wide} refuses values {@code narrow} accepts; empty when it covers them all. */
    static List<Gap> gaps(Validator wide, Validator narrow) {
        List<Gap> out = new ArrayList<>();
        gaps(wide, narrow, "", Optional.empty(), out);
        return out;
    }

    /**
     * @param union when {@code narrow} is a member of a union of several members, that union
     */
    private static void gaps(
            Validator wide, Validator narrow, String path, Optional<Validator.Union> union, List<Gap> out) {
        if (covers(wide, narrow)) {
            return;
        }
        int before = out.size();
        if (narrow instanceof Validator.Union members) {
            Optional<Validator.Union> context = members.members().size() > 1 ? Optional.of(members) : union;
            members.members().forEach(member -> gaps(wide, member, path, context, out));
        } else {
            Optional<Validator> twin = twin(wide, narrow, path);
            if (twin.isEmpty()) {
                out.add(leaf(wide, narrow, path, union));
            } else {
                structure(twin.get(), narrow, path, out);
            }
        }
        if (out.size() == before) {
            // a union that accepts the values only with several members together (see the class notes)
            out.add(
                    union.isPresent()
                            ? leaf(wide, narrow, path, union)
                            : new Gap(path, GapKind.TYPE, Optional.of(wide), Optional.of(narrow)));
        }
    }

    private static Gap leaf(Validator wide, Validator narrow, String path, Optional<Validator.Union> union) {
        if (union.isPresent()) {
            return new Gap(
                    path,
                    GapKind.UNION_MEMBER,
                    Optional.of(wide),
                    Optional.of(union.get()),
                    Optional.of(narrow),
                    false,
                    false);
        }
        return new Gap(path, leafKind(wide, narrow), Optional.of(wide), Optional.of(narrow));
    }

    private static GapKind leafKind(Validator wide, Validator narrow) {
        if (narrow instanceof Validator.Any) {
            return GapKind.ANY;
        }
        if (narrow instanceof Validator.Literal && onlyLiterals(wide)) {
            return GapKind.LITERAL;
        }
        return GapKind.TYPE;
    }

    private static boolean onlyLiterals(Validator v) {
        return v instanceof Validator.Literal
                || v instanceof Validator.Union union
                        && union.members().stream().allMatch(m -> m instanceof Validator.Literal);
    }

    /**
     * The validator of {@code wide} (itself, or the member of a union) with the structure of {@code
     * narrow} that leaves the fewest gaps, to descend into; empty when none has its structure.
     */
    private static Optional<Validator> twin(Validator wide, Validator narrow, String path) {
        List<Validator> candidates = wide instanceof Validator.Union union ? union.members() : List.of(wide);
        Optional<Validator> best = Optional.empty();
        int fewest = Integer.MAX_VALUE;
        for (Validator candidate : candidates) {
            if (!sameStructure(candidate, narrow)) {
                continue;
            }
            List<Gap> trial = new ArrayList<>();
            structure(candidate, narrow, path, trial);
            if (trial.size() < fewest) {
                best = Optional.of(candidate);
                fewest = trial.size();
            }
        }
        return best;
    }

    private static boolean sameStructure(Validator wide, Validator narrow) {
        if (narrow instanceof Validator.Obj) {
            return wide instanceof Validator.Obj || wide instanceof Validator.RecordOf;
        }
        if (narrow instanceof Validator.Array) {
            return wide instanceof Validator.Array;
        }
        return narrow instanceof Validator.RecordOf && wide instanceof Validator.RecordOf;
    }

    /** The gaps inside two validators of the same structure ({@link #sameStructure}). */
    private static void structure(Validator wide, Validator narrow, String path, List<Gap> out) {
        if (narrow instanceof Validator.Obj object && wide instanceof Validator.Obj accepting) {
            objectGaps(accepting, object, path, out);
        } else if (narrow instanceof Validator.Obj object
                && wide instanceof Validator.RecordOf(Validator keys, Validator values)) {
            for (Map.Entry<String, Validator.Field> field : object.fields().entrySet()) {
                String at = path + "." + field.getKey();
                Validator had = field.getValue().validator();
                if (keys.validate(new Value.Str(field.getKey())).isPresent()) {
                    out.add(new Gap(at, GapKind.FIELD_NOT_ACCEPTED, Optional.empty(), Optional.of(had)));
                } else {
                    gaps(values, had, at, Optional.empty(), out);
                }
            }
        } else if (narrow instanceof Validator.Array array && wide instanceof Validator.Array(Validator element)) {
            gaps(element, array.element(), path + "[]", Optional.empty(), out);
        } else if (narrow instanceof Validator.RecordOf record
                && wide instanceof Validator.RecordOf(Validator keys, Validator values)) {
            gaps(keys, record.keys(), path + ".keys()", Optional.empty(), out);
            gaps(values, record.values(), path + "[*]", Optional.empty(), out);
        } else {
            out.add(new Gap(path, GapKind.TYPE, Optional.of(wide), Optional.of(narrow)));
        }
    }

    private static void objectGaps(Validator.Obj wide, Validator.Obj narrow, String path, List<Gap> out) {
        for (Map.Entry<String, Validator.Field> field : narrow.fields().entrySet()) {
            String at = path + "." + field.getKey();
            Validator.Field accepting = wide.fields().get(field.getKey());
            Validator had = field.getValue().validator();
            boolean optional = field.getValue().optional();
            if (accepting == null) {
                out.add(new Gap(at, GapKind.FIELD_NOT_ACCEPTED, Optional.empty(), Optional.of(had))
                        .optional(false, optional));
                continue;
            }
            if (optional && !accepting.optional()) {
                out.add(new Gap(at, GapKind.FIELD_BECAME_REQUIRED, Optional.of(accepting.validator()), Optional.of(had))
                        .optional(false, true));
            }
            int from = out.size();
            gaps(accepting.validator(), had, at, Optional.empty(), out);
            for (int i = from; i < out.size(); i++) {
                if (out.get(i).path().equals(at)) {
                    out.set(i, out.get(i).optional(accepting.optional(), optional));
                }
            }
        }
        for (Map.Entry<String, Validator.Field> field : wide.fields().entrySet()) {
            if (!field.getValue().optional() && !narrow.fields().containsKey(field.getKey())) {
                out.add(new Gap(
                        path + "." + field.getKey(),
                        GapKind.REQUIRED_FIELD_ADDED,
                        Optional.of(field.getValue().validator()),
                        Optional.empty()));
            }
        }
    }
}
