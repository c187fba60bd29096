package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.application.PushReport.ApiCheck;
import dev.slipway.application.PushReport.ApiFinding;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.Visibility;
import dev.slipway.schema.Validator;
import dev.slipway.value.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gate 2, rule by rule, over validators built in Java (no JavaScript): one case per error and warning
 * rule, every change seed 000 calls safe (which must pass with no finding at all), and the other safe
 * changes the subtyping check must recognise. Each case compares one function of the current version
 * ({@code messages:send}, a public mutation unless the case says otherwise) with its pushed form, and
 * lists the findings as {@code SEVERITY RULE path: before -> after}.
 */
class ApiCompatibilityTest {
    private static final FunctionPath SEND = FunctionPath.parse("messages:send");

    // ---- validators --------------------------------------------------------------------------

    private static Validator str() {
        return new Validator.Str();
    }

    private static Validator num() {
        return new Validator.Float64();
    }

    private static Validator any() {
        return new Validator.Any();
    }

    private static Validator lit(String value) {
        return new Validator.Literal(new Value.Str(value));
    }

    private static Validator union(Validator... members) {
        return new Validator.Union(List.of(members));
    }

    private static Validator array(Validator element) {
        return new Validator.Array(element);
    }

    private static Validator record(Validator keys, Validator values) {
        return new Validator.RecordOf(keys, values);
    }

