package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway team create|list|add-member|remove-member}: the teams of the logged-in member's
 * server ({@code /control/teams}). Creating teams takes the owner token; managing members takes a
 * team admin. {@code team create} selects the new team, so {@code project create} lands in it.
 */
@Command(
        name = "team",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Create and list teams, and manage their members.",
        subcommands = {
            TeamCommand.Create.class,
            TeamCommand.ListTeams.class,
            TeamCommand.AddMember.class,
            TeamCommand.RemoveMember.class
        })
final class TeamCommand implements Runnable {
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

    /** {@code team create SLUG [--plan starter|pro]}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a team (owner only) and select it.")
    static final class Create implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private TeamCommand team;

        @Parameters(index = "0", paramLabel = "SLUG", description = "1-40 lowercase letters, digits and '-'.")
        private String slug = "";

        @Option(
                names = "--plan",
                paramLabel = "PLAN",
                defaultValue = "starter",
                description = "starter (40 deployments, previews live 5 days; the default) or pro (300, 14 days).")
        private String plan = "starter";

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            MemberConfig login = MemberConfig.require(team.context().env());
            Json created;
            try (ControlClient control = ControlClient.connect(login)) {
                created = control.post("teams", Json.object().put("slug", slug).put("plan", plan));
            }
            login.withTeam(slug).save(team.context().env());
            out.println("Created team " + slug + " (plan "
                    + created.string("plan").orElse(plan) + ", up to "
                    + created.number("deploymentLimit").map(Json.Num::text).orElse("?") + " deployments) and"
                    + " selected it");
            out.flush();
            return 0;
        }
    }

    /** {@code team list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the teams you can see; * marks the selected one.")
    static final class ListTeams implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private TeamCommand team;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            MemberConfig login = MemberConfig.require(team.context().env());
            try (ControlClient control = ControlClient.connect(login)) {
                for (Json t : control.get("teams").array("teams")) {
                    String slug = t.string("slug").orElse("?");
                    out.println((login.team().equals(Optional.of(slug)) ? "* " : "  ") + slug + "  plan "
                            + t.string("plan").orElse("?") + "  up to "
                            + t.number("deploymentLimit").map(Json.Num::text).orElse("?") + " deployments  created "
                            + millis(t, "createdAt"));
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code team add-member NAME [--role member|admin] [--team T] [--token]}. */
    @Command(
            name = "add-member",
            mixinStandardHelpOptions = true,
            description = "Add a member to a team (team admins and the owner).")
    static final class AddMember implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private TeamCommand team;

        @Parameters(
                index = "0",
                paramLabel = "NAME",
                description = "The member's name (1-40 lowercase letters, digits"
                        + " and '-'); their dev deployments are dev/NAME.")
        private String name = "";

        @Option(
                names = "--role",
                paramLabel = "ROLE",
                defaultValue = "member",
                description = "member (the default) or" + " admin.")
        private String role = "member";

        @Option(names = "--team", paramLabel = "TEAM", description = "The team (default: the selected one).")
        private Optional<String> teamOption = Optional.empty();

        @Option(
                names = "--token",
                description = "Also create the member's login token and print it, once (owner only).")
        private boolean token;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            MemberConfig login = MemberConfig.require(team.context().env());
            String slug = login.team(teamOption);
            try (ControlClient control = ControlClient.connect(login)) {
                Json added = control.post(
                        ControlClient.path("teams", slug, "members"),
                        Json.object().put("member", name).put("role", role));
                out.println("Added " + name + " to team " + slug + " as "
                        + added.string("role").orElse(role));
                if (token) {
                    Json created = control.post(
                            ControlClient.path("members", name, "tokens"),
                            Json.object().put("name", "login"));
                    out.println("Their login token, shown only this once:");
                    out.println("  " + created.string("secret").orElse("?"));
                    out.println("They log in with: slipway login --url " + login.url() + " --token <that token>");
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code team remove-member NAME [--team T]}. */
    @Command(
            name = "remove-member",
            mixinStandardHelpOptions = true,
            description = "Remove a member from a team (team admins and the owner); their tokens no longer reach it.")
    static final class RemoveMember implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private TeamCommand team;

        @Parameters(index = "0", paramLabel = "NAME", description = "The member's name.")
        private String name = "";

        @Option(names = "--team", paramLabel = "TEAM", description = "The team (default: the selected one).")
        private Optional<String> teamOption = Optional.empty();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            MemberConfig login = MemberConfig.require(team.context().env());
            String slug = login.team(teamOption);
            try (ControlClient control = ControlClient.connect(login)) {
                control.delete(ControlClient.path("teams", slug, "members", name));
            }
            out.println("Removed " + name + " from team " + slug);
            out.flush();
            return 0;
        }
    }

    /** The time in field {@code name} (milliseconds since the epoch) as ISO-8601, or {@code never}. */
    static String millis(Json object, String name) {
        return object.number(name)
                .map(n -> Instant.ofEpochMilli(n.longValue()).toString())
                .orElse("never");
    }
}
