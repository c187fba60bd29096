package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway logs} and {@code slipway jobs list|cancel} as a user types them, against a real
 * server running the app src/test/apps/jobs-js (deployed with {@code slipway deploy}).
 */
class LogsAndJobsCommandsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private static TestServer server;
    private static CliRunner cli;

    @BeforeAll
    static void deploy() {
        server = TestServer.start(tmp.resolve("data"));
        Path app = TestApps.installed(TestApps.APPS.resolve("jobs-js"), tmp.resolve("jobs"));
        cli = server.cli(app);
        CliRunner.Result deployed = cli.run("deploy");
        assertThat(deployed.exit()).as(deployed.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void logs_streamsFailuresAndLoggingExecutions_withTheSchedulerAsCaller() {
        try (CliRunner.Background logs = cli.start("logs")) {
            logs.awaitErr("the stream to start", err -> err.contains("Streaming the function logs of"), WAIT);
            assertThat(cli.run("run", "jobs:quiet").exit()).isZero();
            assertThat(cli.run("run", "jobs:fail").exit()).isEqualTo(1);
            CliRunner.Result later = cli.run("run", "jobs:later", "{\"note\": \"from-cli\", \"delayMs\": 0}");
            assertThat(later.exit()).as(later.toString()).isZero();

            logs.awaitOut("the scheduled run", out -> out.contains("[LOG] 'noted' 'from-cli'"), WAIT);
            assertThat(logs.out())
                    .containsPattern(
                            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} mutation jobs:noted success [0-9.]+ ms \\(scheduler\\)")
                    .containsPattern("mutation jobs:fail failure [0-9.]+ ms \\(admin\\)")
                    .contains("    error: ")
                    .contains("this one fails")
                    .doesNotContain("jobs:quiet") // succeeded and logged nothing: only with --success
                    .doesNotContain("jobs:later");
            assertThat(logs.running()).isTrue();
        }
    }

    @Test
    void logs_historyWithSuccess_printsTheRecentExecutionsFirst() {
        assertThat(cli.run("run", "jobs:quiet").exit()).isZero();
        try (CliRunner.Background logs = cli.start("logs", "--history", "1", "--success")) {
            logs.awaitOut("the last execution", out -> out.contains("mutation jobs:quiet success"), WAIT);
            assertThat(logs.out().lines()).hasSize(1);
            assertThat(cli.run("run", "jobs:quiet").exit()).isZero();
            logs.awaitOut("the next execution", out -> out.lines().count() == 2, WAIT);
        }
    }

    @Test
    void logs_negativeHistory_isAUsageError() {
        CliRunner.Result result = cli.run("logs", "--history", "-1");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--history must be 0 or more");
    }

    @Test
    void jobs_listThenCancel_thenCancelAgainFailsNamingTheState() {
        CliRunner.Result scheduled = cli.run("run", "jobs:later", "{\"note\": \"in an hour\", \"delayMs\": 3600000}");
        assertThat(scheduled.exit()).as(scheduled.toString()).isZero();
        String id = scheduled.out().strip().replace("\"", "");

        CliRunner.Result listed = cli.run("jobs", "list");
        assertThat(listed.exit()).as(listed.toString()).isZero();
        assertThat(listed.out().lines().findFirst().orElseThrow())
                .startsWith("ID")
                .contains("SCHEDULED");
        assertThat(listed.out())
                .containsPattern(id + " +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +pending +jobs:noted");

        CliRunner.Result canceled = cli.run("jobs", "cancel", id);
        assertThat(canceled.exit()).as(canceled.toString()).isZero();
        assertThat(canceled.out()).startsWith("Canceled job " + id);
        assertThat(cli.run("jobs", "list").out()).doesNotContain(id);
        assertThat(cli.run("jobs", "list", "--state", "canceled").out()).contains(id);

        CliRunner.Result again = cli.run("jobs", "cancel", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err())
                .contains(id)
                .contains("is canceled, not pending")
                .contains("JobNotPending");
    }

    @Test
    void jobs_badIdOrState_failWithTheServersReason() {
        CliRunner.Result badId = cli.run("jobs", "cancel", "not-a-job");
        assertThat(badId.exit()).isEqualTo(1);
        assertThat(badId.err()).contains("\"not-a-job\" is not a document id");
        CliRunner.Result badState = cli.run("jobs", "list", "--state", "sleeping");
        assertThat(badState.exit()).isEqualTo(1);
        assertThat(badState.err()).contains("Unknown job state \"sleeping\"");
        CliRunner.Result badLimit = cli.run("jobs", "list", "--limit", "0");
        assertThat(badLimit.exit()).isEqualTo(2);
    }

    @Test
    void jobs_noServer_isUnreachable() {
        CliRunner.Result result = CliRunner.in(tmp)
                .env(DeploymentTarget.URL_VAR, TestServer.deadUrl())
                .env(DeploymentTarget.ADMIN_KEY_VAR, "00")
                .run("jobs", "list");
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).contains("no Slipway server at");
    }
}
