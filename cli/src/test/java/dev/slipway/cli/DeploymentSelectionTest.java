package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What selecting a deployment writes to an app's {@code .env.local}. */
class DeploymentSelectionTest {
    private static final String SERVER = "http://127.0.0.1:3210";

    @TempDir
    Path app;

    @Test
    void select_writesTheNameAndTheClientUrl_andKeepsEveryOtherLine() {
        TestApps.write(app.resolve(".env.local"), """
                # my settings
                OPENAI_KEY=abc
                SLIPWAY_URL=http://127.0.0.1:3210/d/old-name-111
                """);

        Map<String, String> written = DeploymentSelection.select(app, SERVER, "brave-otter-123");

        assertThat(written)
                .containsExactly(
                        Map.entry("SLIPWAY_DEPLOYMENT", "brave-otter-123"),
                        Map.entry("SLIPWAY_URL", "http://127.0.0.1:3210/d/brave-otter-123"));
        assertThat(TestApps.read(app.resolve(".env.local"))).isEqualTo("""
                # my settings
                OPENAI_KEY=abc
                SLIPWAY_URL=http://127.0.0.1:3210/d/brave-otter-123
                SLIPWAY_DEPLOYMENT=brave-otter-123
                """);
    }

    @Test
    void select_inAViteApp_alsoWritesViteConvexUrl() {
        TestApps.write(app.resolve("package.json"), """
                {"name": "app", "dependencies": {"convex": "1.48.0"}, "devDependencies": {"vite": "^6.0.0"}}
                """);

        DeploymentSelection.select(app, SERVER, "brave-otter-123");

        assertThat(EnvFile.read(app.resolve(".env.local")))
                .containsEntry("VITE_CONVEX_URL", "http://127.0.0.1:3210/d/brave-otter-123")
                .doesNotContainKey("NEXT_PUBLIC_CONVEX_URL");
    }

    @Test
    void select_inANextApp_alsoWritesNextPublicConvexUrl() {
        TestApps.write(app.resolve("package.json"), """
                {"name": "app", "dependencies": {"convex": "1.48.0", "next": "15.0.0", "react": "19.0.0"}}
                """);

        DeploymentSelection.select(app, SERVER, "calm-heron-007");

        assertThat(EnvFile.read(app.resolve(".env.local")))
                .containsEntry("NEXT_PUBLIC_CONVEX_URL", "http://127.0.0.1:3210/d/calm-heron-007")
                .doesNotContainKey("VITE_CONVEX_URL");
    }

    @Test
    void frameworks_noneWithoutPackageJsonOrWithoutAFramework_andABrokenOneIsNamed() {
        assertThat(DeploymentSelection.frameworkVariables(app)).isEmpty();
        TestApps.write(app.resolve("package.json"), "{\"dependencies\": {\"convex\": \"1.48.0\"}}");
        assertThat(DeploymentSelection.frameworkVariables(app)).isEmpty();

        TestApps.write(app.resolve("package.json"), "{\"dependencies\": ");
        assertThatThrownBy(() -> DeploymentSelection.select(app, SERVER, "x-y-1"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(app.resolve("package.json").toString())
                .hasMessageContaining("not valid JSON");
        assertThat(app.resolve(".env.local")).doesNotExist();
    }

    @Test
    void saveDeployKey_writesTheKeyWithTheSelectionOfItsDeployment() {
        TestApps.write(app.resolve(".env.local"), "SLIPWAY_DEPLOYMENT=other-one-222\nSLIPWAY_ADMIN_KEY=k\n");

        DeploymentSelection.saveDeployKey(app, SERVER, "brave-otter-123", "sw_dep_secret");

        assertThat(EnvFile.read(app.resolve(".env.local")))
                .containsExactly(
                        Map.entry("SLIPWAY_DEPLOYMENT", "brave-otter-123"),
                        Map.entry("SLIPWAY_ADMIN_KEY", "k"),
                        Map.entry("SLIPWAY_URL", "http://127.0.0.1:3210/d/brave-otter-123"),
                        Map.entry("SLIPWAY_DEPLOY_KEY", "sw_dep_secret"));
    }
}
