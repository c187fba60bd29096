package dev.slipway.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random validators and random values (built to match, then often broken), checked against a
 * trivial reference checker: the verdicts agree, a reported path leads to a part of the value that
 * really fails, and every validator survives a JSON round trip. Seeded: {@code -Dslipway.seed=N}.
 */
class ValidatorRandomizedTest {
    private static final int CASES = 3000;
    private static final Map<String, Integer> TABLE_NUMBERS = Map.of("users", 10001, "tasks", 10002, "_storage", 513);
    private static final TableResolver TABLES = TableResolver.of(TABLE_NUMBERS);
    private static final List<String> NAMES = List.of("a", "b", "c", "kind", "x_1", "Zed");
    private static final Pattern SEGMENT = Pattern.compile("\\.keys\\(\\)|\\.([A-Za-z_$][A-Za-z0-9_$]*)|\\[(\\d+)]");

    @Test
    void validate_randomCases_agreeWithReference() {
        long seed = seed();
        try {
            SplittableRandom random = new SplittableRandom(seed);
            int passed = 0;
            for (int i = 0; i < CASES; i++) {
                passed += checkOneCase(random) ? 1 : 0;
            }
            assertThat(passed).as("cases that pass").isBetween(CASES / 5, CASES - CASES / 5);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "failed with seed " + seed + " (replay with -Dslipway.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    private static long seed() {
        Long fixed = Long.getLong("slipway.seed");
        return fixed != null ? fixed : new SplittableRandom().nextLong();
    }

    /** One random case; whether its value passed. */
    private static boolean checkOneCase(SplittableRandom random) {
        Validator validator = randomValidator(random, 3);
        assertThat(Validator.parse(validator.toJson())).isEqualTo(validator);
        Value matching = randomValue(random, validator, 3);
        Value value = random.nextInt(3) > 0 ? mutate(random, matching, 3) : matching;
        boolean expected = Reference.matches(validator, value);
        var error = validator.validate(value, TABLES);
        assertThat(error.isEmpty())
                .as("verdict for %s on %s (%s)", validator, value, error)
                .isEqualTo(expected);
        error.ifPresent(e -> checkPath(e, value));
        return expected;
    }

    /** The path leads to a value that the error's validator really refuses. */
    private static void checkPath(ValidationError error, Value root) {
        Value at = root;
        Matcher m = SEGMENT.matcher(error.path());
        int end = 0;
        boolean keys = false;
        while (m.find()) {
            assertThat(m.start()).as("path %s", error.path()).isEqualTo(end);
            end = m.end();
            if (m.group().equals(".keys()")) {
                keys = true;
            } else if (m.group(1) != null) {
                at = Objects.requireNonNull(((Value.Obj) at).fields().get(m.group(1)), error.path());
            } else {
                at = ((Value.Array) at).elements().get(Integer.parseInt(m.group(2)));
            }
        }
        assertThat(end).as("path %s", error.path()).isEqualTo(error.path().length());
        switch (error) {
            case ValidationError.NoMatch n -> {
                if (!keys) {
                    assertThat(n.value()).isEqualTo(at);
                }
                assertThat(Reference.matches(n.expected(), n.value())).isFalse();
            }
            case ValidationError.LiteralMismatch l -> assertThat(l.value()).isEqualTo(at);
            case ValidationError.MissingField f -> {
                assertThat(f.object()).isEqualTo(at);
                assertThat(f.object().fields()).doesNotContainKey(f.field());
            }
            case ValidationError.ExtraField f -> {
                assertThat(f.object()).isEqualTo(at);
                assertThat(f.expected().fields()).doesNotContainKey(f.field());
            }
            case ValidationError.WrongTable w ->
                assertThat(keys ? ((Value.Obj) at).fields().containsKey(w.id()) : new Value.Str(w.id()).equals(at))
                        .isTrue();
        }
    }

    private static Validator randomValidator(SplittableRandom random, int depth) {
        int kinds = depth > 0 ? 14 : 10;
        return switch (random.nextInt(kinds)) {
            case 0 -> new Validator.Null();
            case 1 -> new Validator.Float64();
            case 2 -> new Validator.Int64();
            case 3 -> new Validator.Bool();
            case 4 -> new Validator.Str();
            case 5 -> new Validator.Bytes();
            case 6 -> new Validator.Any();
            case 7 -> new Validator.CommitTs();
            case 8 -> new Validator.Literal(randomLiteral(random));
            case 9 -> new Validator.Id(random.nextBoolean() ? "users" : "tasks");
            case 10 -> new Validator.Array(randomValidator(random, depth - 1));
            case 11 -> randomObject(random, depth);
            case 12 ->
                new Validator.RecordOf(
                        random.nextBoolean() ? new Validator.Str() : new Validator.Id("users"),
                        randomValidator(random, depth - 1));
            default -> {
                List<Validator> members = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    members.add(randomValidator(random, depth - 1));
                }
                yield new Validator.Union(members);
            }
        };
    }

