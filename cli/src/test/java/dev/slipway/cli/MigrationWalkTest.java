package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed-004 migration walk through the CLI as a user types it: deploy a schema, insert documents,
 * add a field as {@code v.optional}, backfill it with an internal mutation through {@code slipway
 * run}, then make it required (accepted). Making it required before the backfill is refused with the
 * report (table, field, count, sample ids), and a refused or dry-run deploy changes nothing: a full
 * export before and after is identical.
 */
class MigrationWalkTest {
    @TempDir
    static Path tmp;

    private static TestServer server;
    private static CliRunner cli;
    private static Path app;

    @BeforeAll
    static void install() {
        server = TestServer.start(tmp.resolve("data"));
        app = TestApps.installed(TestApps.APPS.resolve("tasks-ts"), tmp.resolve("walk"));
        cli = server.cli(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void optionalField_backfill_thenRequired() throws IOException {
        write("convex/people.ts", """
                import { v } from "convex/values";
                import { internalMutation, mutation } from "./_generated/server";

                export const add = mutation({
                  args: { name: v.string() },
                  handler: async (ctx, { name }) => await ctx.db.insert("people", { name }),
                });

                export const backfillAge = internalMutation({
                  args: {},
                  handler: async (ctx) => {
                    let changed = 0;
                    for (const person of await ctx.db.query("people").collect()) {
                      if (person.age === undefined) {
                        await ctx.db.patch(person._id, { age: 0 });
                        changed++;
                      }
                    }
                    return changed;
                  },
                });
                """);
        schema("v.optional(v.number())", false);
        deploy();
        for (String name : new String[] {"ada", "bob", "cy"}) {
            CliRunner.Result added = cli.run("run", "people:add", "{\"name\": \"" + name + "\"}");
            assertThat(added.exit()).as(added.toString()).isZero();
        }

        schema("v.number()", true);
        Map<String, String> before = export("before.zip");
        CliRunner.Result dryRun = cli.run("deploy", "--typecheck", "disable", "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.toString()).isEqualTo(1);
        CliRunner.Result refused = cli.run("deploy", "--typecheck", "disable");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out() + refused.err())
                .contains("people")
                .contains("age")
                .contains("3");
        assertThat(export("after-refusal.zip"))
                .as("a refused deploy changes nothing")
                .isEqualTo(before);

        schema("v.optional(v.number())", false);
        deploy();
        CliRunner.Result backfill = cli.run("run", "people:backfillAge");
        assertThat(backfill.exit()).as(backfill.toString()).isZero();
        assertThat(backfill.out().strip()).isEqualTo("3");

        schema("v.number()", true);
        deploy();
    }

    private static void deploy() {
        CliRunner.Result deployed = cli.run("deploy", "--typecheck", "disable");
        assertThat(deployed.exit()).as(deployed.toString()).isZero();
    }

    /** The app's schema with {@code people.age} of type {@code age}, and an index to change with it. */
    private static void schema(String age, boolean indexed) throws IOException {
        write("convex/schema.ts", """
                import { defineSchema, defineTable } from "convex/server";
                import { v } from "convex/values";

                export default defineSchema({
                  tasks: defineTable({ text: v.string(), done: v.boolean() }),
                  people: defineTable({ name: v.string(), age: %s })%s,
                });
                """.formatted(age, indexed ? ".index(\"by_age\", [\"age\"])" : ""));
    }

    private static void write(String path, String text) throws IOException {
        Files.writeString(app.resolve(path), text, StandardCharsets.UTF_8);
    }

    /** Every file of a full export, by name (documents in export JSON, so ids and times included). */
    private static Map<String, String> export(String file) {
        CliRunner.Result exported =
                cli.run("export", "--path", tmp.resolve(file).toString());
        assertThat(exported.exit()).as(exported.toString()).isZero();
        Map<String, String> entries = new TreeMap<>();
        try (InputStream in = Files.newInputStream(tmp.resolve(file));
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(entries).containsKey("people/documents.jsonl");
        return entries;
    }
}
