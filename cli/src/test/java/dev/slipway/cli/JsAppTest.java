package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plain JavaScript app, without TypeScript or a schema, deploys and runs (src/test/apps/notes-js). */
class JsAppTest {
    @TempDir
    Path tmp;

    @Test
    void javascriptApp_deploysWithoutTypeScript_andRuns() {
        try (TestServer server = TestServer.start(tmp.resolve("data"))) {
            Path app = TestApps.installed(TestApps.APPS.resolve("notes-js"), tmp.resolve("notes"));
            CliRunner cli = server.cli(app);

            CliRunner.Result deploy = cli.run("deploy");
            assertThat(deploy.exit()).as(deploy.toString()).isZero();
            assertThat(deploy.out())
                    .doesNotContain("Type-checking")
                    .contains("mutation notes:add")
                    .contains("query notes:all")
                    .contains("Schema: none");
            assertThat(TestApps.read(app.resolve("convex/_generated/dataModel.d.ts")))
                    .contains("AnyDataModel");

            CliRunner.Result add = cli.run("run", "notes:add", "{\"text\": \"  buy   milk \"}");
            assertThat(add.exit()).as(add.toString()).isZero();
            assertThat(add.err()).contains("[INFO] 'adding' 'buy milk'");
            assertThat(cli.run("run", "notes:all").out()).isEqualTo("[\n  \"buy milk\"\n]\n");

            CliRunner.Result enable = cli.run("deploy", "--typecheck", "enable");
            assertThat(enable.exit()).isEqualTo(1);
            assertThat(enable.err())
                    .contains("--typecheck enable needs TypeScript: run npm install --save-dev typescript");
        }
    }
}
