package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway deploy} against the function-API gate, on a real server: a rename is refused with
 * {@code ERR} lines and the fix, {@code --json} prints the report as JSON on stdout (refused or not)
 * for CI, and {@code --allow-breaking} pushes it.
 */
class BreakingDeployTest {
    @TempDir
    Path tmp;

    @Test
    void rename_isRefusedWithTheFix_jsonForCi_andAllowBreakingDeploys() {
        try (TestServer server = TestServer.start(tmp.resolve("data"))) {
            Path app = TestApps.installed(TestApps.APPS.resolve("notes-js"), tmp.resolve("notes"));
            CliRunner cli = server.cli(app);
            CliRunner.Result first = cli.run("deploy");
            assertThat(first.exit()).as(first.toString()).isZero();
            Path notes = app.resolve("convex/notes.js");
            TestApps.write(notes, TestApps.read(notes).replace("export const add =", "export const insert ="));

            CliRunner.Result refused = cli.run("deploy");
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err())
                    .contains("API check against the live version ")
                    .contains("  ERR  notes:add (mutation) is removed")
                    .contains("notes:insert was added with the same kind and arguments")
                    .contains("or push anyway with --allow-breaking.");

            CliRunner.Result dryJson = cli.run("deploy", "--dry-run", "--json");
            assertThat(dryJson.exit()).as(dryJson.toString()).isEqualTo(1);
            Json report = Json.parse(dryJson.out());
            assertThat(report.bool("dryRun")).contains(true);
            Json apiCheck = report.get("apiCheck").orElseThrow();
            assertThat(apiCheck.bool("passed")).contains(false);
            assertThat(apiCheck.array("findings").getFirst().string("rule")).contains("functionRemoved");
            assertThat(dryJson.err()).contains("  ERR  notes:add (mutation) is removed");

            CliRunner.Result allowed = cli.run("deploy", "--allow-breaking", "--json");
            assertThat(allowed.exit()).as(allowed.toString()).isZero();
            Json accepted = Json.parse(allowed.out());
            assertThat(accepted.bool("switched")).contains(true);
            assertThat(accepted.bool("allowBreaking")).contains(true);
            assertThat(allowed.err()).contains("Breaking changes allowed (--allow-breaking)");
            CliRunner.Result insert = cli.run("run", "notes:insert", "{\"text\": \"x\"}");
            assertThat(insert.exit()).as(insert.toString()).isZero();
        }
    }
}
