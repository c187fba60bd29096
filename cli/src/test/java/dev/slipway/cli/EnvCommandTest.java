package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway env list|get|set|remove} as a user types them, against a real server running the app
 * src/test/apps/jobs-js: a value set reaches {@code process.env} in the next call.
 */
class EnvCommandTest {
    @TempDir
    static Path tmp;

    private static TestServer server;
    private static CliRunner cli;

    @BeforeAll
    static void deploy() {
        server = TestServer.start(tmp.resolve("data"));
        Path app = TestApps.installed(TestApps.APPS.resolve("jobs-js"), tmp.resolve("env"));
        cli = server.cli(app);
        CliRunner.Result deployed = cli.run("deploy");
        assertThat(deployed.exit()).as(deployed.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void setGetListRemove_reachProcessEnv() {
        assertThat(cli.run("run", "settings:greeting").out().strip()).isEqualTo("null");

        CliRunner.Result set = cli.run("env", "set", "GREETING", "hello there");
        assertThat(set.exit()).as(set.toString()).isZero();
        assertThat(cli.run("env", "set", "OTHER", "x=1").exit()).isZero();

        assertThat(cli.run("env", "get", "GREETING").out().strip()).isEqualTo("hello there");
        assertThat(cli.run("env", "list").out()).isEqualTo("GREETING=hello there\nOTHER=x=1\n");
        assertThat(cli.run("run", "settings:greeting").out().strip()).isEqualTo("\"hello there\"");

        assertThat(cli.run("env", "remove", "GREETING").exit()).isZero();
        CliRunner.Result missing = cli.run("env", "get", "GREETING");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("GREETING is not set");
        assertThat(cli.run("run", "settings:greeting").out().strip()).isEqualTo("null");
    }

    @Test
    void badName_failsWithTheServersReason() {
        CliRunner.Result bad = cli.run("env", "set", "1BAD", "x");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("1BAD");
    }
}
