package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway env list|get|set|remove}: the deployment's environment variables, which functions
 * read as {@code process.env.NAME} ({@code GET admin/env}, {@code POST admin/env}; docs/ADMIN-API.md).
 * A change applies atomically and reaches the next function call; the server checks names and sizes
 * as Convex does and says which rule a bad one breaks (exit 1).
 */
@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "List, read, set or remove the deployment's environment variables.",
        subcommands = {
            EnvCommand.ListVariables.class,
            EnvCommand.GetVariable.class,
            EnvCommand.SetVariable.class,
            EnvCommand.RemoveVariable.class
        })
final class EnvCommand implements Runnable {
    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The variables as the server answers them: {@code {"variables": [{"name", "value"}]}}, sorted by name. */
    private static List<Json> variables(Json answer) {
        return answer.array("variables");
    }

    /** Sends one change ({@code value} empty removes) and answers the variables after it. */
    private static List<Json> change(AdminClient admin, String name, Optional<String> value) {
        Json.Obj change = Json.object()
                .put("name", name)
                .put("value", value.<Json>map(Json.Str::new).orElse(Json.Null.INSTANCE));
        return variables(admin.post("env", Json.object().put("changes", Json.array(List.of(change)))));
    }

    /** {@code slipway env list}: {@code NAME=value}, one per line. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every variable as NAME=value.")
    static final class ListVariables implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private EnvCommand env;

        @Mixin
        private TargetOptions target = new TargetOptions();

        @Override
        public Integer call() {
            DeploymentTarget deployment = target.target(env.parent.context());
            List<Json> found;
            try (AdminClient admin = AdminClient.connect(deployment)) {
                found = variables(admin.get("env", Map.of()));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (found.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("No environment variables on " + deployment.describe() + ".");
                err.flush();
                return 0;
            }
            for (Json variable : found) {
                out.println(variable.string("name").orElse("?") + "="
                        + variable.string("value").orElse(""));
            }
            out.flush();
            return 0;
        }
    }

    /** {@code slipway env get NAME}: the value alone; a variable that is not set is exit 1. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one variable's value.")
    static final class GetVariable implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private EnvCommand env;

        @Mixin
        private TargetOptions target = new TargetOptions();

        @Parameters(index = "0", paramLabel = "NAME")
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private String name;

        @Override
        public Integer call() {
            DeploymentTarget deployment = target.target(env.parent.context());
            Optional<String> value;
            try (AdminClient admin = AdminClient.connect(deployment)) {
                value = variables(admin.get("env", Map.of())).stream()
                        .filter(v -> v.string("name").equals(Optional.of(name)))
                        .findFirst()
                        .flatMap(v -> v.string("value"));
            }
            if (value.isEmpty()) {
                throw CliException.failed("Environment variable " + name + " is not set on " + deployment.describe());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(value.get());
            out.flush();
            return 0;
        }
    }

    /** {@code slipway env set NAME VALUE}. */
    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a variable (replacing its value).")
    static final class SetVariable implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private EnvCommand env;

        @Mixin
        private TargetOptions target = new TargetOptions();

        @Parameters(index = "0", paramLabel = "NAME")
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private String name;

        @Parameters(index = "1", paramLabel = "VALUE")
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private String value;

        @Override
        public Integer call() {
            DeploymentTarget deployment = target.target(env.parent.context());
            try (AdminClient admin = AdminClient.connect(deployment)) {
                change(admin, name, Optional.of(value));
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("Set " + name + " on " + deployment.describe() + ".");
            err.flush();
            return 0;
        }
    }

    /** {@code slipway env remove NAME}; removing a variable that is not set is not an error. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a variable.")
    static final class RemoveVariable implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private EnvCommand env;

        @Mixin
        private TargetOptions target = new TargetOptions();

        @Parameters(index = "0", paramLabel = "NAME")
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private String name;

        @Override
        public Integer call() {
            DeploymentTarget deployment = target.target(env.parent.context());
            try (AdminClient admin = AdminClient.connect(deployment)) {
                change(admin, name, Optional.empty());
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("Removed " + name + " from " + deployment.describe() + ".");
            err.flush();
            return 0;
        }
    }
}
