package dev.slipway.isolate;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The test app in {@code src/test/js} bundled with the real {@code convex@1.48.0} (pinned in its
 * package.json and lockfile) and the esbuild it installs, once per JVM. Runs {@code npm ci} when
 * {@code node_modules} is missing or older than the lockfile. Fails, never skips, when {@code node} or
 * {@code npm} is missing.
 */
final class TestBundle {
    static final Path JS_DIR = Path.of("src/test/js");
    private static final String CONVEX_VERSION = "1.48.0";
    private static @Nullable Map<String, String> modules;

    private TestBundle() {}

    /** Module path to source of the bundled test app. */
    static synchronized Map<String, String> modules() {
        Map<String, String> built = modules;
        if (built == null) {
            built = build();
            modules = built;
        }
        return built;
    }

    private static Map<String, String> build() {
        try {
            requireTool("node");
            requireTool("npm");
            Path marker = JS_DIR.resolve("node_modules/.package-lock.json");
            Path installed = JS_DIR.resolve("node_modules/convex/package.json");
            Path lock = JS_DIR.resolve("package-lock.json");
            boolean fresh = Files.exists(marker)
                    && Files.exists(installed)
                    && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0
                    && Files.readString(installed).contains("\"version\": \"" + CONVEX_VERSION + "\"");
            if (!fresh) {
                run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            }
            Path out = Path.of("target/test-bundle").toAbsolutePath();
            deleteRecursively(out);
            run(List.of("node", "bundle.mjs", out.toString()), 120);
            Map<String, String> result = new TreeMap<>();
            try (Stream<Path> files = Files.walk(out)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    result.put(out.relativize(file).toString().replace('\\', '/'), Files.readString(file));
                }
            }
            return Map.copyOf(result);
        } catch (IOException e) {
            throw new UncheckedIOException("bundling the test app in " + JS_DIR.toAbsolutePath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while bundling the test app", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p :
                    files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void requireTool(String tool) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(tool, "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail("'" + tool + " --version' failed; the isolate tests bundle their test app with Node.js and npm");
            }
        } catch (IOException e) {
            fail("'" + tool + "' was not found on the PATH; the isolate tests need Node.js and npm to bundle their"
                    + " test app with the real convex package: " + e.getMessage());
        }
    }

    /** Runs {@code command} in the test app's directory; fails the test with its output unless it exits 0. */
    static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(JS_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " in " + JS_DIR.toAbsolutePath() + " exited with " + process.exitValue()
                    + ":\n" + new String(output, StandardCharsets.UTF_8));
        }
    }
}
