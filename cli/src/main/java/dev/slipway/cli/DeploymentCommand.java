package dev.slipway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code slipway deployment create|select|list|delete|token create}: a project's deployments and
 * their tokens, over the control API. Selecting a deployment writes it to the app's {@code
 * .env.local} ({@link DeploymentSelection}), where every command that targets a deployment finds it;
 * {@code token create --save-env} writes a deployment token there too.
 *
 * <p>A deployment is named {@code [team:][project:]REF} ({@link DeploymentRef}): a reference such as
 * {@code dev/alice} in the selected project, or a deployment's name.
 */
@Command(
        name = "deployment",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Create, select, list and delete deployments, and create their tokens.",
        subcommands = {
            DeploymentCommand.Create.class,
            DeploymentCommand.Select.class,
            DeploymentCommand.ListDeployments.class,
            DeploymentCommand.Delete.class,
            DeploymentCommand.Token.class
        })
final class DeploymentCommand implements Runnable {
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

    CliContext context() {
        return parent.context();
    }

    /** One line about a deployment as the control API describes it. */
    static String describe(Json d) {
        String expires = d.number("expiresAt").isPresent() ? ", expires " + TeamCommand.millis(d, "expiresAt") : "";
        return d.string("reference").orElse("?") + "  " + d.string("name").orElse("?") + "  ("
                + d.string("type").orElse("?") + ", created by "
                + d.string("creator").orElse("?") + expires + ")";
    }

    private static String name(Json deployment) {
        return deployment
                .string("name")
                .orElseThrow(() ->
                        CliException.failed("the server described a deployment without a name: " + deployment.text()));
    }

    private static void printSelection(PrintWriter out, Path appDir, Map<String, String> written) {
        out.println("Selected it in " + appDir.resolve(EnvFile.NAME) + ": "
                + String.join(
                        ", ",
                        written.keySet().stream()
                                .filter(k -> !k.equals(DeploymentTarget.DEPLOY_KEY_VAR))
                                .toList())
                + " = " + written.get(DeploymentTarget.URL_VAR));
    }

    /** {@code deployment create REF --type T [--expiration E] [--select]}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a deployment in the selected project (or --team/--project).")
    static final class Create implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private DeploymentCommand parent;

        @Parameters(
                index = "0",
                paramLabel = "REF",
                description = "Its reference in the project: dev/<name> (type dev), preview/<branch> (type preview),"
                        + " production (type prod), or any other 3-100 characters of letters, digits, '-' and '/'"
                        + " (type custom).")
        private String reference = "";

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "dev, preview, prod or custom.")
        private String type = "";

        @Option(
                names = "--expiration",
                paramLabel = "WHEN",
                description = "When the sweeper deletes it with its data: \"in 7 days\" (minutes, hours, days, weeks),"
                        + " a date (2025-07-01) or a date-time (2025-07-01T12:00:00Z). Previews expire after their"
                        + " team plan's preview lifetime anyway.")
        private Optional<String> expiration = Optional.empty();

        @Option(names = "--select", description = "Also select it in the app's .env.local.")
        private boolean select;

        @Option(names = "--team", paramLabel = "TEAM", description = "The team (default: the selected one).")
        private Optional<String> teamOption = Optional.empty();

        @Option(names = "--project", paramLabel = "PROJECT", description = "The project (default: the selected one).")
        private Optional<String> projectOption = Optional.empty();

        @Option(
                names = "--app-dir",
                paramLabel = "DIR",
                defaultValue = ".",
                description = "The app whose .env.local --select writes (default: the current directory).")
        private Path appDir = Path.of(".");

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            CliContext context = parent.context();
            MemberConfig login = MemberConfig.require(context.env());
            String team = login.team(teamOption);
            String project = login.project(teamOption, projectOption);
            Json.Obj body = Json.object().put("type", type).put("reference", reference);
            if (expiration.isPresent()) {
                body = body.put("expiration", expiration.get());
            }
            Json created;
            try (ControlClient control = ControlClient.connect(login)) {
                created = control.post(ControlClient.path("teams", team, "projects", project, "deployments"), body);
            }
            String name = name(created);
            out.println("Created deployment " + describe(created) + " in " + team + "/" + project);
            out.println("Its URL: " + DeploymentSelection.clientUrl(login.url(), name));
            if (select) {
                Path dir = context.resolve(appDir);
                printSelection(out, dir, DeploymentSelection.select(dir, login.url(), name));
                login.withProject(team, project).save(context.env());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code deployment select [team:][project:]REF}. */
    @Command(
            name = "select",
            mixinStandardHelpOptions = true,
            description = "Make the app use a deployment: writes SLIPWAY_DEPLOYMENT and SLIPWAY_URL (and the"
                    + " framework's URL variable) to its .env.local, and selects its team and project.")
    static final class Select implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private DeploymentCommand parent;

