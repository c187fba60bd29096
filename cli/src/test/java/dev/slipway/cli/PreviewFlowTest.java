package dev.slipway.cli;

import static dev.slipway.cli.ControlPlaneKit.fails;
import static dev.slipway.cli.ControlPlaneKit.ok;
import static dev.slipway.cli.ControlPlaneKit.person;
import static dev.slipway.cli.ControlPlaneKit.secret;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview flow of issue 6 through the CLI as CI runs it, against a running server whose clock
 * the test moves: a preview deploy key plus {@code GITHUB_HEAD_REF=feature-x} deploys to {@code
 * preview/feature-x}, seeded by {@code --preview-run} on the deploy that creates it; a second deploy
 * keeps its data and does not seed again; {@code --preview-create} resets it; a failing seed fails
 * the deploy and keeps the preview; the key reaches neither production nor another project; and
 * once the plan's preview lifetime has passed, the sweeper deletes it with its data.
 */
@Tag("node")
class PreviewFlowTest {
    private static final Pattern TARGET = Pattern.compile("Deploying to preview deployment ([a-z0-9-]+) at ");
    private static final String SEED = """
            import { mutation } from "./_generated/server";

            export const seed = mutation({
              args: {},
              handler: async (ctx) => {
                await ctx.db.insert("notes", { text: "seeded", at: 0 });
              },
            });

            export const fail = mutation({
              args: {},
              handler: async () => {
                throw new Error("the seed data is missing");
              },
            });
            """;

    @TempDir
    Path tmp;

    private static String previewName(CliRunner.Result deploy) {
        Matcher m = TARGET.matcher(deploy.out());
        assertThat(m.find()).as("the preview deployed to, in %s", deploy).isTrue();
        return m.group(1);
    }

    private static String notes(CliRunner ci, String reference) {
        return ok(ci.run("run", "--deployment", reference, "notes:all")).out();
    }

    @Test
    void previewKey_onABranch_createsSeedsReusesRecreatesAndExpires() {
        Path data = tmp.resolve("data");
        ControlPlaneKit.MovableClock clock = new ControlPlaneKit.MovableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try (TestServer server =
                TestServer.start(TestServer.config(data).clock(clock).sweepInterval(Duration.ofMillis(50)))) {
            CliRunner owner = person(tmp.resolve("owner"), tmp);
            ok(owner.run("login", "--url", server.serverUrl(), "--token", ControlPlaneKit.ownerToken(data)));
            ok(owner.run("project", "create", "app"));
            String key = secret(ok(owner.run("deploy-key", "create", "--type", "preview", "--name", "ci")));
            assertThat(key).startsWith("sw_preview_");

            Path app = TestApps.installed(TestApps.APPS.resolve("notes-js"), tmp.resolve("ci/app"));
            TestApps.write(app.resolve("convex/seed.js"), SEED);
            // CI: no login, the key and the server in the environment, the branch from GitHub Actions
            CliRunner ci = person(tmp.resolve("ci"), app)
                    .env(DeploymentTarget.DEPLOY_KEY_VAR, key)
                    .env(DeploymentTarget.URL_VAR, server.serverUrl())
                    .env("GITHUB_HEAD_REF", "feature-x");

            CliRunner.Result first = ok(ci.run("deploy", "--preview-run", "seed:seed"));
            String preview = previewName(first);
            assertThat(first.out())
                    .contains("the preview of branch feature-x (GITHUB_HEAD_REF")
                    .contains("Running seed:seed on the new preview " + preview);
            assertThat(ok(owner.run("deployment", "list")).out()).contains("preview/feature-x  " + preview);
            assertThat(notes(ci, "preview/feature-x")).isEqualTo("[\n  \"seeded\"\n]\n");

            // a second deploy reuses it with its data, and does not seed again
            ok(ci.run("run", "--deployment", "preview/feature-x", "notes:add", "{\"text\": \"kept\"}"));
            CliRunner.Result second = ok(ci.run("deploy", "--preview-run", "seed:seed"));
            assertThat(previewName(second)).isEqualTo(preview);
            assertThat(second.out()).contains("Not running seed:seed: the preview " + preview + " existed");
            assertThat(notes(ci, "preview/feature-x")).isEqualTo("[\n  \"seeded\",\n  \"kept\"\n]\n");

            // --preview-create deletes it with its data and creates it afresh, seeded again
            CliRunner.Result recreated =
                    ok(ci.run("deploy", "--preview-create", "feature-x", "--preview-run", "seed:seed"));
            String fresh = previewName(recreated);
            assertThat(fresh).isNotEqualTo(preview);
            assertThat(data.resolve("deployments").resolve(preview)).doesNotExist();
            assertThat(notes(ci, "preview/feature-x")).isEqualTo("[\n  \"seeded\"\n]\n");

            // a failing seed fails the deploy; the preview stays, with the code pushed
            CliRunner.Result failed = ci.run("deploy", "--preview-name", "broken-seed", "--preview-run", "seed:fail");
            fails(failed, 1, "the seed data is missing", "--preview-run seed:fail failed", "stays");
            assertThat(notes(ci, "preview/broken-seed")).isEqualTo("[]\n");

            // without a branch and without a name, a preview key does not know where to deploy
            CliRunner outsideCi = person(tmp.resolve("ci"), app)
                    .env(DeploymentTarget.DEPLOY_KEY_VAR, key)
                    .env(DeploymentTarget.URL_VAR, server.serverUrl());
            fails(outsideCi.run("deploy"), 2, "needs the preview's name", "--preview-name", "GITHUB_HEAD_REF");

            // the key reaches neither production nor another project
            fails(ci.run("deploy", "--prod"), 4, "the preview deploy key 'ci' of project default/app may not select");
            ok(owner.run("project", "create", "other"));
            fails(
                    ci.run("run", "--deployment", "other:preview/feature-x", "notes:all"),
                    1,
                    "has no deployment preview/feature-x");
            ok(owner.run("deployment", "create", "preview/feature-x", "--type", "preview", "--project", "other"));
            fails(
                    ci.run("run", "--deployment", "other:preview/feature-x", "notes:all"),
                    4,
                    "may not select",
                    "default/other");

            // the team's plan (pro: previews live 14 days): after 15 days the sweeper deletes it with its data
            clock.advance(Duration.ofDays(15));
            // a deleted deployment answers 404 at once; its data goes once its last requests are done
            Await.until(
                    "the sweeper to delete the expired preview " + fresh + " and its data",
                    () -> ControlPlaneKit.http(
                                                    "POST",
                                                    server.serverUrl() + "/d/" + fresh + "/api/query",
                                                    key,
                                                    "{\"path\":\"notes:all\",\"args\":{}}")
                                            .status()
                                    == 404
                            && !java.nio.file.Files.exists(
                                    data.resolve("deployments").resolve(fresh))
                            && !server.deploymentNames().contains(fresh),
                    Duration.ofSeconds(60),
                    () -> "deployments: " + server.deploymentNames());
            fails(
                    ci.run("run", "--deployment", "preview/feature-x", "notes:all"),
                    1,
                    "has no deployment preview/feature-x");
            assertThat(ok(owner.run("deployment", "list", "--project", "app")).out())
                    .doesNotContain("preview/feature-x");
        }
    }
}
