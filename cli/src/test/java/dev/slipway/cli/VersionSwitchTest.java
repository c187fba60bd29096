package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promote} and {@code rollback} ask before changing a production deployment when a person is
 * at the terminal, and change nothing on a no; {@code -y}, a dry run, or no terminal do not ask. The
 * target is a production deployment URL where no server listens, so a command that got past the
 * question fails as unreachable (exit 3) and one that stopped at it never sent anything (exit 1).
 */
class VersionSwitchTest {
    @TempDir
    Path dir;

    private static String deadProductionUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/d/production";
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port", e);
        }
    }

    private CliRunner.Result run(CliRunner runner, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = deadProductionUrl();
        all[args.length + 2] = "--admin-key";
        all[args.length + 3] = "key";
        return runner.run(all);
    }

    @Test
    void promote_onProduction_asksAndANoChangesNothing() {
        CliRunner.Result no = run(CliRunner.in(dir).interactive("n\n"), "promote", "abc123abc123");

        assertThat(no.exit()).as(no.toString()).isEqualTo(1);
        assertThat(no.out()).contains("Make version abc123abc123 current on the production deployment production at");
        assertThat(no.out()).contains("[y/N]");
        assertThat(no.err()).contains("Nothing was changed.").doesNotContain("no Slipway server");

        CliRunner.Result yes = run(CliRunner.in(dir).interactive("yes\n"), "promote");
        assertThat(yes.out()).contains("Make the staged version current on the production deployment production");
        assertThat(yes.exit()).as(yes.toString()).isEqualTo(3);
    }

    @Test
    void rollback_onProduction_asksUnlessYesOrDryRunOrNoTerminal() {
        CliRunner.Result no = run(CliRunner.in(dir).interactive("\n"), "rollback");
        assertThat(no.exit()).as(no.toString()).isEqualTo(1);
        assertThat(no.out())
                .contains("Roll the production deployment production at ")
                .contains("back to the previous" + " version? [y/N]");
        assertThat(no.err()).contains("Nothing was changed.");

        for (String[] args : new String[][] {{"rollback", "-y"}, {"rollback", "--dry-run"}}) {
            CliRunner.Result asked = run(CliRunner.in(dir).interactive(""), args);
            assertThat(asked.out()).as(asked.toString()).doesNotContain("[y/N]");
            assertThat(asked.exit()).as(asked.toString()).isEqualTo(3);
        }
        CliRunner.Result ci = run(CliRunner.in(dir), "rollback");
        assertThat(ci.out()).doesNotContain("[y/N]");
        assertThat(ci.exit()).as(ci.toString()).isEqualTo(3);
    }
}