        @Parameters(
                index = "0",
                paramLabel = "[TEAM:][PROJECT:]REF",
                description = "A reference (dev/alice, production) in the selected project, project:REF,"
                        + " team:project:REF, or a deployment's name.")
        private String ref = "";

        @Option(
                names = "--app-dir",
                paramLabel = "DIR",
                defaultValue = ".",
                description = "The app (default: the current directory).")
        private Path appDir = Path.of(".");

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            CliContext context = parent.context();
            MemberConfig login = MemberConfig.require(context.env());
            Json deployment;
            try (ControlClient control = ControlClient.connect(login)) {
                deployment = DeploymentRef.parse(ref).resolve(control, login);
            }
            String name = name(deployment);
            Path dir = context.resolve(appDir);
            out.println("Deployment " + describe(deployment));
            printSelection(out, dir, DeploymentSelection.select(dir, login.url(), name));
            Optional<String> team = deployment.string("team");
            Optional<String> project = deployment.string("project");
            if (team.isPresent() && project.isPresent()) {
                login.withProject(team.get(), project.get()).save(context.env());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code deployment list [--team T] [--project P]}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the deployments of the selected project; * marks the one the app's .env.local selects.")
    static final class ListDeployments implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private DeploymentCommand parent;

        @Option(names = "--team", paramLabel = "TEAM", description = "The team (default: the selected one).")
        private Optional<String> teamOption = Optional.empty();

        @Option(names = "--project", paramLabel = "PROJECT", description = "The project (default: the selected one).")
        private Optional<String> projectOption = Optional.empty();

