package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app workflow on {@code examples/chat}, installed with {@code npm ci}, against a real server in
 * this JVM: deploy (with a type check and a frontend build), run, run --watch, dev --once, and what
 * happens when things go wrong.
 */
class ChatAppTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A push that went through; "already live" when an earlier test pushed the same code. */
    private static final String PUSHED = "Pushed version |Version \\w+ is already live";

    @TempDir
    static Path tmp;

    private static TestServer server;
    private static Path app;
    private static CliRunner cli;
    private static CliRunner.Result firstDeploy;

    @BeforeAll
    static void deployTheChatApp() {
        server = TestServer.start(tmp.resolve("data"));
        app = TestApps.installed(TestApps.EXAMPLES.resolve("chat"), tmp.resolve("chat"));
        cli = server.cli(app);
        firstDeploy = cli.run("deploy", "--typecheck", "enable");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void deploy_typeChecksBundlesPushesAndListsTheFunctions() {
        assertThat(firstDeploy.exit()).as(firstDeploy.toString()).isZero();
        assertThat(firstDeploy.out())
                .contains("Type-checking convex/ with tsc")
                .contains("Pushed version ")
                .contains("deployment default at " + server.url())
                .contains("query messages:list")
                .contains("mutation messages:send")
                .contains("mutation messages:clear (internal)")
                .contains("query channels:list")
                .contains("Schema: yes");
        assertThat(app.resolve("convex/_generated/api.d.ts")).exists();
    }

    @Test
    void run_mutationThenQuery_printsTheResultAsJson() {
        CliRunner.Result sent =
                cli.run("run", "messages:send", "{\"channel\": \"run\", \"author\": \"ada\", \"body\": \"hi\"}");
        assertThat(sent.exit()).as(sent.toString()).isZero();
        assertThat(sent.err()).contains("[LOG] 'new message in' 'run' 'from' 'ada'");

        CliRunner.Result listed = cli.run("run", "messages:list", "{\"channel\": \"run\"}");
        assertThat(listed.exit()).as(listed.toString()).isZero();
        Json messages = Json.parse(listed.out());
        assertThat(messages).isInstanceOf(Json.Arr.class);
        assertThat(((Json.Arr) messages).elements()).singleElement().satisfies(m -> {
            assertThat(m.string("author")).hasValue("ada");
            assertThat(m.string("body")).hasValue("hi");
            assertThat(m.string("_id")).isPresent();
        });
    }

    @Test
    void run_internalFunction_isAllowedForTheAdmin() {
        cli.run("run", "messages:send", "{\"channel\": \"purge\", \"author\": \"a\", \"body\": \"x\"}");
        cli.run("run", "messages:send", "{\"channel\": \"purge\", \"author\": \"a\", \"body\": \"y\"}");

        CliRunner.Result cleared = cli.run("run", "messages.js:clear", "{\"channel\": \"purge\"}");

        assertThat(cleared.exit()).as(cleared.toString()).isZero();
        assertThat(cleared.out().strip()).isEqualTo("2");
    }

    @Test
    void run_convexError_printsTheMessageAndDataAndExits1() {
        CliRunner.Result result =
                cli.run("run", "messages:send", "{\"channel\": \"c\", \"author\": \"a\", \"body\": \"  \"}");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .contains("error: ")
                .contains("error data: {")
                .contains("\"reason\": \"a message has 1 to 2000 characters\"");
    }

    @Test
    void run_unknownFunction_saysSoAndExits1() {
        CliRunner.Result result = cli.run("run", "messages:nope");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("messages:nope");
    }

    @Test
    void run_malformedArgs_isAUsageErrorNamingArgsJson() {
        CliRunner.Result result = cli.run("run", "messages:list", "{\"channel\": }");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("error: ARGS_JSON is not valid JSON").contains("{\"channel\": }");
    }

    @Test
    void run_argsNotAnObject_isAUsageError() {
        CliRunner.Result result = cli.run("run", "messages:list", "[1, 2]");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("ARGS_JSON must be a JSON object");
    }

    @Test
    void run_badFunctionName_isAUsageError() {
        CliRunner.Result result = cli.run("run", "messages:", "{}");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("\"messages:\" is not a function name");
    }

    @Test
    void run_serverDown_saysNoServerAndExits3() {
        String dead = TestServer.deadUrl();
        CliRunner.Result result = CliRunner.in(app)
                .env(DeploymentTarget.ADMIN_KEY_VAR, "key")
                .run("run", "--url", dead, "messages:list", "{\"channel\": \"x\"}");

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err())
                .contains("no Slipway server at " + dead.replace("/d/default", ""))
                .contains("is `slipway serve` running?");
    }

    @Test
    void run_wrongAdminKey_isRefusedWithExit4() {
        CliRunner.Result result = CliRunner.in(app)
                .env(DeploymentTarget.URL_VAR, server.url())
                .run("run", "--admin-key", "0123456789abcdef", "messages:list", "{\"channel\": \"x\"}");

        assertThat(result.exit()).isEqualTo(4);
        assertThat(result.err()).contains("BadAdminKey").contains("check the credential");
    }

    @Test
    void run_noTarget_saysHowToSetOne() {
        CliRunner.Result result = CliRunner.in(tmp).run("run", "messages:list");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("no deployment to target: pass --url").contains("SLIPWAY_URL");
    }

    @Test
    void runWatch_printsTheResultAgainAfterAMutation() {
        try (CliRunner.Background watch = cli.start("run", "messages:list", "{\"channel\": \"watched\"}", "--watch")) {
            watch.awaitOut("the first result", out -> out.contains("[]"), WAIT);

            CliRunner.Result sent = cli.run(
                    "run", "messages:send", "{\"channel\": \"watched\", \"author\": \"bo\", \"body\": \"ping\"}");
            assertThat(sent.exit()).as(sent.toString()).isZero();

            watch.awaitOut("the second result", out -> out.contains("\"body\": \"ping\""), WAIT);
            assertThat(watch.running()).isTrue();
        }
    }

    @Test
    void deploy_cmd_buildsTheFrontendWithThePinnedUrl() {
        CliRunner.Result result = cli.run("deploy", "--cmd", "npm run build", "--typecheck", "disable");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "Running `npm run build` with SLIPWAY_URL, CONVEX_URL, VITE_CONVEX_URL, NEXT_PUBLIC_CONVEX_URL")
                .containsPattern("built dist/ for " + Pattern.quote(server.url()) + "/v/[0-9a-f]{12}")
                .containsPattern(PUSHED);
        assertThat(TestApps.read(app.resolve("dist/app.js"))).containsPattern(Pattern.quote(server.url()) + "/v/");
    }

    @Test
    void deploy_cmdUrlEnvVarName_putsTheUrlInThatVariable() {
        CliRunner.Result result = cli.run(
                "deploy",
                "--cmd",
                "echo \"url=$MY_URL other=${CONVEX_URL:-unset}\"",
                "--cmd-url-env-var-name",
                "MY_URL");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("url=" + Pattern.quote(server.url()) + "/v/[0-9a-f]{12} other=unset");
    }

    @Test
    void deploy_failingBuild_pushesNothing() {
        Path extra = app.resolve("convex/extra.ts");
        TestApps.write(extra, """
                import { query } from "./_generated/server";
                export const ping = query({ args: {}, handler: async () => "pong" });
                """);
        try {
            CliRunner.Result result = cli.run("deploy", "--cmd", "echo building; exit 7");

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.out()).contains("building").doesNotContain("Pushed version");
            assertThat(result.err())
                    .contains("the build `echo building; exit 7` failed with exit code 7; nothing was pushed");
            CliRunner.Result ping = cli.run("run", "extra:ping");
            assertThat(ping.exit()).as(ping.toString()).isEqualTo(1);
        } finally {
            deleteQuietly(extra);
        }
    }

    @Test
    void deploy_dryRun_checksAndChangesNothing() {
        Path extra = app.resolve("convex/dry.ts");
        TestApps.write(extra, """
                import { query } from "./_generated/server";
                export const ping = query({ args: {}, handler: async () => "pong" });
                """);
        try {
            CliRunner.Result result = cli.run("deploy", "--dry-run");

            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).contains("Dry run: version ").contains("nothing was changed");
            CliRunner.Result ping = cli.run("run", "dry:ping");
            assertThat(ping.exit()).as(ping.toString()).isEqualTo(1);
        } finally {
            deleteQuietly(extra);
        }
    }

    @Test
    void devOnce_pushes_andTheRealConvexClientCallsTheApp() {
        CliRunner.Result dev = cli.run("dev", "--once");
        assertThat(dev.exit()).as(dev.toString()).isZero();
        assertThat(dev.out()).containsPattern(PUSHED);

        TestApps.write(app.resolve("client-check.mjs"), """
                import { ConvexHttpClient } from "convex/browser";
                import { api } from "./convex/_generated/api.js";
                const client = new ConvexHttpClient(process.argv[2]);
                await client.mutation(api.messages.send, { channel: "node", author: "cy", body: "from node" });
                const messages = await client.query(api.messages.list, { channel: "node" });
                console.log(JSON.stringify(messages.map((m) => m.body)));
                """);
        String printed = TestApps.run(app, List.of("node", "client-check.mjs", server.url()));
        assertThat(printed.strip().lines().toList()).last().isEqualTo("[\"from node\"]");
    }

    @Test
    void deploy_production_asksAtATerminal_andNoMeansNothingIsPushed() {
        // with --url the key is only the credential, so no server is asked about it; the control plane's
        // answer decides instead when it names the target (ControlPlaneFlowsTest)
        CliRunner prod = CliRunner.in(app)
                .env(DeploymentTarget.DEPLOY_KEY_VAR, "sw_prod_not_a_real_key")
                .interactive("n\n");

        CliRunner.Result result = prod.run("deploy", "--url", server.url());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("Push to the production deployment default at " + server.url() + "? [y/N]");
        assertThat(result.err()).contains("Nothing was pushed.");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
