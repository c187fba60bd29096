package dev.slipway.isolate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Calls of the bundled test app (real {@code convex@1.48.0}) through the shared runtime. */
@Tag("node")
class JsRuntimeTest {
    private static final long NOW = 1_700_000_123_456L;

    static InvocationResult call(
            JsRuntime runtime,
            CodeVersion app,
            String module,
            String export,
            FunctionKind kind,
            String args,
            SyscallHandler syscalls) {
        return runtime.invoke(Invocation.builder(app, module, export, kind)
                        .argsJson(args)
                        .syscalls(syscalls)
                        .seed(42)
                        .nowMillis(NOW)
                        .requestId("req-1")
                        .build())
                .orTimeout(120, TimeUnit.SECONDS)
                .join();
    }

    static InvocationResult call(String module, String export, FunctionKind kind, String args) {
        return call(TestRuntimes.shared(), TestRuntimes.app(), module, export, kind, args, new FakeSyscalls());
    }

    static String success(InvocationResult result) {
        assertThat(result.outcome())
                .as("outcome (logs %s)", result.logLines())
                .isInstanceOf(InvocationResult.Success.class);
        return ((InvocationResult.Success) result.outcome()).resultJson();
    }

    static InvocationResult.Failure failure(InvocationResult result) {
        assertThat(result.outcome()).as("outcome").isInstanceOf(InvocationResult.Failure.class);
        return (InvocationResult.Failure) result.outcome();
    }

    @Test
    void info_testJvm_runsTheOptimizingRuntime() {
        assertThat(TestRuntimes.shared().info().mode()).isEqualTo(RuntimeInfo.Mode.OPTIMIZING);
        assertThat(TestRuntimes.shared().info().implementationName()).isNotEqualToIgnoringCase("Interpreted");
    }

    @Test
    void invokeMutationThenQuery_fakeStore_roundTripsDocuments() {
        FakeSyscalls store = new FakeSyscalls();
        String sent = success(call(
                TestRuntimes.shared(),
                TestRuntimes.app(),
                "messages.js",
                "send",
                FunctionKind.MUTATION,
                "[{\"channel\":\"general\",\"body\":\"hello\"}]",
                store));
        assertThat(sent).isEqualTo("{\"body\":\"hello\",\"id\":\"messages|1\"}");
        call(
                TestRuntimes.shared(),
                TestRuntimes.app(),
                "messages.js",
                "send",
                FunctionKind.MUTATION,
                "[{\"channel\":\"random\",\"body\":\"other\"}]",
                store);

        String listed = success(call(
                TestRuntimes.shared(),
                TestRuntimes.app(),
                "messages.js",
                "list",
                FunctionKind.QUERY,
                "[{\"channel\":\"general\"}]",
                store));

        assertThat(listed).isEqualTo("[{\"body\":\"hello\",\"channel\":\"general\"}]");
        assertThat(store.calls())
                .containsSubsequence("1.0/insert", "1.0/get", "1.0/queryStream", "1.0/queryStreamNext");
    }

    @Test
    void invoke_wrongKind_failsWithConvexWording() {
        InvocationResult.Failure f = failure(call("messages.js", "list", FunctionKind.MUTATION, "[{}]"));
        assertThat(f.message()).isEqualTo("Trying to execute messages:list as Mutation, but it is defined as Query.");
        assertThat(f.kind()).isEqualTo(InvocationResult.FailureKind.DEVELOPER);
    }

    @Test
    void invoke_missingExportOrModule_failsNamingIt() {
        assertThat(failure(call("messages.js", "nope", FunctionKind.QUERY, "[{}]"))
                        .message())
                .contains("messages:nope");
        assertThat(failure(call("nothing.js", "list", FunctionKind.QUERY, "[{}]"))
                        .message())
                .contains("nothing.js");
    }

