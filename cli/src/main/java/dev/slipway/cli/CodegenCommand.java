package dev.slipway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway codegen}: writes {@code convex/_generated/} ({@link Codegen}) and type-checks, with
 * no server involved.
 */
@Command(
        name = "codegen",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Write convex/_generated/ (server.js/.d.ts, api.js/.d.ts, dataModel.d.ts) for the app's"
                + " functions, then type-check them.")
final class CodegenCommand implements Callable<Integer> {
    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Option(
            names = "--app-dir",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "The app (default: the current directory).")
    private Path appDir = Path.of(".");

    @Option(
            names = "--typecheck",
            paramLabel = "MODE",
            defaultValue = "try",
            description = "enable: type-check with tsc and fail without TypeScript; try (default): type-check when"
                    + " TypeScript is installed; disable: do not.")
    private String typecheck = "try";

    @Option(names = "--init", description = "Also write convex/tsconfig.json when it is missing.")
    private boolean init;

    @Override
    public Integer call() {
        TypeCheck.Mode mode = TypeCheck.Mode.parse(typecheck);
        PrintWriter out = spec.commandLine().getOut();
        App app = App.at(parent.context().resolve(appDir));
        app.requireFunctionsDir();
        if (init
                && Scaffold.writeIfAbsent(
                        app.functionsDir().resolve("tsconfig.json"), Scaffold.template("tsconfig.json"))) {
            out.println("Wrote " + app.functionsName() + "/tsconfig.json");
        }
        List<String> written = Codegen.write(app);
        out.println(
                written.isEmpty()
                        ? app.functionsName() + "/_generated/ is up to date"
                        : "Generated " + String.join(", ", written));
        out.flush();
        TypeCheck.run(app, mode, out);
        out.flush();
        return 0;
    }
}
