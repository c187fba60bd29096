package dev.slipway.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Type-checks an app's functions with the TypeScript compiler it has installed: {@code tsc --noEmit
 * -p convex} (run as {@code node node_modules/typescript/bin/tsc}), as {@code npx convex} does
 * before a push.
 */
final class TypeCheck {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** {@code --typecheck}: whether to type-check before pushing. */
    enum Mode {
        /** Type-check; no TypeScript or no {@code convex/tsconfig.json} is an error. */
        ENABLE,
        /** Type-check when TypeScript and {@code convex/tsconfig.json} are there; skip quietly otherwise. */
        TRY,
        /** Never type-check. */
        DISABLE;

        /** Parses {@code enable|try|disable}. */
        static Mode parse(String text) {
            return switch (text) {
                case "enable" -> ENABLE;
                case "try" -> TRY;
                case "disable" -> DISABLE;
                default -> throw CliException.usage("--typecheck must be enable, try or disable, got \"" + text + "\"");
            };
        }
    }

    private TypeCheck() {}

    /**
     * Type-checks {@code app} in {@code mode}, printing what it does to {@code out}.
     *
     * @throws CliException when TypeScript reports errors (listed, one per line), or, in {@code
     *     enable} mode, when it cannot run
     */
    static void run(App app, Mode mode, PrintWriter out) {
        if (mode == Mode.DISABLE) {
            return;
        }
        Path tsc = app.dir().resolve("node_modules/typescript/bin/tsc");
        Path tsconfig = app.functionsDir().resolve("tsconfig.json");
        if (!Files.isRegularFile(tsc) || !Files.isRegularFile(tsconfig)) {
            if (mode == Mode.ENABLE) {
                throw CliException.failed(
                        Files.isRegularFile(tsc)
                                ? "--typecheck enable needs " + app.display(tsconfig) + " (`slipway init` writes one)"
                                : "--typecheck enable needs TypeScript: run npm install --save-dev typescript in "
                                        + app.dir());
            }
            return;
        }
        out.println("Type-checking " + app.functionsName() + "/ with tsc...");
        out.flush();
        Subprocess.Result result = Subprocess.capture(
                List.of("node", tsc.toString(), "--noEmit", "--pretty", "false", "--project", app.functionsName()),
                app.dir(),
                Map.of(),
                "",
                TIMEOUT);
        if (result.exitCode() != 0) {
            String report = (result.stdout() + result.stderr()).strip();
            long errors = report.lines().filter(l -> l.contains(": error TS")).count();
            throw CliException.failed("TypeScript found " + (errors == 0 ? "errors" : errors + " error(s)") + " in "
                    + app.functionsName() + "/ (--typecheck disable pushes anyway):\n" + report);
        }
    }
}