    private static Validator.Obj randomObject(SplittableRandom random, int depth) {
        Map<String, Validator.Field> fields = new LinkedHashMap<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            fields.put(
                    NAMES.get(random.nextInt(NAMES.size())),
                    new Validator.Field(randomValidator(random, depth - 1), random.nextBoolean()));
        }
        return new Validator.Obj(fields);
    }

    private static Value randomLiteral(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> new Value.Str(NAMES.get(random.nextInt(NAMES.size())));
            case 1 -> new Value.Float64(random.nextInt(3));
            case 2 -> new Value.Int64(random.nextInt(3));
            default -> new Value.Bool(random.nextBoolean());
        };
    }

    /** A value that matches {@code validator} (or a random one where nothing can match). */
    private static Value randomValue(SplittableRandom random, Validator validator, int depth) {
        return switch (validator) {
            case Validator.Null _ -> Value.Null.INSTANCE;
            case Validator.Float64 _ -> new Value.Float64(random.nextInt(3));
            case Validator.Int64 _, Validator.CommitTs _ -> new Value.Int64(random.nextInt(3));
            case Validator.Bool _ -> new Value.Bool(random.nextBoolean());
            case Validator.Str _ -> new Value.Str(NAMES.get(random.nextInt(NAMES.size())));
            case Validator.Bytes _ -> new Value.Bytes(new byte[] {(byte) random.nextInt(3)});
            case Validator.Any _ -> randomAny(random, depth);
            case Validator.Literal literal -> literal.value();
            case Validator.Id id -> new Value.Str(idOf(random, id.tableName()));
            case Validator.Array array -> {
                List<Value> elements = new ArrayList<>();
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    elements.add(randomValue(random, array.element(), depth - 1));
                }
                yield new Value.Array(elements);
            }
            case Validator.Obj object -> {
                TreeMap<String, Value> fields = new TreeMap<>();
                object.fields().forEach((name, field) -> {
                    if (!field.optional() || random.nextBoolean()) {
                        fields.put(name, randomValue(random, field.validator(), depth - 1));
                    }
                });
                yield new Value.Obj(fields);
            }
            case Validator.RecordOf record -> {
                TreeMap<String, Value> fields = new TreeMap<>();
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    Value.Str key = (Value.Str) randomValue(random, record.keys(), 0);
                    fields.put(key.value(), randomValue(random, record.values(), depth - 1));
                }
                yield new Value.Obj(fields);
            }
            case Validator.Union union ->
                union.members().isEmpty()
                        ? randomAny(random, depth)
                        : randomValue(
                                random,
                                union.members()
                                        .get(random.nextInt(union.members().size())),
                                depth);
        };
    }

    private static Value randomAny(SplittableRandom random, int depth) {
        return randomValue(random, randomValidator(random, Math.max(0, depth - 1)), depth - 1);
    }

    private static String idOf(SplittableRandom random, String table) {
        List<String> tables = List.copyOf(TABLE_NUMBERS.keySet());
        String chosen = random.nextInt(4) == 0 ? tables.get(random.nextInt(tables.size())) : table;
        byte[] internal = new byte[InternalId.LENGTH];
        random.nextBytes(internal);
        return new DocumentId(Objects.requireNonNull(TABLE_NUMBERS.get(chosen)), new InternalId(internal)).encode();
    }

    /** Breaks {@code value} somewhere: replaces a part, drops or adds a field. */
    private static Value mutate(SplittableRandom random, Value value, int depth) {
        if (value instanceof Value.Array a && !a.elements().isEmpty() && random.nextBoolean()) {
            List<Value> elements = new ArrayList<>(a.elements());
            int i = random.nextInt(elements.size());
            elements.set(i, mutate(random, elements.get(i), depth - 1));
            return new Value.Array(elements);
        }
        if (value instanceof Value.Obj o && random.nextInt(3) > 0) {
            return mutateObject(random, o, depth);
        }
        return randomAny(random, Math.max(depth, 1));
    }

    private static Value mutateObject(SplittableRandom random, Value.Obj o, int depth) {
        TreeMap<String, Value> fields = new TreeMap<>(o.fields());
        List<String> names = List.copyOf(fields.keySet());
        int choice = random.nextInt(3);
        if (choice == 0 && !names.isEmpty()) {
            fields.remove(names.get(random.nextInt(names.size())));
        } else if (choice == 1 && !names.isEmpty()) {
            String name = names.get(random.nextInt(names.size()));
            fields.put(name, mutate(random, Objects.requireNonNull(fields.get(name)), depth - 1));
        } else {
            fields.put(NAMES.get(random.nextInt(NAMES.size())), randomAny(random, 1));
        }
        return new Value.Obj(fields);
    }

    /** The obvious checker, written without any of the production code's shortcuts. */
    private static final class Reference {
        static boolean matches(Validator validator, Value value) {
            return switch (validator) {
                case Validator.Null _ -> value instanceof Value.Null;
                case Validator.Float64 _ -> value instanceof Value.Float64;
                case Validator.Int64 _, Validator.CommitTs _ -> value instanceof Value.Int64;
                case Validator.Bool _ -> value instanceof Value.Bool;
                case Validator.Str _ -> value instanceof Value.Str;
                case Validator.Bytes _ -> value instanceof Value.Bytes;
                case Validator.Any _ -> true;
                case Validator.Literal literal -> literal.value().equals(value);
                case Validator.Id id ->
                    value instanceof Value.Str s
                            && DocumentId.decode(s.value())
                                    .flatMap(d -> TABLES.tableName(d.tableNumber()))
                                    .filter(id.tableName()::equals)
                                    .isPresent();
                case Validator.Array array ->
                    value instanceof Value.Array a && a.elements().stream().allMatch(e -> matches(array.element(), e));
                case Validator.Obj object ->
                    value instanceof Value.Obj o
                            && object.fields().keySet().containsAll(o.fields().keySet())
                            && object.fields().entrySet().stream().allMatch(f -> {
                                Value v = o.fields().get(f.getKey());
                                return v == null
                                        ? f.getValue().optional()
                                        : matches(f.getValue().validator(), v);
                            });
                case Validator.RecordOf record ->
                    value instanceof Value.Obj o
                            && o.fields().entrySet().stream()
                                    .allMatch(e -> matches(record.keys(), new Value.Str(e.getKey()))
                                            && matches(record.values(), e.getValue()));
                case Validator.Union union -> union.members().stream().anyMatch(m -> matches(m, value));
            };
        }
    }
}
