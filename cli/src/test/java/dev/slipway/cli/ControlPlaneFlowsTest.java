package dev.slipway.cli;

import static dev.slipway.cli.ControlPlaneKit.fails;
import static dev.slipway.cli.ControlPlaneKit.ok;
import static dev.slipway.cli.ControlPlaneKit.person;
import static dev.slipway.cli.ControlPlaneKit.secret;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control-plane commands as people type them, against a running server: {@code login} and
 * {@code logout}, {@code team}, {@code project}, {@code deployment create|list|select|delete}, {@code
 * deployment token create --save-env} and an app command that then runs on the token alone, {@code
 * deploy-key create}, {@code dev} giving a member their own dev deployment, the production prompt
 * decided by the control plane's type, and the <i>cannot</i>s: a member cannot read another team, a
 * deployment token cannot reach another deployment, a revoked token fails at once, and the team's
 * deployment limit is an error that names it.
 */
@Tag("node")
class ControlPlaneFlowsTest {
    private static final Pattern NAME = Pattern.compile("[a-z]+-[a-z]+-[0-9]{3}");

    @TempDir
    Path tmp;

    private static String name(String text, String after) {
        Matcher m = NAME.matcher(text.substring(text.indexOf(after)));
        assertThat(m.find())
                .as("a deployment name after \"%s\" in %s", after, text)
                .isTrue();
        return m.group();
    }

