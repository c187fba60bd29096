package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The control-plane commands' own checks, which answer before any request: usage, a missing login,
 * bad options, no server. Their work against a running server is tested end to end in {@link
 * ControlPlaneFlowsTest}.
 */
class ControlCommandsTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {}

    private Result run(String... args) {
        Map<String, String> env =
                Map.of(MemberConfig.DIR_VAR, dir.resolve("config").toString());
        CliContext context = new CliContext(env, dir, new BufferedReader(new StringReader("")), false);
        CommandLine commandLine = SlipwayCommand.newCommandLine(context);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private void saveLogin() {
        new MemberConfig("http://127.0.0.1:1", "sw_member_x", "alice", Optional.of("default"), Optional.of("chat"))
                .save(Map.of(MemberConfig.DIR_VAR, dir.resolve("config").toString()));
    }

    @Test
    void withoutALogin_everyCommandSaysHowToLogIn() {
        for (String[] args : List.of(
                new String[] {"team", "list"},
                new String[] {"project", "create", "chat"},
                new String[] {"deployment", "create", "dev/alice", "--type", "dev"},
                new String[] {"deployment", "token", "create", "agent"},
                new String[] {"deploy-key", "create", "--type", "prod"})) {
            Result result = run(args);
            assertThat(result.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.err()).contains("error: not logged in", "slipway login");
        }
    }

    @Test
    void missingOptionsAndArguments_areUsageErrors() {
        assertThat(run("deployment", "create", "dev/alice").err()).contains("Missing required option: '--type=TYPE'");
        assertThat(run("login", "--url", "http://127.0.0.1:3210").err()).contains("--token");
        assertThat(run("deployment", "select").exit()).isEqualTo(2);
        saveLogin();
        Result badType = run("deploy-key", "create", "--type", "dev");
        assertThat(badType.exit()).isEqualTo(2);
        assertThat(badType.err()).contains("--type must be prod or preview, got \"dev\"");
        Result noDeployment = run("deployment", "token", "create", "agent");
        assertThat(noDeployment.exit()).isEqualTo(2);
        assertThat(noDeployment.err()).contains("no deployment for the token", ".env.local");
    }

    @Test
    void noServer_isExit3_naming_theUrl() {
        Result login = run("login", "--url", "http://127.0.0.1:1", "--token", "sw_member_x");
        assertThat(login.exit()).isEqualTo(3);
        assertThat(login.err()).contains("no Slipway server at http://127.0.0.1:1");
        assertThat(MemberConfig.load(
                        Map.of(MemberConfig.DIR_VAR, dir.resolve("config").toString())))
                .isEmpty();
        saveLogin();
        assertThat(run("team", "list").exit()).isEqualTo(3);
    }

    @Test
    void logout_forgetsTheLogin_andSaysSoWhenThereIsNone() {
        saveLogin();
        Result first = run("logout");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("Logged out of http://127.0.0.1:1 (alice)");
        Result second = run("logout");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("Not logged in");
    }
}
