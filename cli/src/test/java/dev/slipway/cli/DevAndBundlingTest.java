package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway dev} watching a TypeScript app (src/test/apps/tasks-ts, installed with {@code npm
 * ci}) and the ways a push fails before it reaches the server: esbuild errors, type errors, missing
 * packages.
 */
class DevAndBundlingTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern PUSHED = Pattern.compile("Pushed version | is already live on ");

    @TempDir
    static Path tmp;

    private static TestServer server;
    private static Path app;
    private static CliRunner cli;

    @BeforeAll
    static void install() {
        server = TestServer.start(tmp.resolve("data"));
        app = TestApps.installed(TestApps.APPS.resolve("tasks-ts"), tmp.resolve("tasks"));
        cli = server.cli(app);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Each test starts from the app as committed. */
    @AfterEach
    void restoreTheApp() {
        TestApps.copy(TestApps.APPS.resolve("tasks-ts"), app);
        try {
            Files.deleteIfExists(app.resolve("convex/broken.ts"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String current() {
        CliRunner.Result result = cli.run("run", "version:current");
        assertThat(result.exit()).as(result.toString()).isZero();
        return result.out().strip();
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void dev_pushesOnEveryEdit_andABadEditKeepsTheLastGoodVersionLive() {
        Path version = app.resolve("convex/version.ts");
        CliRunner.Background dev = cli.start("dev", "--typecheck", "disable");
        try (dev) {
            dev.awaitOut("the first push", out -> count(PUSHED, out) == 1 && out.contains("Watching convex/"), WAIT);
            assertThat(current()).isEqualTo("\"v1\"");

            TestApps.write(version, TestApps.read(version).replace("\"v1\"", "\"v2\""));
            dev.awaitOut("the push of the edit", out -> count(PUSHED, out) == 2, WAIT);
            assertThat(current()).isEqualTo("\"v2\"");

            TestApps.write(version, TestApps.read(version).replace("async () => \"v2\"", "async () => \"v3\" +"));
            dev.awaitErr("the bundling error", err -> err.contains("The live version is unchanged"), WAIT);
            assertThat(dev.err()).containsPattern("convex/version\\.ts:\\d+:\\d+: ");
            assertThat(current()).isEqualTo("\"v2\"");

            TestApps.write(version, TestApps.read(version).replace("async () => \"v3\" +", "async () => \"v4\""));
            dev.awaitOut("the push of the fix", out -> count(PUSHED, out) == 3, WAIT);
            assertThat(current()).isEqualTo("\"v4\"");
            assertThat(dev.running()).isTrue();
        }
        assertThat(dev.exit()).as("dev ends normally when interrupted").isZero();
    }

    @Test
    void runPush_pushesFirst_thenPrintsOnlyTheResultOnStdout() {
        Path version = app.resolve("convex/version.ts");
        TestApps.write(version, TestApps.read(version).replace("\"v1\"", "\"pushed by run\""));

        CliRunner.Result result = cli.run("run", "version:current", "--push", "--typecheck", "disable");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("\"pushed by run\"\n");
        assertThat(result.err()).contains("Pushed version ");
    }

    @Test
    void dev_tailLogs_printsExecutionsWithTheirLogLines() {
        TestApps.write(app.resolve("convex/version.ts"), """
                import { query } from "./_generated/server";
                export const current = query({
                  args: {},
                  handler: async () => {
                    console.log("computing the version");
                    return "v1";
                  },
                });
                """);
        try (CliRunner.Background dev = cli.start("dev", "--typecheck", "disable", "--tail-logs")) {
            dev.awaitOut("the first push", out -> out.contains("Watching convex/"), WAIT);
            assertThat(current()).isEqualTo("\"v1\"");
            dev.awaitOut(
                    "the execution in the log",
                    out -> out.contains("query version:current success")
                            && out.contains("[LOG] 'computing the version'"),
                    WAIT);
        }
    }

    @Test
    void devOnce_withAnEsbuildError_showsFileLineAndColumn_andFails() {
        TestApps.write(app.resolve("convex/broken.ts"), """
                import { query } from "./_generated/server";
                export const oops = query({ args: {}, handler: async () => { return 1 +; } });
                """);

        CliRunner.Result result = cli.run("dev", "--once", "--typecheck", "disable");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .contains("esbuild could not bundle convex/ (1 error)")
                .containsPattern("convex/broken\\.ts:2:\\d+: Unexpected \";\"")
                .contains("return 1 +;");
        assertThat(result.out()).doesNotContain("Pushed version");
    }

    @Test
    void deploy_typecheckEnable_refusesATypeError_withTscsReport() {
        TestApps.write(app.resolve("convex/broken.ts"), """
                import { query } from "./_generated/server";
                export const wrong = query({ args: {}, handler: async (): Promise<number> => "not a number" });
                """);

        CliRunner.Result result = cli.run("deploy", "--typecheck", "enable");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .contains("TypeScript found 1 error(s) in convex/")
                .contains("broken.ts(2,")
                .contains("error TS2322");
        assertThat(result.out()).doesNotContain("Pushed version");

        CliRunner.Result anyway = cli.run("deploy", "--typecheck", "disable");
        assertThat(anyway.exit()).as(anyway.toString()).isZero();
    }

    @Test
    void deploy_typeChecksAgainstTheGeneratedTypes() {
        CliRunner.Result result = cli.run("deploy", "--typecheck", "enable");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("Type-checking convex/ with tsc...")
                .contains("query tasks:secret (internal)");
        CliRunner.Result secret = cli.run("run", "tasks:secret");
        assertThat(secret.out().strip()).isEqualTo("\"internal\"");
    }

    @Test
    void deploy_withoutNodeModules_saysRunNpmInstall() {
        Path bare = TestApps.copy(TestApps.APPS.resolve("tasks-ts"), tmp.resolve("bare"));

        CliRunner.Result result = server.cli(bare).run("deploy");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("no node_modules in " + bare).contains("run npm install in " + bare);
    }

    @Test
    void codegen_byItself_writesGeneratedFilesThatTypeCheck() {
        CliRunner.Result result = cli.run("codegen", "--typecheck", "enable");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(app.resolve("convex/_generated/server.d.ts")).exists();
        assertThat(TestApps.read(app.resolve("convex/_generated/api.d.ts")))
                .contains("import type * as tasks from \"../tasks.js\";")
                .contains("import type * as version from \"../version.js\";");
    }
}
