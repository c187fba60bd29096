package dev.slipway.cli;

import static dev.slipway.cli.ControlPlaneKit.fails;
import static dev.slipway.cli.ControlPlaneKit.ok;
import static dev.slipway.cli.ControlPlaneKit.person;
import static dev.slipway.cli.ControlPlaneKit.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed flow of issue 6, "an isolated dev deployment for every coding agent", through the CLI as
 * the agents type it, against a running server: the owner adds three agents to the team, and each
 * agent, with a login and an app of its own, creates {@code dev/agent-N} (expiring in 7 days),
 * selects it, deploys the same app and runs its functions. Their data never mixes, no agent reaches
 * another's deployment, and deleting one leaves the others serving with all their data. Subclasses
 * choose the storage backend.
 */
@Tag("node")
abstract class AbstractAgentDeploymentsTest {
    @TempDir
    Path tmp;

    /** The server's settings on the backend under test. */
    abstract ServerConfig.Builder config(Path data);

    /** Whether deployment {@code name}'s store is gone from the backend. */
    abstract void assertStoreGone(Path data, String name);

    /** Removes what the test left on a shared backend, after the server stopped. */
    void cleanUp(List<String> deployments) {}

    @Test
    void threeAgents_eachGetAnIsolatedDevDeployment() {
        Path data = tmp.resolve("data");
        List<String> names = new ArrayList<>();
        try (TestServer server = TestServer.start(config(data))) {
            try {
                CliRunner owner = person(tmp.resolve("owner"), tmp);
                ok(owner.run("login", "--url", server.serverUrl(), "--token", ControlPlaneKit.ownerToken(data)));
                ok(owner.run("project", "create", "app"));

                List<CliRunner> agents = new ArrayList<>();
                List<String> deployments = new ArrayList<>();
                for (int n = 1; n <= 3; n++) {
                    String token = secret(ok(owner.run("team", "add-member", "agent-" + n, "--token")));
                    Path app =
                            TestApps.installed(TestApps.APPS.resolve("notes-js"), tmp.resolve("agent-" + n + "/app"));
                    CliRunner agent = person(tmp.resolve("agent-" + n), app);
                    CliRunner.Result login = ok(agent.run("login", "--url", server.serverUrl(), "--token", token));
                    assertThat(login.out()).contains("member agent-" + n, "Working in team default, project app");

                    CliRunner.Result created = ok(agent.run(
                            "deployment",
                            "create",
                            "dev/agent-" + n,
                            "--type",
                            "dev",
                            "--expiration",
                            "in 7 days",
                            "--select"));
                    assertThat(created.out()).contains("dev/agent-" + n, "(dev, created by agent-" + n + ", expires");
                    String name = EnvFile.read(app.resolve(".env.local")).get(DeploymentTarget.DEPLOYMENT_VAR);
                    assertThat(name).isNotNull().matches("[a-z]+-[a-z]+-[0-9]{3}");
                    assertThat(EnvFile.read(app.resolve(".env.local")))
                            .containsEntry(DeploymentTarget.URL_VAR, server.serverUrl() + "/d/" + name)
                            .doesNotContainKey(DeploymentTarget.ADMIN_KEY_VAR);
                    deployments.add(name);
                    names.add(name);

                    CliRunner.Result deploy = ok(agent.run("deploy"));
                    assertThat(deploy.out()).contains("Deploying to dev deployment " + name, "mutation notes:add");
                    agents.add(agent);
                }

                // each agent writes, and each sees only its own writes
                for (int n = 1; n <= 3; n++) {
                    ok(agents.get(n - 1).run("run", "notes:add", "{\"text\": \"from agent-" + n + "\"}"));
                }
                for (int n = 1; n <= 3; n++) {
                    assertThat(ok(agents.get(n - 1).run("run", "notes:all")).out())
                            .isEqualTo("[\n  \"from agent-" + n + "\"\n]\n");
                }

                // no agent reaches another's deployment, by reference or by name
                fails(
                        agents.get(0).run("run", "--deployment", "dev/agent-2", "notes:all"),
                        4,
                        "member agent-1 may not run functions",
                        "dev/agent-2");
                fails(
                        agents.get(0).run("run", "--deployment", deployments.get(2), "notes:add", "{\"text\": \"x\"}"),
                        4,
                        "member agent-1 may not");
                fails(
                        agents.get(1).run("deploy", "--url", server.serverUrl() + "/d/" + deployments.get(0), "--yes"),
                        4,
                        "member agent-2 may not push code to");
                assertThat(ok(agents.get(2).run("run", "notes:all")).out()).isEqualTo("[\n  \"from agent-3\"\n]\n");

                // deleting one leaves the others with all their data
                ok(agents.get(1).run("deployment", "delete", "dev/agent-2", "--yes"));
                names.remove(deployments.get(1));
                assertStoreGone(data, deployments.get(1));
                assertThat(server.deploymentNames()).doesNotContain(deployments.get(1));
                fails(agents.get(1).run("run", "notes:all"), 1, "DeploymentNotFound");
                assertThat(ok(agents.get(0).run("run", "notes:all")).out()).isEqualTo("[\n  \"from agent-1\"\n]\n");
                assertThat(ok(agents.get(2).run("run", "notes:all")).out()).isEqualTo("[\n  \"from agent-3\"\n]\n");
                assertThat(ok(owner.run("deployment", "list")).out())
                        .contains("production", "dev/agent-1", "dev/agent-3")
                        .doesNotContain("dev/agent-2");
            } finally {
                names.addAll(server.deploymentNames());
            }
        } finally {
            cleanUp(names.stream().distinct().filter(n -> !n.equals("default")).toList());
        }
    }
}
