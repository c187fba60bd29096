package dev.slipway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway init [DIR]}: scaffolds an app — {@code convex/} with a sample schema and functions,
 * {@code package.json} with {@code convex} pinned to 1.48.0, {@code .env.local} naming the
 * deployment — and runs codegen. Files that exist are left alone, so it is safe to run in an
 * existing app. Creating a project and a dev deployment on a control plane comes with the control
 * plane.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Create a Slipway (Convex) app in DIR: convex/ with a sample schema and functions,"
                + " package.json, .env.local, and convex/_generated/. Existing files are kept.")
final class InitCommand implements Callable<Integer> {
    static final String DEFAULT_URL = "http://127.0.0.1:3210/d/default";

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DIR",
            description = "Where (default: the current directory).")
    private Path dir = Path.of(".");

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The deployment URL to write to .env.local (default: " + DEFAULT_URL + ", what"
                    + " `slipway serve` serves).")
    private String url = DEFAULT_URL;

    @Option(
            names = "--admin-key",
            paramLabel = "KEY",
            description = "An admin key to write to .env.local as SLIPWAY_ADMIN_KEY (keep .env.local out of git).")
    private Optional<String> adminKey = Optional.empty();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path root = parent.context().resolve(dir);
        App app = App.at(root);
        DeploymentTarget.ParsedUrl deployment = DeploymentTarget.parseDeploymentUrl(url, "--url");
        List<String> written = new ArrayList<>();
        write(
                app,
                root.resolve("package.json"),
                Scaffold.template("package.json").replace("@NAME@", packageName(root)),
                written);
        write(app, root.resolve(".gitignore"), Scaffold.template("gitignore"), written);
        write(app, app.functionsDir().resolve("schema.ts"), Scaffold.template("schema.ts"), written);
        write(app, app.functionsDir().resolve("tasks.ts"), Scaffold.template("tasks.ts"), written);
        write(app, app.functionsDir().resolve("tsconfig.json"), Scaffold.template("tsconfig.json"), written);
        Map<String, String> env = new LinkedHashMap<>();
        env.put(DeploymentTarget.URL_VAR, deployment.deploymentUrl());
        env.put(DeploymentTarget.DEPLOYMENT_VAR, deployment.name());
        adminKey.ifPresent(key -> env.put(DeploymentTarget.ADMIN_KEY_VAR, key));
        EnvFile.update(root.resolve(EnvFile.NAME), env);
        written.add(EnvFile.NAME + " (" + String.join(", ", env.keySet()) + ")");
        written.addAll(Codegen.write(app));
        out.println("Created the app in " + root + ":");
        written.forEach(file -> out.println("  " + file));
        out.println();
        out.println("Next:");
        out.println("  cd " + root);
        out.println("  npm install");
        out.println("  slipway dev" + (adminKey.isEmpty() ? " --admin-key <key from <data>/admin.key>" : ""));
        out.flush();
        return 0;
    }

    private static void write(App app, Path file, String text, List<String> written) {
        if (Scaffold.writeIfAbsent(file, text)) {
            written.add(app.display(file));
        }
    }

    /** An npm package name from the directory name: lower case, letters, digits, {@code -}. */
    static String packageName(Path root) {
        Path name = root.getFileName();
        String base = name == null ? "slipway-app" : name.toString().toLowerCase(Locale.ROOT);
        String cleaned = base.replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[._-]+", "");
        return cleaned.isEmpty() ? "slipway-app" : cleaned;
    }
}