    @Test
    void analyze_testApp_findsFunctionsRoutesSchemaAndCrons() {
        Analysis analysis = TestRuntimes.shared()
                .analyze(TestRuntimes.app())
                .orTimeout(120, TimeUnit.SECONDS)
                .join();

        Analysis.AnalyzedFunction list =
                analysis.function("messages.js", "list").orElseThrow();
        assertThat(list.kind()).isEqualTo(FunctionKind.QUERY);
        assertThat(list.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(list.argsJson())
                .contains(
                        "{\"type\":\"object\",\"value\":{\"channel\":{\"fieldType\":{\"type\":\"string\"},\"optional\":false}}}");
        assertThat(list.returnsJson()).hasValueSatisfying(r -> assertThat(r).startsWith("{\"type\":\"array\""));
        Analysis.AnalyzedFunction summary =
                analysis.function("messages.js", "summary").orElseThrow();
        assertThat(summary.visibility()).isEqualTo(Visibility.INTERNAL);
        assertThat(summary.argsJson()).contains("{\"type\":\"any\"}");
        assertThat(summary.returnsJson()).isEmpty();
        assertThat(analysis.function("messages.js", "send").orElseThrow().kind())
                .isEqualTo(FunctionKind.MUTATION);
        assertThat(analysis.function("actions.js", "fetchText").orElseThrow().kind())
                .isEqualTo(FunctionKind.ACTION);
        assertThat(analysis.functions()).noneMatch(f -> f.module().startsWith("_deps/"));
        assertThat(analysis.httpRoutes())
                .containsExactly(
                        new Analysis.HttpRoute("/echo", "POST"),
                        new Analysis.HttpRoute("/hello", "GET"),
                        new Analysis.HttpRoute("/files/*", "GET"));
        assertThat(analysis.schemaJson())
                .hasValueSatisfying(s -> assertThat(s)
                        .contains("\"tableName\":\"messages\"")
                        .contains("\"indexDescriptor\":\"by_channel\""));
        assertThat(analysis.cronsJson())
                .hasValueSatisfying(c -> assertThat(c).contains("\"tidy up\"").contains("\"name\":\"messages:send\""));
    }

    @Test
    void analyze_moduleThrowingAtImport_failsNamingTheModule() {
        CodeVersion broken = TestRuntimes.shared()
                .load(
                        "test",
                        "broken",
                        Map.of(
                                "good.js", "export const x = 1;",
                                "bad.js",
                                        "const boom = () => { throw new Error('no config'); };\nboom();\nexport const y = 2;"));

        assertThatThrownBy(() -> TestRuntimes.shared().analyze(broken).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(IsolateException.class)
                .hasMessageContaining("Failed to load bad.js: Uncaught Error: no config")
                .hasMessageContaining("bad.js:1");
    }

    @Test
    void load_pathOutsideTheFunctionsDirectory_isRefused() {
        for (String path : List.of("../x.js", "/abs.js", "a/./b.js", "x.ts", "a//b.js")) {
            assertThatThrownBy(() -> TestRuntimes.shared().load("test", "v", Map.of(path, "")))
                    .as(path)
                    .isInstanceOf(IsolateException.class)
                    .hasMessageContaining(path);
        }
    }

    @Test
    void invoke_convexError_keepsItsData() {
        InvocationResult.Failure f = failure(call("behaviour.js", "convexError", FunctionKind.QUERY, "[{}]"));
        assertThat(f.kind()).isEqualTo(InvocationResult.FailureKind.DEVELOPER);
        assertThat(f.message()).startsWith("Uncaught ConvexError: {");
        assertThat(f.errorDataJson())
                .contains("{\"code\":\"NotAllowed\",\"limit\":{\"$integer\":\"AwAAAAAAAAA=\"},\"tags\":[\"a\",\"b\"]}");

        InvocationResult.Failure s = failure(call("behaviour.js", "convexErrorString", FunctionKind.MUTATION, "[{}]"));
        assertThat(s.message()).isEqualTo("Uncaught ConvexError: plain message");
        assertThat(s.errorDataJson()).contains("\"plain message\"");
    }

    @Test
    void invoke_thrownError_isUncaughtWithModuleStack() {
        InvocationResult.Failure f = failure(call("behaviour.js", "plainError", FunctionKind.QUERY, "[{}]"));
        assertThat(f.message()).isEqualTo("Uncaught Error: something broke");
        assertThat(f.errorDataJson()).isEmpty();
        assertThat(f.stack()).startsWith("    at deeper (behaviour.js:").doesNotContain("slipway-runtime");
    }

    @Test
    void console_values_renderLikeConvexRuntime() {
        InvocationResult result = call("behaviour.js", "logs", FunctionKind.QUERY, "[{}]");
        assertThat(success(result)).isEqualTo("\"hello\"");
        assertThat(result.logLines().stream().map(LogLine::render))
                .containsExactly(
                        "[LOG] 'hi' 1 true null undefined",
                        "[INFO] {\n  a: 1,\n  nested: {\n    s: 'x',\n    list: [ 1, 'two' ]\n  }\n}",
                        "[WARN] [ 1, 2, 3 ] 'it\\'s'",
                        "[ERROR] [Error: bad thing]",
                        "[DEBUG] 10n -0 Symbol(s) [Function: named] Map (1) {\n  'k' => 1\n}");
    }

    @Test
    void console_tooManyAndTooLongLines_areCappedLikeConvex() {
        InvocationResult many = call("behaviour.js", "manyLogs", FunctionKind.QUERY, "[{\"lines\":300,\"width\":3}]");
        assertThat(many.logLines()).hasSize(256);
        assertThat(many.logLines().getLast().render())
                .isEqualTo("[ERROR] Log overflow (maximum 256). Remaining log lines omitted.");

        InvocationResult wide = call("behaviour.js", "manyLogs", FunctionKind.QUERY, "[{\"lines\":1,\"width\":40000}]");
        String text = wide.logLines().getFirst().text();
        assertThat(text).endsWith(" (truncated due to length)");
        assertThat(text.getBytes(StandardCharsets.UTF_8).length)
                .isEqualTo(32_768 + " (truncated due to length)".length());
    }

    @Test
    void determinism_sameSeedAndTime_sameRandomAndFrozenDate() {
        String first = success(call("behaviour.js", "determinism", FunctionKind.QUERY, "[{}]"));
        String second = success(call("behaviour.js", "determinism", FunctionKind.QUERY, "[{}]"));
        assertThat(second).isEqualTo(first);
        assertThat(first)
                .contains("\"now\":1700000123456")
                .contains("\"iso\":\"2023-11-14T22:15:23.456Z\"")
                .contains("\"perf\":0")
                .contains("\"called\":\"Tue Nov 14 2023 22:15:23 GMT+0000");

        String otherSeed = success(TestRuntimes.shared()
                .invoke(Invocation.builder(TestRuntimes.app(), "behaviour.js", "determinism", FunctionKind.QUERY)
                        .seed(43)
                        .nowMillis(NOW)
                        .build())
                .join());
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void env_processEnv_readsTheVersionsVariables() {
        assertThat(success(call("behaviour.js", "env", FunctionKind.QUERY, "[{}]")))
                .isEqualTo("{\"missing\":true,\"secret\":\"s3cret\"}");
    }

    @Test
    void queries_fetchAndTimers_failWithConvexErrors() {
        assertThat(failure(call("limits.js", "fetchInQuery", FunctionKind.QUERY, "[{}]"))
                        .message())
                .isEqualTo(
                        "Uncaught Error: Can't use fetch() in queries and mutations. Please consider using an action."
                                + " See https://docs.convex.dev/functions/actions for more details.");
        assertThat(failure(call("limits.js", "sleepInQuery", FunctionKind.QUERY, "[{}]"))
                        .message())
                .startsWith("Uncaught Error: Can't use setTimeout in queries and mutations.");
    }

    @Test
    void action_timerAndSyscallCompletedOnAnotherThread_runsToTheEnd() {
        FakeSyscalls store = new FakeSyscalls();
        store.put("messages", "general", "first");
        InvocationResult result = call(
                TestRuntimes.shared(),
                TestRuntimes.app(),
                "actions.js",
                "sleepThenQuery",
                FunctionKind.ACTION,
                "[{\"channel\":\"general\",\"ms\":30}]",
                store);

        assertThat(success(result))
                .isEqualTo(
                        "{\"order\":[\"timer\",\"query\"],\"random\":\"number\",\"rows\":[{\"body\":\"first\",\"channel\":"
                                + "\"general\"}],\"waited\":true}");
        assertThat(store.threads).containsExactly("fake-syscalls");
    }

    @Test
    void action_nestedCallFailsWithConvexError_rejectsWithData() {
        assertThat(success(call("actions.js", "failingCall", FunctionKind.ACTION, "[{}]")))
                .isEqualTo(
                        "{\"data\":\"plain message\",\"message\":\"Uncaught ConvexError: plain message\",\"name\":\"ConvexError\"}");
    }

    @Test
    void action_fetch_reachesALocalServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ping", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String answer = exchange.getRequestMethod() + " " + new String(request, StandardCharsets.UTF_8) + " "
                    + exchange.getRequestHeaders().getFirst("x-test");
            exchange.getResponseHeaders().add("content-type", "text/plain");
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ping";
            assertThat(success(call("actions.js", "fetchText", FunctionKind.ACTION, "[{\"url\":\"" + url + "\"}]")))
                    .isEqualTo("{\"status\":200,\"text\":\"POST ping yes\",\"type\":\"text/plain\"}");
        } finally {
            server.stop(0);
        }
    }

    static HttpActionResult http(String method, String url, String body, HttpHeader... headers) {
        return TestRuntimes.shared()
                .invokeHttp(new HttpInvocation(
                        TestRuntimes.app(),
                        method,
                        URI.create(url),
                        List.of(headers),
                        body.getBytes(StandardCharsets.UTF_8),
                        new FakeSyscalls(),
                        "req-http"))
                .orTimeout(120, TimeUnit.SECONDS)
                .join();
    }

    static HttpActionResult.Response response(HttpActionResult result) {
        assertThat(result.outcome())
                .as("outcome (logs %s)", result.logLines())
                .isInstanceOf(HttpActionResult.Response.class);
        return (HttpActionResult.Response) result.outcome();
    }

    @Test
    void invokeHttp_routedRequests_returnTheirResponses() {
        HttpActionResult.Response hello = response(http("GET", "https://app.example/hello?name=ada", ""));
        assertThat(hello.status()).isEqualTo(200);
        assertThat(new String(hello.body(), StandardCharsets.UTF_8)).isEqualTo("hello ada");
        assertThat(hello.headers()).contains(new HttpHeader("content-type", "text/plain"));

        HttpActionResult.Response echo =
                response(http("POST", "https://app.example/echo", "payload", new HttpHeader("X-Echo", "back")));
        assertThat(echo.status()).isEqualTo(201);
        assertThat(new String(echo.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"body\":\"payload\",\"header\":\"back\"}");
    }

    @Test
    void invokeHttp_unroutedPath_answers404() {
        HttpActionResult.Response missing = response(http("GET", "https://app.example/nowhere", ""));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).isEqualTo("No HttpAction routed for /nowhere");
    }

    @Test
    void invokeHttp_throwingHandler_fails() {
        HttpActionResult result = http("GET", "https://app.example/files/a.txt", "");
        assertThat(result.outcome()).isInstanceOf(InvocationResult.Failure.class);
        assertThat(((InvocationResult.Failure) result.outcome()).message()).isEqualTo("Uncaught Error: no files here");
    }

    @Test
    void prewarm_builtInWorkload_runsWithoutFailures() throws InterruptedException {
        try (JsRuntime runtime = JsRuntime.create(
                RuntimeOptions.builder().threads(1).prewarmInvocations(60).build())) {
            runtime.prewarm();
            assertThat(runtime.prewarmed().orTimeout(120, TimeUnit.SECONDS).join())
                    .isEqualTo(60);
            runtime.pool().awaitReturned(10_000);
            assertThat(runtime.pool().idle()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void invoke_unknownVersion_isRefused() {
        try (JsRuntime other = JsRuntime.create(
                RuntimeOptions.builder().threads(1).prewarmInvocations(0).build())) {
            CodeVersion foreign = other.load("test", "v", Map.of("a.js", "export const a = 1;"));
            assertThatThrownBy(() -> TestRuntimes.shared()
                            .invoke(Invocation.builder(foreign, "a.js", "a", FunctionKind.QUERY)
                                    .build())
                            .join())
                    .cause()
                    .isInstanceOf(IsolateException.class)
                    .hasMessageContaining("not loaded by this runtime");
        }
    }
}
