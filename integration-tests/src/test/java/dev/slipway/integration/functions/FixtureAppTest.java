package dev.slipway.integration.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.application.FunctionCall;
import dev.slipway.application.FunctionPath;
import dev.slipway.application.FunctionResult;
import dev.slipway.isolate.RuntimeInfo;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls into the deployed fixture app, one behaviour per test, as a client or an admin would. */
@Tag("node")
class FixtureAppTest {
    @TempDir
    Path dir;

    private Deployments deployment;

    @BeforeEach
    void deploy() {
        deployment = Deployments.fixtureApp(dir);
    }

    @AfterEach
    void close() {
        deployment.close();
    }

    private static final String ADA = "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"age\":36,"
            + "\"karma\":{\"$integer\":\"BQAAAAAAAAA=\"},\"active\":true,\"role\":\"admin\","
            + "\"profile\":{\"bio\":\"math\",\"links\":[]},\"settings\":{},\"deletedAt\":null}";

    private FunctionResult call(String kind, String path, String argsJson, FunctionCall.Caller caller) {
        FunctionCall call = new FunctionCall(
                FunctionPath.parse(path),
                (Value.Obj) ConvexJson.decode(argsJson),
                caller,
                FunctionCall.RequestInfo.of("test"));
        return switch (kind) {
            case "query" -> deployment.app().query(call);
            case "mutation" -> deployment.app().mutation(call);
            case "action" -> deployment.app().action(call);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private Value ok(String kind, String path, String argsJson) {
        FunctionResult result = call(kind, path, argsJson, FunctionCall.Caller.CLIENT);
        assertThat(result).as("%s %s", path, argsJson).isInstanceOf(FunctionResult.Success.class);
        return ((FunctionResult.Success) result).value();
    }

    @Test
    void runtime_isTheOptimizingOne() {
        assertThat(Deployments.runtime().info().mode()).isEqualTo(RuntimeInfo.Mode.OPTIMIZING);
    }

    @Test
    void mutationThenQuery_roundTripsADocument() {
        Value id = ok("mutation", "users:create", ADA);
        Value user = ok("query", "users:get", "{\"id\":" + ConvexJson.encode(id) + "}");
        assertThat(ConvexJson.encode(user)).contains("\"name\":\"Ada\"").contains("\"_creationTime\"");
    }

    private FunctionResult.Failure failed(String kind, String path, String argsJson, FunctionCall.Caller caller) {
        FunctionResult result = call(kind, path, argsJson, caller);
        assertThat(result).as("%s %s", path, argsJson).isInstanceOf(FunctionResult.Failure.class);
        return (FunctionResult.Failure) result;
    }

    @Test
    void internalFunction_refusedToClients_allowedToAdmins() {
        FunctionResult.Failure refused = failed("query", "users:countActive", "{}", FunctionCall.Caller.CLIENT);
        assertThat(refused.message()).contains("users:countActive").contains("internal function");
        assertThat(call("query", "users:countActive", "{}", FunctionCall.Caller.ADMIN))
                .isInstanceOf(FunctionResult.Success.class);
    }

    @Test
    void badArguments_failWithConvexValidatorMessageNamingThePath() {
        FunctionResult.Failure bad = failed("query", "users:get", "{\"id\":42}", FunctionCall.Caller.CLIENT);
        assertThat(bad.message())
                .startsWith("ArgumentValidationError:")
                .contains(".id")
                .contains("42");
        FunctionResult.Failure extra =
                failed("query", "misc:boom", "{\"why\":\"x\",\"extra\":1}", FunctionCall.Caller.CLIENT);
        assertThat(extra.message()).startsWith("ArgumentValidationError:").contains("extra");
    }

    @Test
    void thrownErrors_areUncaughtErrorsAndConvexErrorsKeepTheirDataAndRollBack() {
        FunctionResult.Failure boom = failed("query", "misc:boom", "{\"why\":\"because\"}", FunctionCall.Caller.CLIENT);
        assertThat(boom.message()).startsWith("Uncaught Error: boom: because");
        assertThat(boom.data()).isEmpty();

        FunctionResult.Failure fail =
                failed("mutation", "misc:fail", "{\"data\":{\"code\":\"NOPE\",\"n\":3}}", FunctionCall.Caller.CLIENT);
        assertThat(fail.data().map(ConvexJson::encode)).contains("{\"code\":\"NOPE\",\"n\":3}");
        assertThat(ConvexJson.encode(ok("query", "admin/stats:summary", "{}"))).doesNotContain("\"fail\"");
    }

    @Test
    void returnsValidator_rejectsABadResult() {
        FunctionResult.Failure bad =
                failed("query", "misc:badReturn", "{\"asString\":true}", FunctionCall.Caller.CLIENT);
        assertThat(bad.message()).startsWith("ReturnsValidationError:").contains("not a number");
        assertThat(ConvexJson.encode(ok("query", "misc:badReturn", "{\"asString\":false}")))
                .isEqualTo("7");
    }

    @Test
    void console_linesOfEveryLevel_areCapturedLikeNode() {
        FunctionResult result =
                call("mutation", "misc:noisy", "{\"label\":\"abc\",\"count\":2}", FunctionCall.Caller.CLIENT);
        assertThat(result.logLines().stream().map(line -> line.render()).toList())
                .containsExactly(
                        "[LOG] 'log' 'abc' 2",
                        "[INFO] 'info' {\n  label: 'abc',\n  nested: {\n    count: 2,\n    list: [ 1, 'two', null ]\n  }\n}",
                        "[WARN] 'warn' [ 'abc', 4 ]",
                        "[ERROR] 'error' {\n  big: 42n,\n  flag: true\n}",
                        "[DEBUG] 'debug' 3");
    }

    @Test
    void determinism_randomAndTimeInAMutation_areSeededAndFrozen() {
        assertThat(ConvexJson.encode(ok("mutation", "misc:dice", "{\"kind\":\"roll\"}")))
                .isEqualTo("{\"distinct\":true,\"inRange\":true,\"timeFrozen\":true}");
    }

    @Test
    void concurrentMutations_onOneDocument_allApplyThroughOccRetries() throws Exception {
        Value user = ok("mutation", "users:create", ADA);
        Value channel =
                ok("mutation", "channels:create", "{\"name\":\"general\",\"ownerId\":" + ConvexJson.encode(user) + "}");
        Value sent = ok(
                "mutation",
                "messages:send",
                "{\"channelId\":" + ConvexJson.encode(channel) + ",\"authorId\":" + ConvexJson.encode(user)
                        + ",\"body\":\"hi\",\"tags\":[]}");
        String id = ConvexJson.encode(
                java.util.Objects.requireNonNull(((Value.Obj) sent).fields().get("id")));
        int threads = 4;
        int likesEach = 10;
        java.util.List<Thread> workers = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<FunctionResult> failures =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < likesEach; i++) {
                    FunctionResult result =
                            call("mutation", "messages:like", "{\"id\":" + id + "}", FunctionCall.Caller.CLIENT);
                    if (!(result instanceof FunctionResult.Success)) {
                        failures.add(result);
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(failures).isEmpty();
        Value likes = ok("mutation", "messages:like", "{\"id\":" + id + ",\"times\":0}");
        assertThat(likes).isEqualTo(new Value.Float64(threads * likesEach));
    }
}
