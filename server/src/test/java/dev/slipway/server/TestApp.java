package dev.slipway.server;

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

/**
 * The tiny Convex app in {@code src/test/js} bundled with the real {@code convex} package, once per
 * JVM; Node and npm must be installed (a missing one fails the test, never skips it).
 */
final class TestApp {
    private static final Path DIR = Path.of("src/test/js").toAbsolutePath();
    private static final Path BUNDLE = Path.of("target/test-bundle").toAbsolutePath();
    private static Map<String, String> modules = Map.of();

    private TestApp() {}

    /** Module path to bundled source. */
    static synchronized Map<String, String> modules() {
        if (modules.isEmpty()) {
            if (!Files.exists(DIR.resolve("node_modules/.package-lock.json"))) {
                run(List.of("npm", "ci", "--no-audit", "--no-fund"));
            }
            run(List.of("node", "bundle.mjs", BUNDLE.toString()));
            modules = read();
        }
        return modules;
    }

    /** The push body for the app's modules. */
    static String pushBody() {
        return JsonOut.object(o -> o.objectField("modules", m -> modules().forEach(m::field)));
    }

    private static Map<String, String> read() {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> files = Files.list(BUNDLE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                result.put(file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(result);
    }

    private static void run(List<String> command) {
        try {
            Path log = Files.createTempFile("slipway-server-node", ".log");
            Process process = new ProcessBuilder(command)
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 300 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " in " + DIR + " failed (exit " + process.exitValue() + "):\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + " (are node and npm on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
