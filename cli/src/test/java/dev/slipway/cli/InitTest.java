package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway init}, then the app it made installs, type-checks, deploys and runs. */
class InitTest {
    @TempDir
    Path tmp;

    @Test
    void init_scaffoldsAnAppThatDeploysAndRuns() {
        try (TestServer server = TestServer.start(tmp.resolve("data"))) {
            CliRunner.Result init =
                    CliRunner.in(tmp).run("init", "My App", "--url", server.url(), "--admin-key", server.adminKey());
            Path app = tmp.resolve("My App");

            assertThat(init.exit()).as(init.toString()).isZero();
            assertThat(init.out())
                    .contains("package.json")
                    .contains("convex/schema.ts")
                    .contains("convex/tasks.ts")
                    .contains("convex/_generated/api.d.ts")
                    .contains("npm install");
            assertThat(TestApps.read(app.resolve("package.json")))
                    .contains("\"name\": \"my-app\"")
                    .contains("\"convex\": \"1.48.0\"");
            assertThat(TestApps.read(app.resolve(".env.local")))
                    .contains("SLIPWAY_URL=" + server.url())
                    .contains("SLIPWAY_DEPLOYMENT=default")
                    .contains("SLIPWAY_ADMIN_KEY=" + server.adminKey());
            assertThat(TestApps.read(app.resolve("convex/_generated/api.d.ts")))
                    .contains("import type * as tasks from \"../tasks.js\";");

            TestApps.run(app, List.of("npm", "install", "--prefer-offline", "--no-audit", "--no-fund"));
            CliRunner cli = CliRunner.in(app); // the target comes from .env.local alone
            CliRunner.Result deploy = cli.run("deploy", "--typecheck", "enable");
            assertThat(deploy.exit()).as(deploy.toString()).isZero();
            assertThat(deploy.out()).contains("mutation tasks:add").contains("query tasks:list");

            assertThat(cli.run("run", "tasks:add", "{\"text\": \"write docs\"}").exit())
                    .isZero();
            CliRunner.Result list = cli.run("run", "tasks:list", "{\"done\": false}");
            assertThat(list.exit()).as(list.toString()).isZero();
            assertThat(list.out()).contains("\"text\": \"write docs\"").contains("\"done\": false");
        }
    }

    @Test
    void init_keepsExistingFiles() {
        TestApps.write(tmp.resolve("convex/tasks.ts"), "export const mine = 1;\n");

        CliRunner.Result init = CliRunner.in(tmp).run("init");

        assertThat(init.exit()).as(init.toString()).isZero();
        assertThat(TestApps.read(tmp.resolve("convex/tasks.ts"))).isEqualTo("export const mine = 1;\n");
        assertThat(init.out()).doesNotContain("convex/tasks.ts").contains("convex/schema.ts");
        assertThat(TestApps.read(tmp.resolve(".env.local"))).contains("SLIPWAY_URL=http://127.0.0.1:3210/d/default");
    }

    @Test
    void init_badUrl_isAUsageError() {
        CliRunner.Result init = CliRunner.in(tmp).run("init", "--url", "http://127.0.0.1:3210/api");

        assertThat(init.exit()).isEqualTo(2);
        assertThat(init.err()).contains("is not a deployment URL");
    }
}
