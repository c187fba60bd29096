package dev.slipway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.isolate.JsRuntime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs one small round of {@link SchedulerBenchmark} on each backend, so the harness keeps working:
 * the app bundles and deploys, every job runs, and the round's figures are there. Measures nothing.
 */
@Tag("node")
@Tag("postgres")
class SchedulerBenchmarkSmokeTest {
    private static JsRuntime runtime;
    private static Map<String, String> modules;

    @BeforeAll
    static void start() {
        modules = SchedulerBenchmark.bundle();
        runtime = OptimizingRuntime.start(OptimizingRuntime.benchmarkOptions(2));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void oneSmallRound_runsEveryJobAndReportsLags(String backend) {
        SchedulerBenchmark.Round round =
                SchedulerBenchmark.run(Backend.of(backend), runtime, modules, 300, 1_000, 8, false);
        assertThat(round.lagMillis()).hasSize(300);
        assertThat(round.lagPercentile(50)).isLessThanOrEqualTo(round.lagPercentile(99));
        assertThat(round.schedulePerSecond()).isPositive();
        assertThat(round.executePerSecond()).isPositive();
        assertThat(round.toString()).contains(backend).contains("300 jobs");
    }
}
