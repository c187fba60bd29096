package dev.slipway.cli;

import static dev.slipway.cli.ControlPlaneKit.fails;
import static dev.slipway.cli.ControlPlaneKit.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged deploys, promote, rollback and the version list through the CLI, on a real server (a fresh
 * one per test, one installed app for all): {@code deploy --stage} leaves the current version current
 * and serves the staged one only at its pinned URL; {@code versions} marks both; {@code promote}
 * makes the staged one current and {@code rollback} the previous one again; a rollback whose schema
 * the data written since violates is refused naming the table and field, changing nothing; and
 * {@code versions retention} sets how long retired versions stay pinned.
 */
class StagePromoteRollbackTest {
    private static final String SCHEMA = """
            import { defineSchema, defineTable } from "convex/server";
            import { v } from "convex/values";

            export default defineSchema({
              messages: defineTable({ body: %s }),
            });
            """;
    private static final String MESSAGES = """
            import { v } from "convex/values";
            import { mutation, query } from "./_generated/server";

            export const send = mutation({
              args: { body: %s },
              handler: async (ctx, { body }) => await ctx.db.insert("messages", { body }),
            });

            export const list = query({
              args: {},
              handler: async (ctx) => (await ctx.db.query("messages").collect()).map((m) => m.body),
            });

            export const version = query({ args: {}, handler: async () => "%s" });
            """;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path app;
    private TestServer server;
    private CliRunner cli;

    @BeforeAll
    static void install() throws IOException {
        app = TestApps.installed(TestApps.APPS.resolve("notes-js"), shared.resolve("app"));
        Files.delete(app.resolve("convex/notes.js"));
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start(tmp.resolve("data"));
        cli = server.cli(app);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Writes the app: {@code messages.body} and {@code send}'s argument of type {@code body}. */
    private static void code(String body, String version) {
        TestApps.write(app.resolve("convex/schema.js"), SCHEMA.formatted(body));
        TestApps.write(app.resolve("convex/messages.js"), MESSAGES.formatted(body, version));
    }

    /** Deploys with {@code args} and answers the report's version id. */
    private String deploy(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("deploy", "--typecheck", "disable", "--json"));
        command.addAll(List.of(args));
        CliRunner.Result deployed = ok(cli.run(command.toArray(String[]::new)));
        return Json.parse(deployed.out()).string("versionId").orElseThrow();
    }

    private Json versions() {
        return Json.parse(ok(cli.run("versions", "--json")).out());
    }

    private static Optional<String> state(Json versions, String versionId) {
        return versions.array("versions").stream()
                .filter(v -> v.string("versionId").equals(Optional.of(versionId)))
                .findFirst()
                .flatMap(v -> v.string("state"));
    }

    /** {@code messages:version} through the unpinned URL, or through {@code version}'s pinned URL. */
    private String version(Optional<String> pinnedTo) {
        String url = pinnedTo.map(v -> server.url() + "/v/" + v).orElse(server.url());
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> reply = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/query"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"messages:version\", \"args\": {}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            return Json.parse(reply.body()).string("value").orElseThrow(() -> new AssertionError(reply.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void stage_versions_promote_rollback() {
        code("v.string()", "v1");
        String v1 = deploy();
        code("v.string()", "v2");

        CliRunner.Result staged = ok(cli.run("deploy", "--typecheck", "disable", "--stage"));

        String v2 = AppBundler.bundle(App.at(app)).versionId();
        assertThat(staged.out())
                .contains("Staging ")
                .contains("Staged version " + v2 + " on deployment default")
                .contains("Staged version " + v2 + "; it is reachable only at " + server.url() + "/v/" + v2
                        + ". Make it current with: slipway promote " + v2);
        assertThat(version(Optional.empty())).isEqualTo("v1");
        assertThat(version(Optional.of(v2))).isEqualTo("v2");

        CliRunner.Result listed = ok(cli.run("versions"));
        assertThat(listed.out())
                .containsPattern("(?m)^\\+\\s+" + v2 + "\\s+staged\\s")
                .containsPattern("(?m)^\\*\\s+" + v1 + "\\s+current\\s")
                .contains("Retention: a retired version stays reachable at its pinned URL for 24h");
        Json before = versions();
        assertThat(before.string("current")).contains(v1);
        assertThat(before.string("staged")).contains(v2);
        assertThat(state(before, v1)).contains("current");
        assertThat(state(before, v2)).contains("staged");
        assertThat(before.array("versions").getFirst().string("versionId")).contains(v2);

        CliRunner.Result promoted = ok(cli.run("promote", v2));
        assertThat(promoted.out()).contains("Promoted version " + v2 + " (was " + v1 + ") on deployment default");
        assertThat(version(Optional.empty())).isEqualTo("v2");
        Json after = versions();
        assertThat(after.string("current")).contains(v2);
        assertThat(after.get("staged")).contains(Json.Null.INSTANCE);
        assertThat(state(after, v1)).contains("retired");
        assertThat(version(Optional.of(v1)))
                .as("the retired version stays pinned")
                .isEqualTo("v1");

        fails(cli.run("promote"), 1, "NoStagedVersion");

        CliRunner.Result dryRun = ok(cli.run("rollback", "--dry-run"));
        assertThat(dryRun.out())
                .contains("Dry run: rolling back to version " + v1)
                .contains("nothing was changed");
        assertThat(version(Optional.empty())).isEqualTo("v2");

        CliRunner.Result rolledBack = ok(cli.run("rollback", "--json"));
        assertThat(rolledBack.err()).contains("Rolled back to version " + v1 + " (was " + v2 + ")");
        assertThat(Json.parse(rolledBack.out()).bool("rolledBack")).contains(true);
        assertThat(version(Optional.empty())).isEqualTo("v1");
        Json end = versions();
        assertThat(end.string("current")).contains(v1);
        assertThat(state(end, v2)).contains("retired");
    }

