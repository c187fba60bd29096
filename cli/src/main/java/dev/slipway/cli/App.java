package dev.slipway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Convex app on disk: its directory (with {@code package.json}, {@code node_modules} and {@code
 * .env.local}) and its functions directory, {@code convex/} unless {@code convex.json} names another
 * ({@code "functions": "src/convex"}).
 *
 * <p>It knows which files are modules, by the rules {@code npx convex} applies, so codegen and the
 * bundler agree: files with a JS or TS extension, except {@code _generated/}, dotfiles, editor
 * backups ({@code #...}), names with more than one dot (so {@code *.d.ts}, {@code *.test.ts}, {@code
 * auth.config.ts}), paths with a space, directories holding a component ({@code convex.config.ts}),
 * and TypeScript files with no import or export. {@code schema} is a module of the push but not of
 * the API; {@code auth.config} is pushed as {@code auth.config.js}.
 */
final class App {
    private static final List<String> EXTENSIONS =
            List.of(".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx");
    private static final Pattern HAS_IMPORT_OR_EXPORT = Pattern.compile("(?m)^\\s{0,100}(import|export)");

    private final Path dir;
    private final Path functionsDir;

    private App(Path dir, Path functionsDir) {
        this.dir = dir;
        this.functionsDir = functionsDir;
    }

    /** The app in {@code dir}; its functions directory need not exist yet. */
    static App at(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return new App(root, root.resolve(functionsFolder(root)).normalize());
    }

    /** The app directory. */
    Path dir() {
        return dir;
    }

    /** The functions directory, {@code <dir>/convex} by default. */
    Path functionsDir() {
        return functionsDir;
    }

    /** The functions directory as the user would type it from the app directory ({@code convex}). */
    String functionsName() {
        return dir.relativize(functionsDir).toString().replace('\\', '/');
    }

    /** {@code path} relative to the app directory, with forward slashes, for messages. */
    String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(dir) ? dir.relativize(absolute).toString().replace('\\', '/') : absolute.toString();
    }

    /** Fails unless the functions directory exists. */
    void requireFunctionsDir() {
        if (!Files.isDirectory(functionsDir)) {
            throw CliException.failed("no functions directory " + functionsDir + ": this does not look like a Convex"
                    + " app (run `slipway init` to create one, or pass --app-dir DIR)");
        }
    }

    /**
     * Fails with "run npm install" unless {@code node_modules} holds the {@code convex} package that
     * the bundles are built from.
     */
    void requireInstalledPackages() {
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw CliException.failed("no node_modules in " + dir + ": run npm install in " + dir
                    + " (the app's own esbuild and convex packages bundle its functions)");
        }
        if (!Files.isRegularFile(dir.resolve("node_modules/convex/package.json"))) {
            throw CliException.failed("the convex package is not installed in " + dir.resolve("node_modules")
                    + ": run npm install in " + dir + " (package.json needs \"convex\" in its dependencies)");
        }
    }

    /**
     * The modules of the app's API, relative to the functions directory with forward slashes, in
     * path order: what {@code api.d.ts} lists ({@code schema} and {@code auth.config} are not there).
     */
    List<String> apiModules() {
        requireFunctionsDir();
        List<String> modules = new ArrayList<>();
        walk(functionsDir, modules);
        modules.sort(Comparator.naturalOrder());
        return modules;
    }

    /** Every file the push carries: the API modules, then {@code schema} and {@code auth.config} if present. */
    List<String> pushedFiles() {
        List<String> files = new ArrayList<>(apiModules());
        oneOf("schema").ifPresent(files::add);
        oneOf("auth.config").ifPresent(files::add);
        return files;
    }

    /** The schema file ({@code schema.ts} or {@code schema.js}), if the app has one. */
    Optional<String> schemaFile() {
        return oneOf("schema");
    }

    /** {@code admin/stats.ts} → {@code admin/stats.js}: the path a file's bundle is pushed under. */
    static String modulePath(String file) {
        int dot = file.lastIndexOf('.');
        return (dot > file.lastIndexOf('/') ? file.substring(0, dot) : file) + ".js";
    }

    private Optional<String> oneOf(String baseName) {
        List<String> found = Stream.of(".ts", ".js")
                .map(ext -> baseName + ext)
                .filter(name -> Files.isRegularFile(functionsDir.resolve(name)))
                .toList();
        if (found.size() > 1) {
            throw CliException.failed("both " + functionsName() + "/" + found.get(0) + " and " + functionsName() + "/"
                    + found.get(1) + " exist; keep one");
        }
        return found.stream().findFirst();
    }

    private void walk(Path directory, List<String> modules) {
        List<Path> children;
        try (Stream<Path> list = Files.list(directory)) {
            children = list.sorted().toList();
        } catch (IOException e) {
            throw CliException.failed("cannot list " + directory + ": " + e.getMessage());
        }
        for (Path child : children) {
            String rel = functionsDir.relativize(child).toString().replace('\\', '/');
            String name = child.getFileName().toString();
            if (Files.isDirectory(child)) {
                if (!rel.equals("_generated")
                        && !name.equals("node_modules")
                        && !name.startsWith(".")
                        && !Files.exists(child.resolve("convex.config.ts"))) {
                    walk(child, modules);
                }
            } else if (isModule(rel, name, child)) {
                if (rel.startsWith("_deps/")) {
                    throw CliException.failed(functionsName() + "/" + rel + " is inside _deps/, which is reserved"
                            + " for bundled dependencies; move it to another directory");
                }
                modules.add(rel);
            }
        }
    }

    private static boolean isModule(String rel, String name, Path file) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (EXTENSIONS.stream().noneMatch(lower::endsWith)
                || name.startsWith(".")
                || name.startsWith("#")
                || name.chars().filter(c -> c == '.').count() > 1
                || rel.contains(" ")
                || rel.equals("schema.ts")
                || rel.equals("schema.js")) {
            return false;
        }
        if (lower.endsWith(".ts") || lower.endsWith(".tsx")) {
            return HAS_IMPORT_OR_EXPORT.matcher(read(file)).find();
        }
        return true;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.failed("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** {@code convex.json}'s {@code functions}, or {@code convex}. */
    private static String functionsFolder(Path root) {
        Path config = root.resolve("convex.json");
        if (!Files.isRegularFile(config)) {
            return "convex";
        }
        try {
            return Json.parse(read(config)).string("functions").orElse("convex");
        } catch (IllegalArgumentException e) {
            throw CliException.failed(config + " is not valid JSON: " + e.getMessage());
        }
    }
}
