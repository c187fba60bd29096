package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway login --url URL --token T}: checks the token with the server ({@code GET
 * /control/whoami}) and saves the login ({@link MemberConfig}), selecting the member's team when they
 * have one, and its project when it has one. The owner token (from {@code <data>/owner.token}) logs
 * in as the owner, the admin of team {@code default}; deploy keys and deployment tokens are not
 * logins (CI passes them as {@code SLIPWAY_DEPLOY_KEY}).
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Log in to a Slipway server with a member token (or the owner token) and save the login in"
                + " $SLIPWAY_CONFIG_DIR (default ~/.slipway).")
final class LoginCommand implements Callable<Integer> {
    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Option(
            names = "--url",
            required = true,
            paramLabel = "URL",
            description = "The server, e.g. http://127.0.0.1:3210.")
    private String url = "";

    @Option(
            names = "--token",
            required = true,
            paramLabel = "TOKEN",
            description = "A member token (sw_member_...), or the owner token (sw_owner_..., in <data>/owner.token).")
    private String token = "";

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String server = MemberConfig.serverUrl(url);
        String secret = token.strip();
        MemberConfig login;
        try (ControlClient control = ControlClient.connect(server, secret)) {
            Json me = control.get("whoami");
            String kind = me.string("kind").orElse("");
            if (!kind.equals("member") && !kind.equals("owner")) {
                throw CliException.usage(
                        "that token is " + me.string("description").orElse("a " + kind + " credential")
                                + ", not a login: log in with a member token or the owner token, and give deploy keys and"
                                + " deployment tokens to CI as " + DeploymentTarget.DEPLOY_KEY_VAR);
            }
            List<Json> teams = me.array("teams");
            Optional<String> team = teams.size() == 1 ? teams.getFirst().string("slug") : Optional.empty();
            Optional<String> project = team.flatMap(t -> onlyProject(control, t));
            login = new MemberConfig(server, secret, me.string("name").orElse(kind), team, project);
            out.println("Logged in to " + server + " as "
                    + me.string("description").orElse(login.member())
                    + (teams.isEmpty()
                            ? ", who belongs to no team yet"
                            : ", in team(s) "
                                    + teams.stream()
                                            .map(t -> t.string("slug").orElse("?") + " ("
                                                    + t.string("role").orElse("?") + ")")
                                            .collect(Collectors.joining(", "))));
        }
        login.save(parent.context().env());
        login.team()
                .ifPresent(t -> out.println("Working in team " + t
                        + login.project()
                                .map(p -> ", project " + p)
                                .orElse(" (create a project with `slipway project create" + " NAME`)")));
        out.println("Saved the login in " + MemberConfig.file(parent.context().env()));
        out.flush();
        return 0;
    }

    private static Optional<String> onlyProject(ControlClient control, String team) {
        List<Json> projects =
                control.get(ControlClient.path("teams", team, "projects")).array("projects");
        return projects.size() == 1 ? projects.getFirst().string("slug") : Optional.empty();
    }
}