        @Option(
                names = "--app-dir",
                paramLabel = "DIR",
                defaultValue = ".",
                description = "The app whose selection to mark (default: the current directory).")
        private Path appDir = Path.of(".");

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            CliContext context = parent.context();
            MemberConfig login = MemberConfig.require(context.env());
            String team = login.team(teamOption);
            String project = login.project(teamOption, projectOption);
            Optional<String> selected = Optional.ofNullable(
                    EnvFile.read(context.resolve(appDir).resolve(EnvFile.NAME)).get(DeploymentTarget.DEPLOYMENT_VAR));
            List<Json> deployments;
            try (ControlClient control = ControlClient.connect(login)) {
                deployments = control.get(ControlClient.path("teams", team, "projects", project, "deployments"))
                        .array("deployments");
            }
            out.println("Deployments of " + team + "/" + project + ":");
            for (Json d : deployments) {
                out.println((selected.equals(d.string("name")) ? "* " : "  ") + describe(d));
            }
            out.flush();
            return 0;
        }
    }

    /** {@code deployment delete REF [--yes]}. */
    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a deployment with all its data (asks first at a terminal; elsewhere needs --yes).")
    static final class Delete implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private DeploymentCommand parent;

        @Parameters(index = "0", paramLabel = "[TEAM:][PROJECT:]REF", description = "The deployment.")
        private String ref = "";

        @Option(
                names = {"-y", "--yes"},
                description = "Do not ask: delete it and its data.")
        private boolean yes;

        @Option(
                names = "--app-dir",
                paramLabel = "DIR",
                defaultValue = ".",
                description = "The app, to warn when its .env.local selects the deployment (default: the current"
                        + " directory).")
        private Path appDir = Path.of(".");

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            CliContext context = parent.context();
            MemberConfig login = MemberConfig.require(context.env());
            try (ControlClient control = ControlClient.connect(login)) {
                Json deployment = DeploymentRef.parse(ref).resolve(control, login);
                String name = name(deployment);
                if (!confirmed(context, out, deployment)) {
                    err.println("Nothing was deleted.");
                    err.flush();
                    return CliException.Exit.FAILED.code();
                }
                control.delete(ControlClient.path("deployments", name));
                out.println("Deleted deployment " + describe(deployment) + " with all its data");
                Path envFile = context.resolve(appDir).resolve(EnvFile.NAME);
                if (Optional.ofNullable(EnvFile.read(envFile).get(DeploymentTarget.DEPLOYMENT_VAR))
                        .equals(Optional.of(name))) {
                    err.println("note: " + envFile + " still selects it; select another with `slipway deployment"
                            + " select REF`");
                }
            }
            out.flush();
            err.flush();
            return 0;
        }

        private boolean confirmed(CliContext context, PrintWriter out, Json deployment) {
            if (yes) {
                return true;
            }
            if (!context.interactive()) {
                throw CliException.usage("deleting " + describe(deployment) + " deletes all its data: pass --yes to"
                        + " confirm when no one is at a terminal");
            }
            out.print("Delete deployment " + describe(deployment) + " and all its data? [y/N] ");
            out.flush();
            try {
                String answer = context.stdin().readLine();
                return answer != null
                        && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
            } catch (IOException e) {
                throw CliException.failed("cannot read the confirmation from stdin: " + e.getMessage());
            }
        }
    }

    /** {@code deployment token ...}. */
    @Command(
            name = "token",
            mixinStandardHelpOptions = true,
            description = "Deployment tokens: credentials that reach one deployment.",
            subcommands = {DeploymentCommand.TokenCreate.class})
    static final class Token implements Runnable {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private DeploymentCommand parent;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** {@code deployment token create NAME [--save-env] [--deployment REF]}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a token for one deployment (the app's selected one, or --deployment); it is shown"
                    + " once, or written to .env.local as SLIPWAY_DEPLOY_KEY with --save-env.")
    static final class TokenCreate implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private Token parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "A label to recognize the token by, e.g. agent-1.")
        private String name = "";

        @Option(
                names = "--save-env",
                description = "Write the token to the app's .env.local as SLIPWAY_DEPLOY_KEY (with SLIPWAY_URL and"
                        + " SLIPWAY_DEPLOYMENT of its deployment) instead of printing it.")
        private boolean saveEnv;

        @Option(
                names = "--deployment",
                paramLabel = "[TEAM:][PROJECT:]REF",
                description = "The deployment (default: SLIPWAY_DEPLOYMENT in the app's .env.local).")
        private Optional<String> deployment = Optional.empty();

        @Option(
                names = "--app-dir",
                paramLabel = "DIR",
                defaultValue = ".",
                description = "The app (default: the current directory).")
        private Path appDir = Path.of(".");

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            CliContext context = parent.parent.context();
            MemberConfig login = MemberConfig.require(context.env());
            Path dir = context.resolve(appDir);
            Json created;
            String target;
            try (ControlClient control = ControlClient.connect(login)) {
                if (deployment.isPresent()) {
                    target = name(DeploymentRef.parse(deployment.get()).resolve(control, login));
                } else {
                    Path envFile = dir.resolve(EnvFile.NAME);
                    target = Optional.ofNullable(EnvFile.read(envFile).get(DeploymentTarget.DEPLOYMENT_VAR))
                            .filter(v -> !v.isBlank())
                            .orElseThrow(() -> CliException.usage("no deployment for the token: pass --deployment REF,"
                                    + " or select one first (`slipway deployment select REF` writes "
                                    + DeploymentTarget.DEPLOYMENT_VAR + " to " + envFile + ")"));
                }
                created = control.post(
                        ControlClient.path("deployments", target, "tokens"),
                        Json.object().put("name", name));
            }
            String secret = created.string("secret")
                    .orElseThrow(() -> CliException.failed("the server created the token but sent no secret"));
            if (saveEnv) {
                out.println("Created deployment token " + created.string("id").orElse("?") + " (" + name + ") for "
                        + target);
                Map<String, String> written = DeploymentSelection.saveDeployKey(dir, login.url(), target, secret);
                out.println("Wrote " + DeploymentTarget.DEPLOY_KEY_VAR + " to " + dir.resolve(EnvFile.NAME));
                printSelection(out, dir, written);
            } else {
                out.println("Created deployment token " + created.string("id").orElse("?") + " (" + name + ") for "
                        + target + ", shown only this once:");
                out.println("  " + secret);
            }
            out.flush();
            return 0;
        }
    }
}
