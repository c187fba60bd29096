package dev.slipway.isolate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pooling without the bundled app: module top level once per context, LRU eviction, retirement. */
class ContextPoolTest {
    /** A registered query by hand (what convex/server builds): counts its calls in module state. */
    private static final String COUNTER = """
            let calls = 0;
            const imported = Date.now();
            const register = (handler) => Object.assign(() => {}, {
              isQuery: true,
              isPublic: true,
              exportArgs: () => '{"type":"any"}',
              exportReturns: () => "null",
              invokeQuery: async () => JSON.stringify(await handler()),
            });
            export const count = register(() => ++calls);
            export const nested = register(async () => "outer+" + JSON.parse(await Convex.asyncSyscall("test/nested", "{}")));
            export const importedAt = register(() => imported);
            export const spin = register(() => { for (;;) {} });
            const greetingAtImport = process.env.GREETING ?? null;
            export const greetings = register(() => [greetingAtImport, process.env.GREETING ?? null]);
            """;

    private static JsRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = JsRuntime.create(RuntimeOptions.builder()
                .threads(1)
                .contextsPerVersion(1)
                .maxPooledContexts(2)
                .queryTimeLimit(Duration.ofMillis(300))
                .prewarmInvocations(0)
                .build());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static String call(CodeVersion version, String export) {
        InvocationResult result = runtime.invoke(Invocation.builder(version, "counter.js", export, FunctionKind.QUERY)
                        .build())
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        return switch (result.outcome()) {
            case InvocationResult.Success s -> s.resultJson();
            case InvocationResult.Failure f -> "failed: " + f.message();
        };
    }

    private static CodeVersion version(String id) {
        return runtime.load("pool", id, Map.of("counter.js", COUNTER));
    }

    @Test
    void moduleTopLevel_runsOncePerContext() throws InterruptedException {
        CodeVersion v = version("once");
        assertThat(call(v, "count")).isEqualTo("1");
        assertThat(call(v, "count")).isEqualTo("2");
        assertThat(call(v, "count")).isEqualTo("3");
        assertThat(call(v, "importedAt")).isEqualTo(String.valueOf(v.importTimeMillis()));
        runtime.pool().awaitReturned(10_000);
        assertThat(runtime.pool().idle(v)).isEqualTo(1);
    }

    @Test
    void release_pastTheTotalCap_evictsTheLeastRecentlyUsed() throws InterruptedException {
        CodeVersion a = version("a");
        CodeVersion b = version("b");
        CodeVersion c = version("c");
        call(a, "count");
        call(b, "count");
        call(c, "count");

        runtime.pool().awaitReturned(10_000);
        assertThat(runtime.pool().idle(a)).isZero();
        assertThat(runtime.pool().idle(b)).isEqualTo(1);
        assertThat(runtime.pool().idle(c)).isEqualTo(1);
        assertThat(call(a, "count")).as("a runs again in a fresh context").isEqualTo("1");
    }

    @Test
    void nestedCallFromASyscall_onAOneThreadPool_runsInline() {
        CodeVersion v = version("nested");
        SyscallHandler nesting = new SyscallHandler() {
            @Override
            public String syscall(String op, String argsJson) {
                throw new SyscallException("no sync syscalls here");
            }

            @Override
            public CompletionStage<String> asyncSyscall(String op, String argsJson) {
                // What a nested ctx.runQuery does: call back into the runtime and wait, on the runtime's thread.
                String inner = runtime.invoke(Invocation.builder(v, "counter.js", "count", FunctionKind.QUERY)
                                                .build())
                                        .join()
                                        .outcome()
                                instanceof InvocationResult.Success s
                        ? s.resultJson()
                        : "failed";
                return CompletableFuture.completedFuture(JsonStrings.quote(inner));
            }
        };
        InvocationResult result = runtime.invoke(Invocation.builder(v, "counter.js", "nested", FunctionKind.QUERY)
                        .syscalls(nesting)
                        .build())
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        assertThat(result.outcome()).isEqualTo(new InvocationResult.Success("\"outer+1\""));
    }

    @Test
    void withEnvironment_newVariables_importAndCallSeeThemInContextsOfTheirOwn() {
        CodeVersion hello = runtime.load("pool", "env", Map.of("counter.js", COUNTER), Map.of("GREETING", "hello"));
        assertThat(call(hello, "greetings")).isEqualTo("[\"hello\",\"hello\"]");
        assertThat(call(hello, "count")).isEqualTo("1");

        CodeVersion hi = hello.withEnvironment(Map.of("GREETING", "hi"));
        assertThat(hi.versionId()).isEqualTo(hello.versionId());
        assertThat(hi.environment()).containsExactly(Map.entry("GREETING", "hi"));
        assertThat(call(hi, "greetings"))
                .as("module top level ran again with the new value")
                .isEqualTo("[\"hi\",\"hi\"]");
        assertThat(call(hi, "count"))
                .as("a fresh context, not the one imported under hello")
                .isEqualTo("1");
        assertThat(call(hello, "count"))
                .as("the old version keeps its own context")
                .isEqualTo("2");

        CodeVersion none = hi.withEnvironment(Map.of());
        assertThat(call(none, "greetings")).isEqualTo("[null,null]");
        assertThat(hello.withEnvironment(Map.of("GREETING", "hello"))).isSameAs(hello);
    }

    @Test
    void limitHit_retiresTheContext() {
        CodeVersion v = version("retire");
        assertThat(call(v, "count")).isEqualTo("1");
        assertThat(call(v, "spin")).startsWith("failed: Function execution timed out (maximum duration: 300ms");
        assertThat(runtime.pool().idle(v)).isZero();
        assertThat(call(v, "count")).as("a fresh context").isEqualTo("1");
        assertThat(runtime.watchdog().tracked()).isZero();
    }
}
