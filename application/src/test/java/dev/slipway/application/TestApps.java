package dev.slipway.application;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The small apps in {@code src/test/js/apps} (the notes app version by version, and an app that reads
 * {@code process.env}), bundled with the real {@code convex@1.48.0} once per JVM. Runs {@code npm ci}
 * when {@code node_modules} is missing or older than the lockfile. Fails, never skips, when {@code
 * node} or {@code npm} is missing.
 */
final class TestApps {
    private static final Path DIR = Path.of("src/test/js").toAbsolutePath();
    private static final Path OUT = Path.of("target/test-apps").toAbsolutePath();
    private static final Map<String, Map<String, String>> APPS = new HashMap<>();

    private TestApps() {}

    /** Module path to bundled source of app {@code name} ({@code "notes-v1"}). */
    static synchronized Map<String, String> modules(String name) {
        if (APPS.isEmpty()) {
            build();
        }
        Map<String, String> modules = APPS.get(name);
        if (modules == null) {
            throw new IllegalArgumentException(
                    "no test app " + name + " in " + DIR.resolve("apps") + " (has " + APPS.keySet() + ")");
        }
        return modules;
    }

    private static void build() {
        try {
            Path marker = DIR.resolve("node_modules/.package-lock.json");
            Path lock = DIR.resolve("package-lock.json");
            if (!Files.exists(marker)
                    || Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) < 0) {
                run(List.of("npm", "ci", "--no-audit", "--no-fund"));
            }
            run(List.of("node", "bundle.mjs", OUT.toString()));
            try (Stream<Path> apps = Files.list(OUT)) {
                for (Path app : apps.filter(Files::isDirectory).toList()) {
                    Map<String, String> modules = new TreeMap<>();
                    try (Stream<Path> files = Files.list(app)) {
                        for (Path file :
                                files.filter(f -> f.toString().endsWith(".js")).toList()) {
                            modules.put(file.getFileName().toString(), Files.readString(file));
                        }
                    }
                    APPS.put(app.getFileName().toString(), Map.copyOf(modules));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bundling the test apps in " + DIR, e);
        }
    }

    private static void run(List<String> command) {
        try {
            Path log = Files.createTempFile("slipway-application-node", ".log");
            Process process = new ProcessBuilder(command)
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 300 s");
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " in " + DIR + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            fail("cannot run " + command + " (the application tests bundle their apps with Node.js and npm, which"
                    + " must be on the PATH): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
