package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway project create|list}: the projects of a team. A project comes with its {@code
 * production} deployment; {@code project create} selects the project, so {@code deployment create}
 * and {@code slipway dev} work in it next.
 */
@Command(
        name = "project",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Create and list projects.",
        subcommands = {ProjectCommand.Create.class, ProjectCommand.ListProjects.class})
final class ProjectCommand implements Runnable {
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

    /** {@code project create SLUG [--team T]}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a project, with its production deployment, and select it.")
    static final class Create implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private ProjectCommand project;

        @Parameters(index = "0", paramLabel = "SLUG", description = "1-40 lowercase letters, digits and '-'.")
        private String slug = "";

        @Option(names = "--team", paramLabel = "TEAM", description = "The team (default: the selected one).")
        private Optional<String> teamOption = Optional.empty();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            MemberConfig login = MemberConfig.require(project.context().env());
            String team = login.team(teamOption);
            Json created;
            try (ControlClient control = ControlClient.connect(login)) {
                created = control.post(
                        ControlClient.path("teams", team, "projects"),
                        Json.object().put("slug", slug));
            }
            login.withProject(team, slug).save(project.context().env());
            String production =
                    created.get("production").flatMap(p -> p.string("name")).orElse("?");
            out.println("Created project " + team + "/" + slug + " and selected it; its production deployment is "
                    + production + " (" + DeploymentSelection.clientUrl(login.url(), production) + ")");
            out.println("Next: `slipway deployment create dev/" + login.member() + " --type dev --select`, or"
                    + " `slipway deployment select production`");
            out.flush();
            return 0;
        }
    }

    /** {@code project list [--team T]}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List a team's projects; * marks the selected one.")
    static final class ListProjects implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private ProjectCommand project;

        @Option(names = "--team", paramLabel = "TEAM", description = "The team (default: the selected one).")
        private Optional<String> teamOption = Optional.empty();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            MemberConfig login = MemberConfig.require(project.context().env());
            String team = login.team(teamOption);
            try (ControlClient control = ControlClient.connect(login)) {
                for (Json p : control.get(ControlClient.path("teams", team, "projects"))
                        .array("projects")) {
                    String slug = p.string("slug").orElse("?");
                    boolean selected = login.team().equals(Optional.of(team))
                            && login.project().equals(Optional.of(slug));
                    out.println((selected ? "* " : "  ") + team + "/" + slug + "  created by "
                            + p.string("creator").orElse("?") + " at " + TeamCommand.millis(p, "createdAt"));
                }
            }
            out.flush();
            return 0;
        }
    }
}
