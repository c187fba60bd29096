package dev.slipway.isolate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Console lines render as Convex's runtime renders them: every value of {@code inspect-corpus.js} is
 * logged in Slipway's runtime and compared with the real {@code object-inspect} under Node ({@code
 * inspect-oracle.mjs}, run with {@code TZ=UTC} as Convex pins it). The printer is an action so a
 * cold engine's first rendering of the 40,000-character string is not cut short by a query's 1 s.
 */
@Tag("node")
class ConsoleFormatTest {
    private static final String PRINTER = """
            import { values } from "./inspect-corpus.js";
            export const print = Object.assign(() => {}, {
              isAction: true,
              isPublic: true,
              exportArgs: () => '{"type":"any"}',
              exportReturns: () => "null",
              invokeAction: async () => {
                for (const value of values()) console.log(value);
                return "null";
              },
            });
            """;

    @Test
    void console_corpus_rendersLikeObjectInspect() throws IOException, InterruptedException {
        TestBundle.modules(); // installs node_modules (object-inspect) when needed
        List<String> expected = oracle();
        JsRuntime runtime = TestRuntimes.shared();
        CodeVersion version = runtime.load(
                "test",
                "console",
                Map.of(
                        "inspect-corpus.js",
                        Files.readString(TestBundle.JS_DIR.resolve("inspect-corpus.js")),
                        "print.js",
                        PRINTER));

        InvocationResult result = runtime.invoke(Invocation.builder(version, "print.js", "print", FunctionKind.ACTION)
                        .build())
                .orTimeout(120, TimeUnit.SECONDS)
                .join();

        assertThat(result.outcome()).isInstanceOf(InvocationResult.Success.class);
        List<String> actual = result.logLines().stream().map(LogLine::text).toList();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("corpus value %d", i).isEqualTo(LogSink.truncate(expected.get(i)));
        }
    }

    private static List<String> oracle() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", "inspect-oracle.mjs").directory(TestBundle.JS_DIR.toFile());
        builder.environment().put("TZ", "UTC");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("node inspect-oracle.mjs failed: " + new String(err, StandardCharsets.UTF_8));
        }
        List<String> rendered = new ArrayList<>();
        for (Value v : ((Value.Array) ConvexJson.decode(new String(out, StandardCharsets.UTF_8))).elements()) {
            rendered.add(((Value.Str) v).value());
        }
        return rendered;
    }
}
