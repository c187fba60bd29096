package dev.slipway.isolate;

import static dev.slipway.isolate.JsRuntimeTest.call;
import static dev.slipway.isolate.JsRuntimeTest.failure;
import static dev.slipway.isolate.JsRuntimeTest.success;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runaway code is stopped with a system failure that names the limit, and the next call on the same
 * deployment succeeds (on a fresh context: the stopped one is retired).
 */
@Tag("node")
class LimitsTest {

    private static void nextCallSucceeds(JsRuntime runtime, CodeVersion app) {
        assertThat(success(call(
                        runtime,
                        app,
                        "behaviour.js",
                        "echo",
                        FunctionKind.QUERY,
                        "[{\"value\":7}]",
                        new FakeSyscalls())))
                .isEqualTo("7");
    }

    @Test
    void infiniteLoopInQuery_isStoppedAtTheUserTimeLimit() {
        InvocationResult.Failure f = failure(call("limits.js", "spin", FunctionKind.QUERY, "[{}]"));
        assertThat(f.kind()).isEqualTo(InvocationResult.FailureKind.SYSTEM);
        assertThat(f.message())
                .contains("timed out")
                .contains("maximum duration: 1s")
                .contains("queryTimeLimit");
        nextCallSucceeds(TestRuntimes.shared(), TestRuntimes.app());
    }

    @Test
    void memoryBombInAction_isStoppedByTheHeapWatch() {
        InvocationResult.Failure f = failure(call("limits.js", "memoryBomb", FunctionKind.ACTION, "[{}]"));
        assertThat(f.kind()).isEqualTo(InvocationResult.FailureKind.SYSTEM);
        assertThat(f.message()).contains("ran out of memory");
        nextCallSucceeds(TestRuntimes.shared(), TestRuntimes.app());
    }

    @Test
    void neverSettlingPromise_failsAtOnceInQueriesAndActions() {
        for (var target : new String[][] {{"neverSettles", "QUERY"}, {"neverSettlesAction", "ACTION"}}) {
            InvocationResult.Failure f = failure(call("limits.js", target[0], FunctionKind.valueOf(target[1]), "[{}]"));
            assertThat(f.message()).as(target[0]).startsWith("Returned promise will never resolve");
        }
        nextCallSucceeds(TestRuntimes.shared(), TestRuntimes.app());
    }

    @Test
    void argumentsOverTheLimit_failNamingTheLimit() {
        JsRuntime runtime = TestRuntimes.tight();
        String big = "[{\"value\":\"" + "z".repeat((int) runtime.options().maxArgumentBytes()) + "\"}]";
        InvocationResult.Failure f = failure(call(
                runtime, TestRuntimes.tightApp(), "behaviour.js", "echo", FunctionKind.QUERY, big, new FakeSyscalls()));
        assertThat(f.kind()).isEqualTo(InvocationResult.FailureKind.SYSTEM);
        assertThat(f.message())
                .contains("arguments are too large")
                .contains("limit: 65536 bytes")
                .contains("maxArgumentBytes");
        nextCallSucceeds(runtime, TestRuntimes.tightApp());
    }

    @Test
    void resultOverTheLimit_failsNamingTheLimit() {
        JsRuntime runtime = TestRuntimes.tight();
        InvocationResult.Failure f = failure(call(
                runtime,
                TestRuntimes.tightApp(),
                "limits.js",
                "bigResult",
                FunctionKind.QUERY,
                "[{\"size\":70000}]",
                new FakeSyscalls()));
        assertThat(f.kind()).isEqualTo(InvocationResult.FailureKind.SYSTEM);
        assertThat(f.message())
                .contains("return value is too large")
                .contains("limit: 65536 bytes")
                .contains("maxResultBytes");
        nextCallSucceeds(runtime, TestRuntimes.tightApp());
    }

    @Test
    void infiniteLoopInAction_isStoppedAtTheStatementLimit() {
        // Its own runtime, whose action time limit is out of reach however slow the machine is, so the
        // statement limit is what stops the loop.
        JsRuntime runtime = JsRuntime.create(RuntimeOptions.builder()
                .threads(1)
                .statementLimit(20_000_000)
                .actionTimeLimit(Duration.ofMinutes(10))
                .prewarmInvocations(0)
                .build());
        try {
            CodeVersion app = runtime.load("test", "v1", TestBundle.modules());
            InvocationResult.Failure f = failure(
                    call(runtime, app, "limits.js", "spinAction", FunctionKind.ACTION, "[{}]", new FakeSyscalls()));
            assertThat(f.kind()).isEqualTo(InvocationResult.FailureKind.SYSTEM);
            assertThat(f.message())
                    .contains("statement limit")
                    .contains("20000000")
                    .contains("statementLimit");
            nextCallSucceeds(runtime, app);
        } finally {
            runtime.close();
        }
    }

    @Test
    void actionWaitingPastItsLimit_isStoppedAtTheActionTimeLimit() {
        InvocationResult.Failure f = failure(call(
                TestRuntimes.tight(),
                TestRuntimes.tightApp(),
                "actions.js",
                "sleepThenQuery",
                FunctionKind.ACTION,
                "[{\"channel\":\"c\",\"ms\":600000}]",
                new FakeSyscalls()));
        assertThat(f.kind()).isEqualTo(InvocationResult.FailureKind.SYSTEM);
        assertThat(f.message())
                .contains("timed out")
                .contains("maximum duration: 3s")
                .contains("actionTimeLimit");
        nextCallSucceeds(TestRuntimes.tight(), TestRuntimes.tightApp());
    }
}