    @Test
    void stage_dryRunAndJson_changeNothingAndPrintTheReport() {
        code("v.string()", "v1");
        String v1 = deploy();
        code("v.string()", "v2");

        CliRunner.Result dry = ok(cli.run("deploy", "--typecheck", "disable", "--stage", "--dry-run", "--json"));

        Json report = Json.parse(dry.out());
        assertThat(report.bool("dryRun")).contains(true);
        assertThat(dry.err()).contains("Dry run: staging version").doesNotContain("Make it current with");
        assertThat(versions().get("staged")).contains(Json.Null.INSTANCE);

        String v2 = deploy("--stage");
        assertThat(versions().string("staged")).contains(v2);
        assertThat(versions().string("current")).contains(v1);
    }

    @Test
    void rollback_dataWrittenSinceViolatesTheOldSchema_isRefusedAndChangesNothing() {
        code("v.string()", "v1");
        String v1 = deploy();
        code("v.union(v.string(), v.number())", "v2");
        String v2 = deploy();
        ok(cli.run("run", "messages:send", "{\"body\": \"text\"}"));
        ok(cli.run("run", "messages:send", "{\"body\": 42}"));

        CliRunner.Result refused = cli.run("rollback");

        fails(refused, 1, "SchemaValidationFailed");
        assertThat(refused.err())
                .contains("Rollback report (version " + v1 + ", nothing was changed):")
                .contains("Schema check: FAILED")
                .contains("messages.body: expected ")
                .contains("in 1 document");
        Json versions = versions();
        assertThat(versions.string("current")).contains(v2);
        assertThat(state(versions, v1)).contains("retired");
        assertThat(version(Optional.empty())).isEqualTo("v2");

        CliRunner.Result json = cli.run("rollback", "--json");
        assertThat(json.exit()).as(json.toString()).isEqualTo(1);
        Json report = Json.parse(json.out());
        Json violation =
                report.get("schemaCheck").orElseThrow().array("violations").getFirst();
        assertThat(violation.string("table")).contains("messages");
        assertThat(violation.string("path"))
                .hasValueSatisfying(path -> assertThat(path).contains("body"));
    }

    @Test
    void versionsRetention_setsIt_andABadDurationIsAUsageError() {
        code("v.string()", "v1");
        deploy();
        assertThat(versions().number("retentionMs").map(Json.Num::longValue)).contains(86_400_000L);

        CliRunner.Result set = ok(cli.run("versions", "retention", "48h"));

        assertThat(set.out()).contains("now stay reachable at their pinned URL for 48h");
        assertThat(versions().number("retentionMs").map(Json.Num::longValue)).contains(172_800_000L);
        assertThat(ok(cli.run("versions")).out())
                .contains("Retention: a retired version stays reachable at its pinned URL for 48h");

        fails(cli.run("versions", "retention", "-1"), 2, "the retention '-1' is negative");
        fails(cli.run("versions", "retention", "3 weeks"), 2, "the retention '3 weeks'");
        assertThat(versions().number("retentionMs").map(Json.Num::longValue)).contains(172_800_000L);

        ok(cli.run("versions", "retention", "0"));
        assertThat(versions().number("retentionMs").map(Json.Num::longValue)).contains(0L);
        assertThat(ok(cli.run("versions")).out()).contains("Retention: off");
    }
}
