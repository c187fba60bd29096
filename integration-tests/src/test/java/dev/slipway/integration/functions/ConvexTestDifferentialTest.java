package dev.slipway.integration.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixture app's generated scenarios run on Slipway and on {@code convex-test}, the npm mock of
 * the Convex backend, as an oracle: every call must agree (see {@link OracleComparison} for what may
 * legitimately differ). A scenario covers every function and HTTP route with valid arguments, then
 * random operations, about one in six of them deliberately wrong.
 */
@Tag("node")
class ConvexTestDifferentialTest {
    private static final int CALLS = 160;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void scenario_agreesWithConvexTest(long seed) {
        String scenario = FixtureApp.scenario(seed, CALLS);
        List<Object> oracle =
                FixtureApp.oracle(scenario).stream().map(JsonTree::parse).toList();
        List<Map<String, Object>> ours;
        try (Deployments deployment = Deployments.fixtureApp(dir)) {
            ours = ScenarioRunner.run(deployment.app(), scenario);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> calls = (List<Map<String, Object>>)
                java.util.Objects.requireNonNull(((Map<String, Object>) JsonTree.parse(scenario)).get("calls"));

        List<String> differences = OracleComparison.differences(calls, ours, oracle);
        assertThat(differences)
                .as("seed %d (replay: node gen-scenarios.mjs %d %d | node oracle.mjs)", seed, seed, CALLS)
                .isEmpty();
        assertThat(ours.stream().filter(r -> Boolean.TRUE.equals(r.get("ok"))).count())
                .as("successful calls in seed %d", seed)
                .isGreaterThan(CALLS / 2);
    }
}
