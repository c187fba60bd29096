package dev.slipway.isolate;

import static dev.slipway.isolate.JsRuntimeTest.call;
import static dev.slipway.isolate.JsRuntimeTest.failure;
import static dev.slipway.isolate.JsRuntimeTest.success;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sandbox-escape corpus ({@code src/test/js/convex/escapes.ts}): every attempt must fail cleanly,
 * as a JavaScript error the function itself can catch, with no Java class name in sight.
 */
@Tag("node")
class EscapeCorpusTest {
    /** A Java (or GraalVM) class name: what must never reach JavaScript or a caller. */
    private static final Pattern JAVA_CLASS =
            Pattern.compile("\\b(java|javax|jdk|sun|com\\.oracle|org\\.graalvm)\\.[a-z]");

    static Stream<String> attempts() {
        String names = success(call("escapes.js", "attemptNames", FunctionKind.QUERY, "[{}]"));
        return Stream.of(names.substring(2, names.length() - 2).split("\",\""));
    }

    @Test
    void corpus_hasTheExpectedAttempts() {
        assertThat(attempts().toList())
                .contains(
                        "javaType",
                        "polyglotEval",
                        "load",
                        "require",
                        "importAbsolute",
                        "importFileUrl",
                        "javaViaConstructorChain",
                        "hiddenGlobals",
                        "overwriteSyscall",
                        "fetchFileInQuery")
                .hasSizeGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest
    @MethodSource("attempts")
    void attempt_inAQuery_isBlockedWithoutJavaNames(String name) {
        InvocationResult result = call("escapes.js", "attempt", FunctionKind.QUERY, "[{\"name\":\"" + name + "\"}]");
        String outcome = success(result);
        assertThat(outcome).as(name).startsWith("\"blocked: ");
        assertThat(JAVA_CLASS.matcher(outcome).find())
                .as("%s leaks a Java class name: %s", name, outcome)
                .isFalse();
    }

    @Test
    void fetchOfAFileUrl_inAnAction_isBlocked() {
        String outcome = success(call("escapes.js", "fetchFileInAction", FunctionKind.ACTION, "[{}]"));
        assertThat(outcome)
                .isEqualTo(
                        "\"blocked: TypeError: fetch failed: URL scheme 'file:' is not supported (only http: and https:)\"");
    }

    @Test
    void pollutionOfSharedState_doesNotReachTheNextCall() {
        String clean = success(call("escapes.js", "inspectState", FunctionKind.QUERY, "[{}]"));
        assertThat(success(call("escapes.js", "pollute", FunctionKind.MUTATION, "[{}]")))
                .isEqualTo("\"polluted\"");

        InvocationResult after = call("escapes.js", "inspectState", FunctionKind.QUERY, "[{}]");

        assertThat(success(after)).isEqualTo(clean);
        assertThat(clean)
                .contains("\"polluted\":null")
                .contains("\"includes\":false")
                .contains("\"now\":1700000123456")
                .contains("\"leaked\":null");
        assertThat(after.logLines()).extracting(LogLine::render).containsExactly("[LOG] 'still logging'");
    }

    @Test
    void syscallHandlerBug_failsTheCallAsSystemErrorWithoutClassNames() {
        SyscallHandler buggy = new SyscallHandler() {
            @Override
            public String syscall(String op, String argsJson) {
                throw new NullPointerException("handler bug in " + op);
            }

            @Override
            public CompletionStage<String> asyncSyscall(String op, String argsJson) {
                throw new IllegalStateException("handler bug in " + op);
            }
        };
        InvocationResult result = call(
                TestRuntimes.shared(),
                TestRuntimes.app(),
                "messages.js",
                "list",
                FunctionKind.QUERY,
                "[{\"channel\":\"x\"}]",
                buggy);
        InvocationResult.Failure f = failure(result);
        assertThat(f.kind()).isEqualTo(InvocationResult.FailureKind.SYSTEM);
        assertThat(f.message()).contains("Internal server error").contains("1.0/queryStream");
        assertThat(JAVA_CLASS.matcher(f.message() + f.stack()).find()).isFalse();
        assertThat(f.message()).doesNotContain("NullPointerException");
    }
}