    /** {@code obj("a", str(), "b?", num())}: field names, a trailing {@code ?} for optional ones. */
    private static Validator.Obj obj(Object... namesAndValidators) {
        Map<String, Validator.Field> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValidators.length; i += 2) {
            String name = (String) namesAndValidators[i];
            Validator v = (Validator) namesAndValidators[i + 1];
            fields.put(
                    name.replace("?", ""),
                    name.endsWith("?") ? Validator.Field.optional(v) : Validator.Field.required(v));
        }
        return new Validator.Obj(fields);
    }

    private static FunctionSpec fn(
            FunctionKind kind, Visibility visibility, Validator args, Optional<Validator> returns) {
        return new FunctionSpec(SEND, kind, visibility, args, returns);
    }

    private static FunctionSpec mutation(Validator args) {
        return fn(FunctionKind.MUTATION, Visibility.PUBLIC, args, Optional.empty());
    }

    private static FunctionSpec query(Validator returns) {
        return fn(FunctionKind.QUERY, Visibility.PUBLIC, obj(), Optional.of(returns));
    }

    private static Arguments change(String name, FunctionSpec before, FunctionSpec after, String... findings) {
        return Arguments.of(name, before, after, List.of(findings));
    }

    // ---- the table ---------------------------------------------------------------------------

    static Stream<Arguments> changes() {
        return Stream.of(
                // errors
                change(
                        "kind changes",
                        mutation(obj()),
                        fn(FunctionKind.ACTION, Visibility.PUBLIC, obj(), Optional.empty()),
                        "ERROR KIND_CHANGED : absent -> absent"),
                change(
                        "public becomes internal",
                        mutation(obj()),
                        fn(FunctionKind.MUTATION, Visibility.INTERNAL, obj(), Optional.empty()),
                        "ERROR BECAME_INTERNAL : absent -> absent"),
                change(
                        "new required argument",
                        mutation(obj("body", str())),
                        mutation(obj("body", str(), "author", str())),
                        "ERROR REQUIRED_ARGUMENT_ADDED args.author: absent -> v.string()"),
                change(
                        "a union loses a member",
                        mutation(obj("kind", union(lit("a"), lit("b"), lit("c")))),
                        mutation(obj("kind", union(lit("a"), lit("b")))),
                        "ERROR UNION_MEMBER_REMOVED args.kind: v.union(v.literal(\"a\"), v.literal(\"b\"),"
                                + " v.literal(\"c\")) -> v.union(v.literal(\"a\"), v.literal(\"b\"))"),
                change(
                        "optional becomes required",
                        mutation(obj("tag?", str())),
                        mutation(obj("tag", str())),
                        "ERROR OPTIONAL_BECAME_REQUIRED args.tag: v.optional(v.string()) -> v.string()"),
                change(
                        "a literal changes",
                        mutation(obj("kind", lit("a"))),
                        mutation(obj("kind", lit("b"))),
                        "ERROR LITERAL_CHANGED args.kind: v.literal(\"a\") -> v.literal(\"b\")"),
                change(
                        "an object gains a required field, deep inside an argument",
                        mutation(obj("author", obj("name", str()))),
                        mutation(obj("author", obj("name", str(), "email", str()))),
                        "ERROR REQUIRED_FIELD_ADDED args.author.email: absent -> v.string()"),
                change(
                        "an array element's field narrows to ids",
                        mutation(obj("items", array(obj("owner", str())))),
                        mutation(obj("items", array(obj("owner", new Validator.Id("users"))))),
                        "ERROR ARGUMENT_NARROWED args.items[].owner: v.string() -> v.id(\"users\")"),
                change(
                        "a number becomes an int64",
                        mutation(obj("count", num())),
                        mutation(obj("count", new Validator.Int64())),
                        "ERROR ARGUMENT_NARROWED args.count: v.float64() -> v.int64()"),
                change(
                        "unvalidated arguments get a validator",
                        mutation(any()),
                        mutation(obj("body", str())),
                        "ERROR ARGUMENT_NARROWED args: v.any() -> v.object({body: v.string()})"),
                change(
                        "a record's values lose a union member",
                        mutation(obj("scores", record(str(), union(str(), num())))),
                        mutation(obj("scores", record(str(), str()))),
                        "ERROR UNION_MEMBER_REMOVED args.scores[*]: v.union(v.string(), v.float64()) ->"
                                + " v.string()"),
                change(
                        "the member of a union of objects gains a required field",
                        mutation(obj("msg", union(obj("kind", lit("text"), "body", str()), obj("kind", lit("ping"))))),
                        mutation(obj(
                                "msg",
                                union(
                                        obj("kind", lit("text"), "body", str(), "lang", str()),
                                        obj("kind", lit("ping"))))),
                        "ERROR REQUIRED_FIELD_ADDED args.msg.lang: absent -> v.string()"),
                change(
                        "a return type widens",
                        query(str()),
                        query(union(str(), new Validator.Null())),
                        "ERROR RETURNS_WIDENED returns: v.string() -> v.null()"),
                change(
                        "the returns validator is removed",
                        query(str()),
                        fn(FunctionKind.QUERY, Visibility.PUBLIC, obj(), Optional.empty()),
                        "ERROR RETURNS_WIDENED returns: v.string() -> v.any()"),
                change(
                        "a returned object loses a field",
                        query(obj("a", str(), "b", num())),
                        query(obj("a", str())),
                        "ERROR RETURNS_WIDENED returns.b: v.float64() -> absent"),
                change(
                        "a returned field becomes optional",
                        query(obj("a", str())),
                        query(obj("a?", str())),
                        "ERROR RETURNS_WIDENED returns.a: v.string() -> v.optional(v.string())"),
                // warnings
                change(
                        "an argument is removed",
                        mutation(obj("body", str(), "draft?", new Validator.Bool())),
                        mutation(obj("body", str())),
                        "WARNING ARGUMENT_REMOVED args.draft: v.optional(v.boolean()) -> absent"),
                change(
                        "a return type narrows",
                        query(union(str(), new Validator.Null())),
                        query(str()),
                        "WARNING RETURNS_NARROWED returns: v.union(v.string(), v.null()) -> v.string()"),
                change(
                        "a returned object gains a field",
                        query(obj("a", str())),
                        query(obj("a", str(), "b", num())),
                        "WARNING RETURNS_NARROWED returns.b: absent -> v.float64()"),
                change(
                        "an internal function's argument narrows",
                        fn(FunctionKind.MUTATION, Visibility.INTERNAL, obj("n", num()), Optional.empty()),
                        fn(
                                FunctionKind.MUTATION,
                                Visibility.INTERNAL,
                                obj("n", new Validator.Int64()),
                                Optional.empty()),
                        "WARNING ARGUMENT_NARROWED args.n: v.float64() -> v.int64()"),
                // seed 000's safe changes
                change(
                        "an optional argument is added",
                        mutation(obj("body", str())),
                        mutation(obj("body", str(), "tag?", str()))),
                change("an argument becomes optional", mutation(obj("body", str())), mutation(obj("body?", str()))),
                change(
                        "an argument widens to a union",
                        mutation(obj("body", str())),
                        mutation(obj("body", union(str(), num())))),
                // other safe changes
                change("an argument widens to v.any()", mutation(obj("body", str())), mutation(obj("body", any()))),
                change(
                        "the args validator is dropped",
                        mutation(obj("body", str())),
                        fn(FunctionKind.MUTATION, Visibility.PUBLIC, any(), Optional.empty())),
                change(
                        "ids widen to strings",
                        mutation(obj("user", new Validator.Id("users"))),
                        mutation(obj("user", str()))),
                change("a literal widens to its type", mutation(obj("kind", lit("a"))), mutation(obj("kind", str()))),
                change(
                        "a boolean becomes both its literals",
                        mutation(obj("flag", new Validator.Bool())),
                        mutation(obj(
                                "flag",
                                union(
                                        new Validator.Literal(new Value.Bool(false)),
                                        new Validator.Literal(new Value.Bool(true)))))),
                change(
                        "int64 and commitTs are the same values",
                        mutation(obj("ts", new Validator.Int64())),
                        mutation(obj("ts", new Validator.CommitTs()))),
                change(
                        "an object argument becomes a record of its values",
                        mutation(obj("tags", obj("a", str(), "b?", str()))),
                        mutation(obj("tags", record(str(), str())))),
                change(
                        "an internal function becomes public",
                        fn(FunctionKind.MUTATION, Visibility.INTERNAL, obj(), Optional.empty()),
                        mutation(obj())),
                change("a return type stays the same", query(obj("a", str())), query(obj("a", str()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void rule(String name, FunctionSpec before, FunctionSpec after, List<String> expected) {
        ApiCheck check = ApiCompatibility.check(
                Map.of(SEND, after), List.of(new ApiCompatibility.Baseline("v1", Map.of(SEND, before))));

        assertThat(check.findings()).extracting(ApiCompatibilityTest::line).containsExactlyElementsOf(expected);
        assertThat(check.passed())
                .as("passes when no finding is an error")
                .isEqualTo(expected.stream().noneMatch(f -> f.startsWith("ERROR")));
        check.findings().forEach(f -> {
            assertThat(f.function()).isEqualTo(SEND);
            assertThat(f.versions()).containsExactly("v1");
            assertThat(f.message()).contains("messages:send");
        });
    }

    private static String line(ApiFinding f) {
        return f.severity() + " " + f.rule() + " " + f.path() + ": "
                + f.before().orElse("absent") + " -> " + f.after().orElse("absent");
    }

    @Test
    void seed000_addingAFunction_passesWithNoFinding() {
        FunctionPath list = FunctionPath.parse("messages:list");
        ApiCheck check = ApiCompatibility.check(
                Map.of(
                        SEND,
                        mutation(obj()),
                        list,
                        new FunctionSpec(list, FunctionKind.QUERY, Visibility.PUBLIC, obj(), Optional.empty())),
                List.of(new ApiCompatibility.Baseline("v1", Map.of(SEND, mutation(obj())))));

        assertThat(check.findings()).isEmpty();
        assertThat(check.passed()).isTrue();
    }

    @Test
    void rename_isRemovedPlusAdded_withAHint() {
        FunctionPath post = FunctionPath.parse("messages:post");
        Validator args = obj("body", str());
        ApiCheck check = ApiCompatibility.check(
                Map.of(post, new FunctionSpec(post, FunctionKind.MUTATION, Visibility.PUBLIC, args, Optional.empty())),
                List.of(new ApiCompatibility.Baseline("v1", Map.of(SEND, mutation(args)))));

        assertThat(check.findings()).singleElement().satisfies(f -> {
            assertThat(line(f)).isEqualTo("ERROR FUNCTION_REMOVED : absent -> absent");
            assertThat(f.message())
                    .startsWith("messages:send (mutation) is removed")
                    .contains("messages:post was added with the same kind and arguments: if this is a rename, keep"
                            + " messages:send as well");
        });
        assertThat(check.passed()).isFalse();
    }

    @Test
    void internalFunctionRemoved_isAWarning() {
        ApiCheck check = ApiCompatibility.check(
                Map.of(),
                List.of(new ApiCompatibility.Baseline(
                        "v1", Map.of(SEND, fn(FunctionKind.MUTATION, Visibility.INTERNAL, obj(), Optional.empty())))));

        assertThat(check.findings())
                .extracting(ApiCompatibilityTest::line)
                .containsExactly("WARNING FUNCTION_REMOVED : absent -> absent");
        assertThat(check.findings().getFirst().message()).contains("It is internal");
        assertThat(check.passed()).isTrue();
    }

    @Test
    void severalVersions_findingsMergeAndNameTheVersions() {
        FunctionPath list = FunctionPath.parse("messages:list");
        FunctionSpec listSpec = new FunctionSpec(list, FunctionKind.QUERY, Visibility.PUBLIC, obj(), Optional.empty());
        Map<FunctionPath, FunctionSpec> v1 = Map.of(SEND, mutation(obj("body", str())), list, listSpec);
        Map<FunctionPath, FunctionSpec> v2 = Map.of(SEND, mutation(obj("body", str(), "tag?", str())), list, listSpec);
        Map<FunctionPath, FunctionSpec> next = Map.of(SEND, mutation(obj("body", str())));

        ApiCheck check = ApiCompatibility.check(
                next, List.of(new ApiCompatibility.Baseline("v2", v2), new ApiCompatibility.Baseline("v1", v1)));

        assertThat(check.comparedWith()).containsExactly("v2", "v1");
        assertThat(check.findings())
                .extracting(f -> line(f) + " " + f.versions())
                .containsExactly(
                        "ERROR FUNCTION_REMOVED : absent -> absent [v2, v1]",
                        "WARNING ARGUMENT_REMOVED args.tag: v.optional(v.string()) -> absent [v2]");
    }

    @Test
    void covers_isSoundOnTheValueDomain() {
        assertThat(ValidatorCoverage.covers(union(str(), num()), str())).isTrue();
        assertThat(ValidatorCoverage.covers(str(), union(str(), num()))).isFalse();
        assertThat(ValidatorCoverage.covers(any(), union(str(), array(any())))).isTrue();
        assertThat(ValidatorCoverage.covers(union(str(), num()), any()))
                .as("conservative: a union of some types does not cover v.any()")
                .isFalse();
        assertThat(ValidatorCoverage.covers(str(), new Validator.Union(List.of())))
                .as("an empty union accepts nothing")
                .isTrue();
        assertThat(ValidatorCoverage.covers(new Validator.Id("users"), new Validator.Id("teams")))
                .isFalse();
        assertThat(ValidatorCoverage.covers(num(), new Validator.Literal(new Value.Float64(1.5))))
                .isTrue();
        assertThat(ValidatorCoverage.covers(new Validator.Int64(), new Validator.Literal(new Value.Float64(1))))
                .isFalse();
        assertThat(ValidatorCoverage.covers(record(str(), num()), obj("a", num(), "b?", num())))
                .isTrue();
        assertThat(ValidatorCoverage.covers(obj("a", num()), record(str(), num())))
                .isFalse();
        assertThat(ValidatorCoverage.covers(array(union(str(), num())), array(str())))
                .isTrue();
        assertThat(ValidatorCoverage.covers(obj("a?", str()), obj())).isTrue();
        assertThat(ValidatorCoverage.covers(obj(), obj("a?", str())))
                .as("an exact object refuses a field it does not declare")
                .isFalse();
    }
}
