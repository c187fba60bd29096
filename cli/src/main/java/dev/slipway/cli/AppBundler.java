package dev.slipway.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Bundles an app's functions for a push: every file {@link App#pushedFiles()} lists becomes one
 * self-contained ES module ({@code messages.ts} → {@code messages.js}, {@code convex/server} and
 * {@code convex/values} inlined, no imports left), built by the esbuild in the app's own {@code
 * node_modules} through {@code bundle-driver.mjs}.
 *
 * <p>The settings are those the server's runtime is tested with (the fixture app's {@code
 * bundle.mjs} in integration-tests): {@code format: esm}, {@code platform: neutral}, {@code target:
 * esnext}, conditions {@code convex} and {@code module}, main fields {@code module} and {@code main},
 * no code splitting, {@code keepNames}, and {@code process.env.NODE_ENV} defined as {@code
 * "production"}, as {@code npx convex} does.
 */
final class AppBundler {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /**
     * A bundled app.
     *
     * @param modules module path ({@code admin/stats.js}) to bundled source, sorted by path (natural
     *     {@code String} order, as the server sorts them)
     * @param warnings esbuild's warnings, one line each
     */
    record Bundle(SortedMap<String, String> modules, List<String> warnings) {
        Bundle {
            // as a Map, so that the copy is in the paths' natural order whatever the argument's comparator
            modules = new TreeMap<>((Map<String, String>) modules);
            warnings = List.copyOf(warnings);
        }

        /**
         * The id the server gives a push of these modules, known before the push so that {@code deploy
         * --cmd} can hand the build the version's pinned URL: the first 12 hex digits of SHA-256 over
         * the modules in path order, each as its UTF-8 path, a zero byte, its UTF-8 source and a zero
         * byte. It must stay the server's algorithm ({@code CodePush.versionId} in the application
         * module); {@code DeployPinnedUrlTest} compares the two on a real push.
         */
        String versionId() {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
            for (Map.Entry<String, String> module : modules.entrySet()) {
                sha.update(module.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(module.getValue().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        }
    }

    private AppBundler() {}

    /**
     * Bundles {@code app}.
     *
     * @throws CliException when {@code node_modules} lacks convex or esbuild ("run npm install"), or
     *     esbuild refuses the code (each error with its file, line, column and message)
     */
    static Bundle bundle(App app) {
        app.requireFunctionsDir();
        app.requireInstalledPackages();
        List<String> files = app.pushedFiles();
        if (files.isEmpty()) {
            throw CliException.failed("no functions to push: " + app.functionsName() + "/ has no .ts or .js modules");
        }
        checkUniqueModulePaths(app, files);
        Json.Obj input = Json.object()
                .put("appDir", app.dir().toString())
                .put("functionsDir", app.functionsDir().toString())
                .put("files", Json.array(files.stream().map(Json.Str::new).toList()));
        Subprocess.Result result = Subprocess.capture(
                List.of("node", NodeScript.extract("bundle-driver.mjs").toString()),
                app.dir(),
                Map.of(),
                input.text(),
                TIMEOUT);
        if (result.exitCode() != 0) {
            throw CliException.failed("bundling failed: the bundler driver exited with code " + result.exitCode()
                    + ":\n" + result.stderr().strip());
        }
        return interpret(app, Json.parse(result.stdout()));
    }

    private static Bundle interpret(App app, Json answer) {
        if (answer.get("missing").isPresent()) {
            throw CliException.failed(answer.string("message").orElse("a package is missing") + ": run npm install in "
                    + app.dir() + " (convex brings esbuild with it)");
        }
        List<String> warnings =
                answer.array("warnings").stream().map(m -> format(m)).toList();
        List<Json> errors = answer.array("errors");
        if (!errors.isEmpty()) {
            List<String> lines = new ArrayList<>();
            errors.forEach(e -> lines.add(format(e)));
            throw CliException.failed("esbuild could not bundle " + app.functionsName() + "/ ("
                    + errors.size() + (errors.size() == 1 ? " error" : " errors") + "):\n"
                    + String.join("\n", lines));
        }
        SortedMap<String, String> modules = new TreeMap<>();
        answer.get("modules").ifPresent(m -> {
            if (m instanceof Json.Obj obj) {
                obj.fields()
                        .forEach((path, source) -> modules.put(path, source instanceof Json.Str s ? s.value() : ""));
            }
        });
        return new Bundle(modules, warnings);
    }

    /** {@code convex/messages.ts:3:10: text}, with the source line and esbuild's notes under it. */
    static String format(Json m) {
        StringBuilder out = new StringBuilder();
        out.append(m.string("file").orElse("<bundle>"));
        m.number("line").ifPresent(line -> out.append(':').append(line.text()));
        m.number("column").ifPresent(column -> out.append(':').append(column.text()));
        out.append(": ").append(m.string("text").orElse(""));
        m.string("lineText")
                .filter(t -> !t.isBlank())
                .ifPresent(t -> out.append("\n    | ").append(t.strip()));
        for (Json note : m.array("notes")) {
            if (note instanceof Json.Str s) {
                out.append("\n    note: ").append(s.value());
            }
        }
        return out.toString();
    }

    private static void checkUniqueModulePaths(App app, List<String> files) {
        Map<String, String> seen = new TreeMap<>();
        for (String file : files) {
            String previous = seen.put(App.modulePath(file), file);
            if (previous != null) {
                throw CliException.failed(app.functionsName() + "/" + previous + " and " + app.functionsName() + "/"
                        + file + " would both be pushed as " + App.modulePath(file) + "; rename one");
            }
        }
    }
}
