package dev.slipway.schema;

import dev.slipway.value.FieldNames;
import dev.slipway.value.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Convex validator ({@code v.*} of {@code convex/values}), as functions export it ({@code
 * exportArgs()}, {@code exportReturns()}) and as a schema declares document types. The set is
 * closed: match it with an exhaustive {@code switch}. Validators are immutable values with
 * structural equality, so two validators can be compared member by member.
 *
 * <p>{@link #parse} reads the validator JSON of §5.4 of the interface reference and {@link #toJson}
 * writes it back exactly as {@code convex/values} does (object fields keep their order). {@code
 * toString()} gives the TypeScript-like form that error messages use, as the Convex backend prints it:
 * {@code v.union(v.string(), v.null())}, {@code v.float64()} for {@code v.number()}, {@code
 * v.int64()} for {@code v.bigint()}, object fields sorted by name; bigint literals print as {@code
 * v.literal(1n)}.
 *
 * <p>{@link #validate} checks a value the way Convex checks arguments, return values and documents;
 * see {@link ValidationError} for the messages.
 */
public sealed interface Validator
        permits Validator.Null,
                Validator.Float64,
                Validator.Int64,
                Validator.CommitTs,
                Validator.Bool,
                Validator.Str,
                Validator.Bytes,
                Validator.Any,
                Validator.Literal,
                Validator.Id,
                Validator.Array,
                Validator.Obj,
                Validator.RecordOf,
                Validator.Union {

    /**
     * Parses validator JSON ({@code {"type":"string"}}, {@code {"type":"object","value":{...}}},
     * ...). The legacy types {@code map} and {@code set} read as {@link Any}, as in Convex. Unknown
     * keys are ignored.
     *
     * @throws SchemaException code {@link SchemaException#INVALID_VALIDATOR} naming the JSON path
     *     ({@code $.value.author.fieldType}) of malformed JSON or of an unknown shape, or Convex's
     *     code (such as {@code InvalidRecordType}) for a validator that Convex refuses
     */
    static Validator parse(String json) {
        return ValidatorJson.parse(json);
    }

    /** The validator JSON, as {@code convex/values} writes it. */
    default String toJson() {
        return ValidatorJson.write(this);
    }

    /**
     * Checks {@code value} against this validator. A {@code v.id(table)} accepts any string that
     * decodes as a document ID (of any table): without a {@link TableResolver} the table cannot be
     * known. Use {@link #validate(Value, TableResolver)} wherever the deployment's tables are.
     *
     * @return the first problem, in the order Convex finds it, or empty when the value passes
     */
    default Optional<ValidationError> validate(Value value) {
        return Validation.firstError(this, value, Optional.empty(), false);
    }

    /**
     * Checks {@code value} against this validator; a {@code v.id("users")} accepts only a document
     * ID whose table number {@code tables} resolves to {@code users}.
     *
     * @return the first problem, in the order Convex finds it, or empty when the value passes
     */
    default Optional<ValidationError> validate(Value value, TableResolver tables) {
        return Validation.firstError(this, value, Optional.of(tables), false);
    }

    /** {@code v.null()}: only {@code null}. */
    record Null() implements Validator {
        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /** {@code v.number()} / {@code v.float64()}: any Float64 (not an Int64). JSON type {@code number}. */
    record Float64() implements Validator {
        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /** {@code v.int64()} / {@code v.bigint()}: any Int64 (not a Float64). JSON type {@code bigint}. */
    record Int64() implements Validator {
        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /**
     * {@code v.commitTs()} (convex 1.48): a commit timestamp, an Int64 at rest. It accepts every
     * Int64, as the Convex backend does. In a pending write Convex also accepts the {@code
     * db.vars.commitTs} placeholder, which it resolves to the commit timestamp; Slipway's value type
     * has no placeholder yet, so a caller that holds one must resolve it to an Int64 before
     * validating (Convex projects it to the largest timestamp).
     */
    record CommitTs() implements Validator {
        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /** {@code v.boolean()}. */
    record Bool() implements Validator {
        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /** {@code v.string()}. */
    record Str() implements Validator {
        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /** {@code v.bytes()}: an {@code ArrayBuffer}. */
    record Bytes() implements Validator {
        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /** {@code v.any()}: every value. */
    record Any() implements Validator {
        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /**
     * {@code v.literal(value)}: exactly {@code value}, which is a string, a Float64, an Int64 or a
     * boolean. Equality is exact ({@code 1n} is not {@code 1}, {@code -0} is not {@code 0}).
     * The constructor throws a {@link SchemaException} for any other kind of value.
     */
    record Literal(Value value) implements Validator {
        public Literal {
            if (!(value instanceof Value.Str
                    || value instanceof Value.Float64
                    || value instanceof Value.Int64
                    || value instanceof Value.Bool)) {
                throw new SchemaException(
                        SchemaException.INVALID_VALIDATOR,
                        "a literal must be a string, a number, a bigint or a boolean, not " + ValueText.render(value));
            }
        }

        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /**
     * {@code v.id(tableName)}: a document ID of that table.
     * The constructor throws a {@link SchemaException} when {@code tableName} is not an identifier.
     */
    record Id(String tableName) implements Validator {
        public Id {
            if (!FieldNames.isValidIdentifier(tableName)) {
                throw new SchemaException(
                        SchemaException.INVALID_VALIDATOR,
                        "v.id() needs a table name, and " + Json.quote(tableName) + " is not one: table names"
                                + " start with a letter or an underscore, contain only letters, digits and"
                                + " underscores and have at most 64 characters");
            }
        }

        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /** {@code v.array(element)}: an array whose every element passes {@code element}. */
    record Array(Validator element) implements Validator {
        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /** A field of an object validator: {@code v.optional(validator)} when {@code optional}. */
    record Field(Validator validator, boolean optional) {
        /** A required field. */
        public static Field required(Validator validator) {
            return new Field(validator, false);
        }

        /** An optional field, {@code v.optional(validator)}. */
        public static Field optional(Validator validator) {
            return new Field(validator, true);
        }
    }

    /**
     * {@code v.object({...})}: an object with exactly these fields; a required field must be present,
     * an optional one may be absent, and no other field may be present. The map keeps the order it
     * is given in (for {@link #toJson}); equality ignores the order.
     * The constructor throws a {@link SchemaException} when a field name is not an identifier.
     */
    record Obj(Map<String, Field> fields) implements Validator {
        public Obj {
            for (String name : fields.keySet()) {
                if (!FieldNames.isValidIdentifier(name)) {
                    throw new SchemaException(
                            SchemaException.INVALID_VALIDATOR,
                            "object validator field " + Json.quote(name) + " is not a valid field name: names"
                                    + " start with a letter or an underscore, contain only letters, digits and"
                                    + " underscores and have at most 64 characters");
                }
            }
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /**
     * {@code v.record(keys, values)}: an object whose every key passes {@code keys} and every value
     * passes {@code values}. As in Convex, {@code keys} is {@code v.string()}, {@code v.id(..)} or a
     * union of those.
     * The constructor throws a {@link SchemaException} with code {@code InvalidRecordType} for other
     * keys.
     */
    record RecordOf(Validator keys, Validator values) implements Validator {
        public RecordOf {
            if (!isStringSubtype(keys)) {
                throw new SchemaException(
                        "InvalidRecordType",
                        "Records can only have string keys. Your validator contains a record with key typed as `" + keys
                                + "`, which is not a subtype of `v.string()`");
            }
            if (hasStringLiteral(keys)) {
                throw new SchemaException("InvalidRecordType", "Records cannot have string literal keys");
            }
        }

        /** Whether every value {@code v} accepts is a string (Convex's {@code is_subset(v.string())}). */
        private static boolean isStringSubtype(Validator v) {
            return switch (v) {
                case Str _, Id _ -> true;
                case Literal literal -> literal.value() instanceof Value.Str;
                case Union union -> union.members().stream().allMatch(RecordOf::isStringSubtype);
                case Null _, Float64 _, Int64 _, CommitTs _, Bool _, Bytes _, Any _, Array _, Obj _, RecordOf _ ->
                    false;
            };
        }

        private static boolean hasStringLiteral(Validator v) {
            return switch (v) {
                case Literal literal -> literal.value() instanceof Value.Str;
                case Union union -> union.members().stream().anyMatch(RecordOf::hasStringLiteral);
                case Null _,
                        Float64 _,
                        Int64 _,
                        CommitTs _,
                        Bool _,
                        Str _,
                        Bytes _,
                        Any _,
                        Id _,
                        Array _,
                        Obj _,
                        RecordOf _ -> false;
            };
        }

        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }

    /** {@code v.union(...members)}: a value that passes at least one member; no member passes nothing. */
    record Union(List<Validator> members) implements Validator {
        public Union {
            members = List.copyOf(members);
        }

        @Override
        public String toString() {
            return ValidatorText.render(this);
        }
    }
}
