package dev.slipway.cli;

import static dev.slipway.cli.ControlPlaneKit.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skew protection through {@code slipway deploy --cmd}, on a real server: the build gets the pinned
 * URL of the version being deployed ({@code <deployment URL>/v/<versionId>}), computed before the
 * push, and the unpinned URL in {@code SLIPWAY_DEPLOYMENT_URL}; the CLI's version id equals the one
 * the server gives the same bundle (so the two algorithms cannot drift apart unnoticed); and a client
 * call through the pinned URL keeps running that version after a newer one goes live.
 */
class DeployPinnedUrlTest {
    /** Writes the variables the build sees, one NAME=value a line (unset ones as NAME=). */
    private static final String RECORD_ENV = "for v in SLIPWAY_URL CONVEX_URL VITE_CONVEX_URL NEXT_PUBLIC_CONVEX_URL"
            + " SLIPWAY_DEPLOYMENT_URL MY_URL; do eval \"echo $v=\\${$v:-}\"; done > build-env.properties";

    @TempDir
    static Path tmp;

    private static TestServer server;
    private static Path app;
    private static CliRunner cli;

    @BeforeAll
    static void install() {
        server = TestServer.start(tmp.resolve("data"));
        app = TestApps.installed(TestApps.APPS.resolve("notes-js"), tmp.resolve("notes"));
        cli = server.cli(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> buildEnv() {
        Properties env = new Properties();
        try (Reader in = Files.newBufferedReader(app.resolve("build-env.properties"), StandardCharsets.UTF_8)) {
            env.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new TreeMap<>();
        env.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }

    /** A public query called as a browser client calls it: {@code POST <url>/api/query}, no credential. */
    private static String query(String url, String function) {
        HttpResponse<String> reply;
        try (HttpClient http = HttpClient.newHttpClient()) {
            reply = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/query"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"" + function + "\", \"args\": {}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        Json answer = Json.parse(reply.body());
        assertThat(answer.string("status")).as(reply.body()).contains("success");
        return answer.get("value").orElseThrow().text();
    }

    @Test
    void cmd_getsThePinnedUrlOfTheVersionPushed_andItKeepsServingThatVersion() {
        ok(cli.run("run", "--push", "notes:add", "{\"text\": \"hello\"}"));
        TestApps.write(
                app.resolve("convex/notes.js"),
                TestApps.read(app.resolve("convex/notes.js")).replace("(n) => n.text", "(n) => \"v1:\" + n.text"));

        CliRunner.Result v1 = ok(cli.run("deploy", "--cmd", RECORD_ENV, "--json"));

        String version1 = Json.parse(v1.out()).string("versionId").orElseThrow();
        String pinned1 = server.url() + "/v/" + version1;
        Map<String, String> env = buildEnv();
        assertThat(env)
                .containsEntry("SLIPWAY_URL", pinned1)
                .containsEntry("CONVEX_URL", pinned1)
                .containsEntry("VITE_CONVEX_URL", pinned1)
                .containsEntry("NEXT_PUBLIC_CONVEX_URL", pinned1)
                .containsEntry("SLIPWAY_DEPLOYMENT_URL", server.url());
        assertThat(v1.err())
                .contains("Running `" + RECORD_ENV + "` with SLIPWAY_URL, CONVEX_URL, VITE_CONVEX_URL,"
                        + " NEXT_PUBLIC_CONVEX_URL=" + pinned1 + " (pinned to version " + version1 + ") and"
                        + " SLIPWAY_DEPLOYMENT_URL=" + server.url());
        assertThat(query(pinned1, "notes:all")).isEqualTo("[\"v1:hello\"]");

        // version 2 goes live: the unpinned URL serves it, the frontend built with version 1 still gets version 1
        TestApps.write(
                app.resolve("convex/notes.js"),
                TestApps.read(app.resolve("convex/notes.js")).replace("\"v1:\" + n.text", "\"v2:\" + n.text"));
        CliRunner.Result v2 = ok(cli.run("deploy", "--cmd", RECORD_ENV, "--cmd-url-env-var-name", "MY_URL", "--json"));
        String version2 = Json.parse(v2.out()).string("versionId").orElseThrow();
        assertThat(version2).isNotEqualTo(version1);
        assertThat(buildEnv())
                .containsEntry("MY_URL", server.url() + "/v/" + version2)
                .containsEntry("SLIPWAY_URL", "")
                .containsEntry("CONVEX_URL", "")
                .containsEntry("SLIPWAY_DEPLOYMENT_URL", server.url());
        assertThat(query(server.url(), "notes:all")).isEqualTo("[\"v2:hello\"]");
        assertThat(query(pinned1, "notes:all")).isEqualTo("[\"v1:hello\"]");
        assertThat(query(server.url() + "/v/" + version2, "notes:all")).isEqualTo("[\"v2:hello\"]");
    }

    @Test
    void versionId_computedByTheCli_equalsTheServers() {
        TestApps.write(app.resolve("convex/extra.js"), """
                import { query } from "./_generated/server";
                export const ping = query({ args: {}, handler: async () => "pong é 𝄞" });
                """);
        try {
            StringWriter ignored = new StringWriter();
            String local = Pusher.prepare(
                            App.at(app),
                            TypeCheck.Mode.DISABLE,
                            new PrintWriter(ignored, true),
                            new PrintWriter(ignored, true))
                    .versionId();

            CliRunner.Result deployed = ok(cli.run("deploy", "--json"));

            assertThat(Json.parse(deployed.out()).string("versionId")).contains(local);
            assertThat(deployed.err()).contains("Pushed version " + local);
        } finally {
            try {
                Files.deleteIfExists(app.resolve("convex/extra.js"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void contradictoryOptions_areUsageErrors() {
        CliRunner.Result result =
                cli.run("deploy", "--cmd", "true", "--cmd-url-env-var-name", "SLIPWAY_DEPLOYMENT_URL");

        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("SLIPWAY_DEPLOYMENT_URL: that variable holds the unpinned deployment URL");
        CliRunner.Result badName = cli.run("deploy", "--cmd", "true", "--cmd-url-env-var-name", "MY-URL");
        assertThat(badName.exit()).as(badName.toString()).isEqualTo(2);
        assertThat(badName.err()).contains("'MY-URL' is not an environment variable name");
        CliRunner.Result stagedSeed = cli.run("deploy", "--stage", "--preview-run", "seed:init");
        assertThat(stagedSeed.exit()).as(stagedSeed.toString()).isEqualTo(2);
        assertThat(stagedSeed.err()).contains("--preview-run runs its function on the current version");
    }
}
