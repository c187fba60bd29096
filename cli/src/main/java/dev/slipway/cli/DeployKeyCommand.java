package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway deploy-key create --type prod|preview}: a project's deploy key for CI, printed once.
 * A production key reaches the project's {@code production} deployment; a preview key reaches, and
 * creates, its {@code preview/*} deployments. CI passes it as {@code SLIPWAY_DEPLOY_KEY}, and the
 * key itself names its target.
 */
@Command(
        name = "deploy-key",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Create a project's deploy key for CI.",
        subcommands = {DeployKeyCommand.Create.class})
final class DeployKeyCommand implements Runnable {
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

    /** {@code deploy-key create --type prod|preview [--name N] [--team T] [--project P]}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a production or preview deploy key (team admins and the owner); it is shown once.")
    static final class Create implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private DeployKeyCommand parent;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "prod or preview.")
        private String type = "";

        @Option(
                names = "--name",
                paramLabel = "NAME",
                description = "A label to recognize it by in listings (default: \"<type> deploy key\").")
        private Optional<String> name = Optional.empty();

        @Option(names = "--team", paramLabel = "TEAM", description = "The team (default: the selected one).")
        private Optional<String> teamOption = Optional.empty();

        @Option(names = "--project", paramLabel = "PROJECT", description = "The project (default: the selected one).")
        private Optional<String> projectOption = Optional.empty();

        @Override
        public Integer call() {
            if (!type.equals("prod") && !type.equals("preview")) {
                throw CliException.usage("--type must be prod or preview, got \"" + type + "\"");
            }
            PrintWriter out = spec.commandLine().getOut();
            MemberConfig login = MemberConfig.require(parent.parent.context().env());
            String team = login.team(teamOption);
            String project = login.project(teamOption, projectOption);
            Json created;
            try (ControlClient control = ControlClient.connect(login)) {
                created = control.post(
                        ControlClient.path("teams", team, "projects", project, "deploy-keys"),
                        Json.object().put("type", type).put("name", name.orElse(type + " deploy key")));
            }
            out.println("Created the " + (type.equals("prod") ? "production" : "preview") + " deploy key "
                    + created.string("id").orElse("?") + " of " + team + "/" + project + ", shown only this once:");
            out.println("  " + created.string("secret").orElse("?"));
            out.println("Give it to CI as " + DeploymentTarget.DEPLOY_KEY_VAR + ".");
            out.flush();
            return 0;
        }
    }
}
