package dev.slipway.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The function-runtime benchmark app ({@code benchmarks/src/main/js}) bundled with the real {@code
 * convex@1.48.0} and the esbuild it installs, the way {@code bundle.mjs} does for both sides, plus
 * the table its query reads.
 *
 * <p>{@link #build()} finds the app's directory (the system property {@code slipway.benchmarks.js},
 * else {@code benchmarks/src/main/js} or {@code src/main/js} under the working directory, so run the
 * benchmarks from the repository root), runs {@code npm ci} when {@code node_modules} is missing or
 * older than the lockfile, and bundles into {@code benchmarks/target/runtime-app}. Node.js and npm
 * must be on the PATH; their absence is an error, never a skip.
 *
 * @param modules module path ({@code "bench.js"}, {@code "_deps/…js"}) to source
 * @param documents the {@code docs} table: one Convex-JSON document text per row, in table order
 */
public record BenchmarkApp(Map<String, String> modules, List<String> documents) {
    /** The module with the benchmark's functions. */
    public static final String MODULE = "bench.js";

    private static final String CONVEX_VERSION = "1.48.0";
    private static final String JS_DIR_PROPERTY = "slipway.benchmarks.js";

    public BenchmarkApp {
        modules = Map.copyOf(modules);
        documents = List.copyOf(documents);
    }

    /** Installs (when needed) and bundles the app, and reads the bundle and the table. */
    public static BenchmarkApp build() {
        Path js = jsDirectory();
        Path out = js.resolve("../../../target/runtime-app").normalize();
        try {
            installIfStale(js);
            run(js, List.of("node", "bundle.mjs", out.toString()), 120);
            return new BenchmarkApp(readModules(out.resolve("modules")), readDocuments(out.resolve("docs.jsonl")));
        } catch (IOException e) {
            throw new UncheckedIOException("bundling the benchmark app in " + js, e);
        }
    }

    /** The app's directory (with {@code package.json} and {@code bundle.mjs}), absolute. */
    public static Path jsDirectory() {
        Optional<String> configured = Optional.ofNullable(System.getProperty(JS_DIR_PROPERTY));
        List<Path> candidates = configured
                .map(dir -> List.of(Path.of(dir)))
                .orElse(List.of(Path.of("benchmarks/src/main/js"), Path.of("src/main/js")));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("bundle.mjs"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("The benchmark app (bundle.mjs) is not in " + candidates + " under "
                + Path.of("").toAbsolutePath() + ": run the benchmarks from the repository root, or set -D"
                + JS_DIR_PROPERTY + "=<path to benchmarks/src/main/js>");
    }

    /** Runs {@code npm ci} in {@code js} unless its installed convex matches the lockfile already. */
    static void installIfStale(Path js) throws IOException {
        Path marker = js.resolve("node_modules/.package-lock.json");
        Path installed = js.resolve("node_modules/convex/package.json");
        boolean fresh = Files.exists(marker)
                && Files.exists(installed)
                && Files.getLastModifiedTime(marker)
                                .compareTo(Files.getLastModifiedTime(js.resolve("package-lock.json")))
                        >= 0
                && Files.readString(installed).contains("\"version\": \"" + CONVEX_VERSION + "\"");
        if (!fresh) {
            run(js, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
    }

    private static Map<String, String> readModules(Path dir) throws IOException {
        Map<String, String> modules = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                modules.put(dir.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        }
        if (!modules.containsKey(MODULE)) {
            throw new IllegalStateException("bundle.mjs wrote no " + MODULE + " to " + dir);
        }
        return modules;
    }

    private static List<String> readDocuments(Path file) throws IOException {
        List<String> documents = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isEmpty())
                .toList();
        if (documents.isEmpty()) {
            throw new IllegalStateException("bundle.mjs wrote no documents to " + file);
        }
        return documents;
    }

    /**
     * Runs {@code command} in {@code dir} and answers its output; fails naming the command, the directory
     * and the output unless it exits 0 within {@code timeoutSeconds}.
     */
    static String run(Path dir, List<String> command, int timeoutSeconds) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "'" + command.getFirst() + "' was not found on the PATH; the function-runtime benchmarks need"
                            + " Node.js (>= 20) and npm to bundle their app with the real convex package: "
                            + e.getMessage(),
                    e);
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", command) + " in " + dir + " did not finish within " + timeoutSeconds + " s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " in " + dir + " exited with "
                        + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the output of " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
