package dev.slipway.integration.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fixture app ({@code src/test/fixture-app}): its bundled modules, and the scenario generator and
 * {@code convex-test} oracle that come with it (see the README there). Bundled once per JVM.
 */
final class FixtureApp {
    static final Path DIR = Path.of("src/test/fixture-app").toAbsolutePath();
    private static final Path BUNDLE = Path.of("target/fixture-bundle").toAbsolutePath();

    private static Map<String, String> modules = Map.of();

    private FixtureApp() {}

    /** Module path ({@code "messages.js"}) to bundled source, as a push delivers them. */
    static synchronized Map<String, String> modules() {
        if (modules.isEmpty()) {
            NodeTools.npmCi(DIR);
            NodeTools.run(DIR, List.of("node", "bundle.mjs", BUNDLE.toString()), 300);
            modules = read(BUNDLE);
        }
        return modules;
    }

    /** The scenario {@code gen-scenarios.mjs} makes for {@code seed}, as JSON text. */
    static String scenario(long seed, int calls) {
        NodeTools.npmCi(DIR);
        return NodeTools.run(
                DIR, List.of("node", "gen-scenarios.mjs", Long.toString(seed), Integer.toString(calls)), 120);
    }

    /** The oracle's result lines for a scenario (one JSON object per call). */
    static List<String> oracle(String scenarioJson) {
        try {
            Path file = Files.createTempFile("slipway-scenario", ".json");
            try {
                Files.writeString(file, scenarioJson);
                return NodeTools.run(DIR, List.of("node", "oracle.mjs", file.toString()), 300)
                        .lines()
                        .filter(line -> !line.isBlank())
                        .toList();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> read(Path root) {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                result.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle in " + root, e);
        }
        if (result.isEmpty()) {
            throw new IllegalStateException("bundle.mjs wrote no modules to " + root);
        }
        return Map.copyOf(result);
    }
}