    @Test
    void teamsProjectsDeploymentsTokensAndKeys_throughTheCli() {
        Path data = tmp.resolve("data");
        try (TestServer server = TestServer.start(data)) {
            Path app = TestApps.installed(TestApps.APPS.resolve("notes-js"), tmp.resolve("app"));
            // as `slipway init --admin-key` leaves it: the key of the legacy deployment, which the login must
            // win over once another deployment is selected
            EnvFile.update(
                    app.resolve(".env.local"),
                    Map.of(DeploymentTarget.URL_VAR, server.url(), DeploymentTarget.ADMIN_KEY_VAR, server.adminKey()));
            CliRunner owner = person(tmp.resolve("owner"), app);

            // login, logout, and login again
            CliRunner.Result login =
                    ok(owner.run("login", "--url", server.serverUrl(), "--token", ControlPlaneKit.ownerToken(data)));
            assertThat(login.out()).contains("as the owner, in team(s) default (admin)");
            assertThat(ok(owner.run("logout")).out()).contains("Logged out of " + server.serverUrl());
            fails(owner.run("team", "list"), 2, "not logged in");
            ok(owner.run("login", "--url", server.serverUrl(), "--token", ControlPlaneKit.ownerToken(data)));
            fails(
                    owner.run("login", "--url", server.serverUrl(), "--token", "sw_member_" + "a".repeat(52)),
                    4,
                    "Unauthenticated");

            // teams and projects
            assertThat(ok(owner.run("team", "create", "acme")).out()).contains("Created team acme (plan starter");
            assertThat(ok(owner.run("team", "list")).out()).contains("* acme", "default");
            String bobToken = secret(ok(owner.run("team", "add-member", "bob", "--token")));
            CliRunner.Result chat = ok(owner.run("project", "create", "chat"));
            String production = name(chat.out(), "production deployment is");
            assertThat(ok(owner.run("project", "list")).out()).contains("* acme/chat");

            // deployments: create, list, select, delete
            CliRunner.Result staging = ok(owner.run("deployment", "create", "staging", "--type", "custom"));
            String stagingName = name(staging.out(), "staging");
            assertThat(ok(owner.run("deployment", "list")).out())
                    .contains("production  " + production + "  (prod", "staging  " + stagingName + "  (custom");
            ok(owner.run("deployment", "select", "staging"));
            assertThat(EnvFile.read(app.resolve(".env.local")))
                    .containsEntry(DeploymentTarget.DEPLOYMENT_VAR, stagingName)
                    .containsEntry(DeploymentTarget.URL_VAR, server.serverUrl() + "/d/" + stagingName);
            assertThat(ok(owner.run("deployment", "list")).out()).contains("* staging");
            ok(owner.run("deployment", "delete", "staging", "--yes"));
            assertThat(ok(owner.run("deployment", "list")).out()).doesNotContain("staging");
            assertThat(server.deploymentNames()).doesNotContain(stagingName);

            // the production prompt comes from the control plane's type (the name says nothing)
            ok(owner.run("deployment", "select", "production"));
            CliRunner.Result declined = owner.interactive("n\n").run("deploy", "--typecheck", "disable");
            assertThat(declined.exit()).as(declined.toString()).isEqualTo(1);
            assertThat(declined.out()).contains("Push to the production deployment " + production);
            assertThat(declined.err()).contains("Nothing was pushed.");
            ok(owner.run("deploy", "--yes"));

            // a deployment token in .env.local: the app's commands run on it alone, without a login
            ok(owner.run("deployment", "create", "qa-env", "--type", "custom"));
            CliRunner.Result token =
                    ok(owner.run("deployment", "token", "create", "agent", "--save-env", "--deployment", "qa-env"));
            assertThat(token.out()).contains("Wrote SLIPWAY_DEPLOY_KEY to " + app.resolve(".env.local"));
            String depToken = Objects.requireNonNull(
                    EnvFile.read(app.resolve(".env.local")).get(DeploymentTarget.DEPLOY_KEY_VAR));
            assertThat(depToken).startsWith("sw_dep_");
            assertThat(token.out()).doesNotContain(depToken);
            CliRunner nobody = person(tmp.resolve("nobody"), app);
            CliRunner.Result viaToken = ok(nobody.run("deploy"));
            String qa = name(viaToken.out(), "Deploying to custom deployment");
            assertThat(viaToken.out()).contains("SLIPWAY_DEPLOY_KEY in " + app.resolve(".env.local"));
            ok(nobody.run("run", "notes:add", "{\"text\": \"on qa\"}"));
            assertThat(ok(nobody.run("run", "notes:all")).out()).isEqualTo("[\n  \"on qa\"\n]\n");
            // ... which cannot reach another deployment
            fails(nobody.run("run", "--prod", "notes:all"), 4, "the deployment token 'agent' of deployment " + qa);
            fails(
                    nobody.run("run", "--url", server.serverUrl() + "/d/" + production, "notes:all"),
                    4,
                    "may not run functions");

            // listed with its last use, then revoked through the CLI: it fails at once
            String tokenId = ControlPlaneKit.http("GET", server.serverUrl() + "/control/whoami", depToken, "")
                    .body()
                    .replaceAll(".*\"credentialId\":\"([^\"]+)\".*", "$1");
            String listed = ok(owner.run("credentials", "list")).out();
            assertThat(listed.lines().filter(line -> line.startsWith(tokenId)))
                    .singleElement()
                    .satisfies(line ->
                            assertThat(line).as("last used, not revoked").matches(".*\\d\\d:\\d\\d\\s+-$"));
            assertThat(ok(owner.run("credentials", "revoke", tokenId)).err())
                    .contains("Revoked")
                    .contains(tokenId);
            assertThat(ok(owner.run("credentials", "list")).out().lines().filter(line -> line.startsWith(tokenId)))
                    .singleElement()
                    .satisfies(line -> assertThat(line).doesNotEndWith("-"));
            fails(nobody.run("run", "notes:all"), 4, "Unauthenticated");

            // a production deploy key: CI deploys to production with it alone
            String prodKey = secret(ok(owner.run("deploy-key", "create", "--type", "prod")));
            CliRunner ci = person(tmp.resolve("ci"), tmp.resolve("app"))
                    .env(DeploymentTarget.DEPLOY_KEY_VAR, prodKey)
                    .env(DeploymentTarget.URL_VAR, server.serverUrl());
            assertThat(ok(ci.run("run", "notes:all")).out()).isEqualTo("[]\n");

            // a member: their own dev deployment with `slipway dev`, nothing of another team
            Path bobApp = TestApps.installed(TestApps.APPS.resolve("notes-js"), tmp.resolve("bob/app"));
            CliRunner bob = person(tmp.resolve("bob"), bobApp);
            assertThat(ok(bob.run("login", "--url", server.serverUrl(), "--token", bobToken))
                            .out())
                    .contains("member bob", "Working in team acme, project chat");
            CliRunner.Result dev = ok(bob.run("dev", "--once"));
            String bobDev = EnvFile.read(bobApp.resolve(".env.local")).get(DeploymentTarget.DEPLOYMENT_VAR);
            assertThat(dev.out())
                    .contains("Using deployment " + bobDev, "your dev deployment dev/bob of acme/chat, created now");
            ok(bob.run("run", "notes:add", "{\"text\": \"bob's\"}"));
            CliRunner.Result again = ok(bob.run("dev", "--once"));
            assertThat(again.out()).contains("Using deployment " + bobDev).doesNotContain("created now");
            assertThat(ok(bob.run("run", "notes:all")).out()).isEqualTo("[\n  \"bob's\"\n]\n");
            assertThat(ok(bob.run("team", "list")).out()).contains("acme").doesNotContain("default");
            fails(bob.run("project", "list", "--team", "default"), 4, "member bob may not", "team default");
            fails(bob.run("deploy", "--prod", "--yes"), 4, "member bob may not push code to");

            // the team's deployment limit (starter: 40) is an error that names it
            for (int i = 0; i < 36; i++) { // with production, qa, dev/bob and qa-last: 40
                assertThat(ControlPlaneKit.http(
                                        "POST",
                                        server.serverUrl() + "/control/teams/acme/projects/chat/deployments",
                                        ControlPlaneKit.ownerToken(data),
                                        "{\"type\":\"custom\",\"reference\":\"qa-" + i + "\"}")
                                .status())
                        .isEqualTo(201);
            }
            ok(owner.run("deployment", "create", "qa-last", "--type", "custom"));
            fails(
                    owner.run("deployment", "create", "one-too-many", "--type", "custom"),
                    4,
                    "40",
                    "acme",
                    "starter",
                    "LimitReached");
        }
    }
}
