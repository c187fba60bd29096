package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the target comes from, in which order, and what a missing or malformed one says. */
class DeploymentTargetTest {
    private static final String URL = "http://127.0.0.1:3210/d/default";

    @TempDir
    Path app;

    @TempDir
    Path config;

    /** An environment of {@code pairs} with no login but the one a test saves in its own config directory. */
    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put(MemberConfig.DIR_VAR, config.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static DeploymentTarget.Options options(String url, String key) {
        return new DeploymentTarget.Options(Optional.of(url), Optional.of(key));
    }

    @Test
    void options_winOverEnvironmentAndEnvLocal() {
        EnvFile.update(
                app.resolve(".env.local"), Map.of("SLIPWAY_URL", "http://other:1/d/x", "SLIPWAY_ADMIN_KEY", "file"));

        DeploymentTarget target = DeploymentTarget.resolve(
                options("http://127.0.0.1:9999/d/staging/", "opt-key"),
                env("SLIPWAY_URL", "http://env:2/d/y", "SLIPWAY_ADMIN_KEY", "env-key"),
                app);

        assertThat(target.deploymentUrl()).isEqualTo("http://127.0.0.1:9999/d/staging");
        assertThat(target.deploymentName()).isEqualTo("staging");
        assertThat(target.serverUrl()).isEqualTo("http://127.0.0.1:9999");
        assertThat(target.credential()).isEqualTo("opt-key");
        assertThat(target.source()).isEqualTo("--url");
    }

    @Test
    void deployKey_comesBeforeAdminKeys_forAUrlGivenAsOption() {
        EnvFile.update(app.resolve(".env.local"), Map.of("SLIPWAY_ADMIN_KEY", "file"));

        DeploymentTarget target = DeploymentTarget.resolve(
                new DeploymentTarget.Options(Optional.of(URL), Optional.empty()),
                env("SLIPWAY_DEPLOY_KEY", "sw_prod_abc", "SLIPWAY_ADMIN_KEY", "env-key"),
                app);

        assertThat(target.credential()).isEqualTo("sw_prod_abc");
        assertThat(target.type()).isEmpty();
        assertThat(target.isProduction())
                .as("guessed from the key, the control plane was not asked")
                .isTrue();
    }

    @Test
    void aDeployKeyThatIsNoControlPlaneKey_isOnlyTheCredentialOfTheSelection() {
        String adminKey = "slipway-admin|default|" + "cd".repeat(32);

        DeploymentTarget target = DeploymentTarget.resolve(
                DeploymentTarget.Options.none(),
                env("SLIPWAY_URL", URL, "SLIPWAY_DEPLOY_KEY", adminKey, "SLIPWAY_ADMIN_KEY", "env-key"),
                app);

        assertThat(target.deploymentUrl()).isEqualTo(URL);
        assertThat(target.credential()).isEqualTo(adminKey);
        assertThat(target.source()).isEqualTo("SLIPWAY_URL in the environment");
    }

    @Test
    void theSelectedDeploymentsOwnAdminKey_beatsTheLogin() {
        new MemberConfig("http://127.0.0.1:3210", "sw_member_x", "alice", Optional.empty(), Optional.empty())
                .save(env());
        String defaultKey = "slipway-admin|default|" + "ab".repeat(32);
        EnvFile.update(app.resolve(".env.local"), Map.of("SLIPWAY_URL", URL, "SLIPWAY_ADMIN_KEY", defaultKey));

        assertThat(DeploymentTarget.resolve(DeploymentTarget.Options.none(), env(), app)
                        .credential())
                .isEqualTo(defaultKey);

        // on another server than the login's, a key that names another deployment is still the only credential
        EnvFile.update(app.resolve(".env.local"), Map.of("SLIPWAY_URL", "http://other:1/d/brave-otter-123"));
        assertThat(DeploymentTarget.resolve(DeploymentTarget.Options.none(), env(), app)
                        .credential())
                .isEqualTo(defaultKey);
    }

    @Test
    void explicitTargets_thatContradictEachOther_areUsageErrors() {
        assertThatThrownBy(() -> DeploymentTarget.resolve(
                        new DeploymentTarget.Options(
                                Optional.of(URL),
                                Optional.empty(),
                                Optional.of("dev/a"),
                                false,
                                Optional.empty(),
                                false),
                        env(),
                        app))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exit()).isEqualTo(CliException.Exit.USAGE))
                .hasMessageContaining("--url names a deployment, and so does --deployment/--prod");
        assertThatThrownBy(() -> DeploymentTarget.resolve(
                        new DeploymentTarget.Options(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of("dev/a"),
                                true,
                                Optional.empty(),
                                false),
                        env(),
                        app))
                .hasMessageContaining("--prod and --deployment both name a deployment");
        assertThatThrownBy(() -> DeploymentTarget.resolve(
                        new DeploymentTarget.Options(
                                Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty(), false),
                        env(),
                        app))
                .hasMessageContaining(
                        "--deployment production is looked up on the server's control API, which needs a" + " login");
    }

    @Test
    void ciBranch_comesFromEachPlatformsVariable_inOrder() {
        assertThat(DeploymentTarget.ciBranch(env())).isEmpty();
        assertThat(DeploymentTarget.ciBranch(env("GITHUB_HEAD_REF", "feature-x", "GITHUB_REF_NAME", "main")))
                .contains(Map.entry("GITHUB_HEAD_REF", "feature-x"));
        // a push event: GitHub sets GITHUB_HEAD_REF empty
        assertThat(DeploymentTarget.ciBranch(env("GITHUB_HEAD_REF", "", "GITHUB_REF_NAME", "release/1")))
                .contains(Map.entry("GITHUB_REF_NAME", "release/1"));
        assertThat(DeploymentTarget.ciBranch(env("VERCEL_GIT_COMMIT_REF", "v", "GITHUB_HEAD_REF", "g")))
                .contains(Map.entry("VERCEL_GIT_COMMIT_REF", "v"));
        assertThat(DeploymentTarget.ciBranch(env("CF_PAGES_BRANCH", "cf")))
                .contains(Map.entry("CF_PAGES_BRANCH", "cf"));
        // BRANCH and HEAD are too common to trust outside Netlify
        assertThat(DeploymentTarget.ciBranch(env("BRANCH", "b", "HEAD", "h"))).isEmpty();
        assertThat(DeploymentTarget.ciBranch(env("NETLIFY", "true", "BRANCH", "b", "HEAD", "h")))
                .contains(Map.entry("BRANCH", "b"));
        assertThat(DeploymentTarget.ciBranch(env("NETLIFY", "true", "HEAD", "h")))
                .contains(Map.entry("HEAD", "h"));
    }

    @Test
    void envLocal_givesUrlAndKey_whenNothingElseDoes() {
        TestApps.write(app.resolve(".env.local"), """
                # written by slipway init
                SLIPWAY_URL="http://127.0.0.1:3210/d/default"
                SLIPWAY_DEPLOYMENT=default
                export SLIPWAY_ADMIN_KEY=abc123 # the admin key
                """);

        DeploymentTarget target = DeploymentTarget.resolve(DeploymentTarget.Options.none(), env(), app);

        assertThat(target.deploymentUrl()).isEqualTo(URL);
        assertThat(target.credential()).isEqualTo("abc123");
        assertThat(target.source()).isEqualTo("SLIPWAY_URL in " + app.resolve(".env.local"));
        assertThat(target.isProduction()).isFalse();
        assertThat(target.toString()).doesNotContain("abc123");
    }

    @Test
    void serverUrl_withDeploymentVariable_namesTheDeployment() {
        DeploymentTarget target = DeploymentTarget.resolve(
                DeploymentTarget.Options.none(),
                env(
                        "SLIPWAY_URL",
                        "http://localhost:3210/",
                        "SLIPWAY_DEPLOYMENT",
                        "production",
                        "SLIPWAY_ADMIN_KEY",
                        "k"),
                app);

        assertThat(target.deploymentUrl()).isEqualTo("http://localhost:3210/d/production");
        assertThat(target.isProduction()).isTrue();
    }

    @Test
    void noUrl_isAUsageErrorSayingHowToSetOne() {
        assertThatThrownBy(() -> DeploymentTarget.resolve(DeploymentTarget.Options.none(), env(), app))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exit()).isEqualTo(CliException.Exit.USAGE))
                .hasMessageContaining("no deployment to target: pass --url http://127.0.0.1:3210/d/default")
                .hasMessageContaining("--deployment REF", "slipway deployment select", "set SLIPWAY_URL")
                .hasMessageContaining("slipway init");
    }

    @Test
    void noCredential_isAUsageErrorNamingTheWays() {
        assertThatThrownBy(() -> DeploymentTarget.resolve(
                        new DeploymentTarget.Options(Optional.of(URL), Optional.empty()), env(), app))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("no credential for the deployment at " + URL)
                .hasMessageContaining("--admin-key KEY")
                .hasMessageContaining("SLIPWAY_DEPLOY_KEY");
    }

    @Test
    void malformedUrls_areUsageErrorsNamingTheSource() {
        assertThatThrownBy(() -> DeploymentTarget.resolve(options("ftp://host/d/x", "k"), env(), app))
                .hasMessageContaining("the URL ftp://host/d/x (--url) is malformed");
        assertThatThrownBy(() -> DeploymentTarget.resolve(options("http://host:1/api/query", "k"), env(), app))
                .hasMessageContaining("is not a deployment URL");
        assertThatThrownBy(() -> DeploymentTarget.resolve(options("http://host:1", "k"), env(), app))
                .hasMessageContaining("is a server URL without a deployment");
    }

    @Test
    void urlAndDeploymentVariable_thatDisagree_areAnError() {
        assertThatThrownBy(() -> DeploymentTarget.resolve(options(URL, "k"), env("SLIPWAY_DEPLOYMENT", "staging"), app))
                .hasMessageContaining("names deployment default but SLIPWAY_DEPLOYMENT (SLIPWAY_DEPLOYMENT in the"
                        + " environment) says staging");
    }
}
