package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed-002 scenario of issue 9, end to end with the real {@code convex} client: a frontend built by
 * {@code slipway deploy --cmd} against version 1's pinned URL keeps sending and stays subscribed while
 * version 2 (which renames {@code messages:send} to {@code post}) is staged, promoted and rolled back;
 * an unpinned client sees version 2 once it is promoted; and when version 1 has been retired for longer
 * than the retention (the server's clock is moved), the old frontend is told to reload.
 */
class SkewProtectionFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void oldFrontend_keepsWorkingThroughStagePromoteAndRollback_untilItsVersionIsRetired() throws Exception {
        ControlPlaneKit.MovableClock clock = new ControlPlaneKit.MovableClock(Instant.now());
        try (TestServer server =
                TestServer.start(TestServer.config(tmp.resolve("data")).clock(clock))) {
            Path app = TestApps.installed(TestApps.APPS.resolve("skew-chat"), tmp.resolve("skew-chat"));
            CliRunner cli = server.cli(app);

            // version 1, with the frontend built against its pinned URL
            CliRunner.Result deployed = cli.run("deploy", "--cmd", "node build.mjs", "--json");
            assertThat(deployed.exit()).as(deployed.toString()).isZero();
            String v1 = Json.parse(deployed.out()).string("versionId").orElseThrow();
            String pinnedUrl = server.url() + "/v/" + v1;
            assertThat(Json.parse(Files.readString(app.resolve("dist/frontend.json")))
                            .string("url"))
                    .contains(pinnedUrl);

            try (Frontend frontend1 = Frontend.start(app, List.of());
                    Frontend unpinned = Frontend.start(app, List.of(server.url()))) {
                frontend1.awaitUpdate(List.of());
                frontend1.send("messages:send", "one");
                frontend1.awaitUpdate(List.of("one"));

                // version 2 renames send to post: staging it needs --allow-breaking and reports the rename
                Path messages = app.resolve("convex/messages.js");
                TestApps.write(messages, TestApps.read(messages).replace("export const send =", "export const post ="));
                CliRunner.Result refused = cli.run("deploy", "--stage");
                assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
                assertThat(refused.err()).contains("ERR  messages:send (mutation) is removed");
                CliRunner.Result staged = cli.run("deploy", "--stage", "--allow-breaking", "--json");
                assertThat(staged.exit()).as(staged.toString()).isZero();
                Json stageReport = Json.parse(staged.out());
                assertThat(stageReport.bool("staged")).contains(true);
                String v2 = stageReport.string("versionId").orElseThrow();

                // before the promote: the old frontend keeps sending; unpinned clients still get version 1
                frontend1.send("messages:send", "two");
                frontend1.awaitUpdate(List.of("one", "two"));
                assertThat(unpinned.send("messages:post", "early")
                                .string("message")
                                .orElseThrow())
                        .contains("Could not find public function for 'messages:post'");

                CliRunner.Result promoted = cli.run("promote", v2, "--json");
                assertThat(promoted.exit()).as(promoted.toString()).isZero();
                assertThat(Json.parse(promoted.out()).bool("promoted")).contains(true);
                assertThat(current(cli)).isEqualTo(v2);

                // after it: version 1's send still works for the old frontend, version 2 for the rest
                frontend1.send("messages:send", "three");
                frontend1.awaitUpdate(List.of("one", "two", "three"));
                assertThat(unpinned.send("messages:post", "four").string("type"))
                        .contains("result");
                frontend1.awaitUpdate(List.of("one", "two", "three", "four"));
                assertThat(unpinned.send("messages:send", "x").string("message").orElseThrow())
                        .contains("Could not find public function for 'messages:send'");

                CliRunner.Result rolledBack = cli.run("rollback", "--json");
                assertThat(rolledBack.exit()).as(rolledBack.toString()).isZero();
                assertThat(current(cli)).isEqualTo(v1);
                frontend1.send("messages:send", "five");
                frontend1.awaitUpdate(List.of("one", "two", "three", "four", "five"));

                // version 2 again; once version 1 has been retired for longer than the retention, the old
                // frontend is told to reload, for its mutations and its subscription alike
                CliRunner.Result again = cli.run("deploy", "--allow-breaking");
                assertThat(again.exit()).as(again.toString()).isZero();
                assertThat(current(cli)).isEqualTo(v2);
                frontend1.send("messages:send", "six");
                frontend1.awaitUpdate(List.of("one", "two", "three", "four", "five", "six"));
                clock.advance(Duration.ofHours(24).plusMinutes(1));
                Json reload = frontend1.send("messages:send", "seven");
                assertThat(reload.string("type")).contains("mutationError");
                assertThat(reload.string("message").orElseThrow())
                        .contains("Code version " + v1)
                        .contains("is retired")
                        .contains("Reload the app");
                assertThat(reload.get("data").orElseThrow().string("code")).contains("VersionRetired");
                assertThat(unpinned.send("messages:post", "eight").string("type"))
                        .contains("result");
                Json queryError = frontend1.await(
                        "the subscription's reload error",
                        e -> "queryError".equals(e.string("type").orElse("")));
                assertThat(queryError.string("message").orElseThrow()).contains("Reload the app");
            }
        }
    }

    private static String current(CliRunner cli) {
        CliRunner.Result versions = cli.run("versions", "--json");
        assertThat(versions.exit()).as(versions.toString()).isZero();
        return Json.parse(versions.out()).string("current").orElseThrow();
    }

    /** {@code node frontend.mjs [url]} of the skew-chat app, with its JSON-line events collected. */
    private static final class Frontend implements AutoCloseable {
        private final Process process;
        private final Writer stdin;
        private final List<Json> events = new CopyOnWriteArrayList<>();
        private final StringBuilder stderr = new StringBuilder();
        private final AtomicInteger ids = new AtomicInteger();

        private Frontend(Process process) {
            this.process = process;
            this.stdin = process.outputWriter(StandardCharsets.UTF_8);
            Thread.ofVirtual().start(() -> read(process.inputReader(StandardCharsets.UTF_8), true));
            Thread.ofVirtual().start(() -> read(process.errorReader(StandardCharsets.UTF_8), false));
        }

        static Frontend start(Path app, List<String> args) {
            List<String> command = new java.util.ArrayList<>(List.of("node", "frontend.mjs"));
            command.addAll(args);
            try {
                Frontend frontend = new Frontend(
                        new ProcessBuilder(command).directory(app.toFile()).start());
                frontend.await(
                        "the frontend to start",
                        e -> "started".equals(e.string("type").orElse("")));
                return frontend;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command + " (is node installed?)", e);
            }
        }

        private void read(BufferedReader reader, boolean events) {
            try (reader) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (events) {
                        this.events.add(Json.parse(line));
                    } else {
                        synchronized (stderr) {
                            stderr.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        /** Runs mutation {@code function} with {@code {body}} and answers its result or error event. */
        Json send(String function, String body) {
            int id = ids.incrementAndGet();
            try {
                stdin.write(id + " " + function + " " + body + "\n");
                stdin.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the frontend is gone:\n" + state(), e);
            }
            return await(
                    "the answer to " + function + " " + body,
                    e -> e.number("id")
                            .map(n -> n.text().equals(String.valueOf(id)))
                            .orElse(false));
        }

        /** Waits for a subscription update with exactly {@code messages}. */
        void awaitUpdate(List<String> messages) {
            String expected =
                    Json.array(messages.stream().map(Json.Str::new).toList()).text();
            await(
                    "an update with " + messages,
                    e -> "update".equals(e.string("type").orElse(""))
                            && e.get("value")
                                    .map(v -> v.text().equals(expected))
                                    .orElse(false));
        }

        Json await(String what, Predicate<Json> match) {
            Await.until(what, () -> events.stream().anyMatch(match), WAIT, this::state);
            return events.stream().filter(match).findFirst().orElseThrow();
        }

        private String state() {
            synchronized (stderr) {
                return "events: " + events + "\nstderr: " + stderr;
            }
        }

        @Override
        public void close() throws Exception {
            stdin.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
