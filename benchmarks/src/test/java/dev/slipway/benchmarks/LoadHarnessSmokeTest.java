package dev.slipway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the client-protocol load harness ({@code load.mjs --smoke}: a few calls of each scenario with
 * the real {@code convex} client) against a server on SQLite, so a harness that no longer works fails
 * the build. Checks what the harness counted, never how fast: the fan-out's subscribers were split
 * over more than one worker process, every subscriber saw every round's update and the server-built
 * Transition that brought it (its {@code serverTs}), the server's CPU time was read (this JVM is the
 * server: {@code --server-pid}), the HTTP query returned its 10 documents on every call, and the
 * writers' mutations all completed. Node.js missing is a failure, never a skip.
 */
@Tag("node")
class LoadHarnessSmokeTest {

    @Test
    void smokeRun_everyScenarioCompletes(@TempDir Path data) throws IOException {
        BenchmarkApp.installIfStale(BenchmarkApp.jsDirectory());
        try (SlipwayServer server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .build())) {
            String output = BenchmarkApp.run(
                    BenchmarkApp.jsDirectory(),
                    List.of(
                            "node",
                            "load.mjs",
                            "--url=" + server.deploymentUrl(),
                            "--admin-key=" + server.adminKey(),
                            "--server-pid=" + ProcessHandle.current().pid(),
                            "--smoke"),
                    300);
            String json = output.strip();
            Value.Obj results = (Value.Obj) ConvexJson.decode(json.substring(json.lastIndexOf('\n') + 1));

            assertThat(number(field(results, "http"), "calls")).isEqualTo(20);
            Value.Obj fanout = (Value.Obj)
                    ((Value.Array) value(results, "fanout")).elements().getFirst();
            assertThat(number(fanout, "clients")).isEqualTo(20);
            assertThat(number(fanout, "workers"))
                    .as("subscribers split over worker processes")
                    .isEqualTo(2);
            assertThat(number(fanout, "updates"))
                    .as("every subscriber saw every round")
                    .isEqualTo(40);
            assertThat(number(field(fanout, "built"), "updates"))
                    .as("every update came with the serverTs of its Transition")
                    .isEqualTo(40);
            assertThat(number(fanout, "serverCpuMsPerRound")).isNotNegative();
            assertThat(number(fanout, "clientCpuMsPerRound")).isNotNegative();
            Value.Obj mutations = field(results, "mutations");
            assertThat(number(mutations, "writers")).isEqualTo(4);
            assertThat(number(mutations, "workers")).isEqualTo(2);
            assertThat(number(mutations, "mutations")).isPositive();
        }
    }

    private static Value value(Value.Obj object, String name) {
        Value value = object.fields().get(name);
        if (value == null) {
            throw new AssertionError("the harness output has no field " + name + ": " + object);
        }
        return value;
    }

    private static Value.Obj field(Value.Obj object, String name) {
        Value value = value(object, name);
        assertThat(value).as("field %s of %s", name, object).isInstanceOf(Value.Obj.class);
        return (Value.Obj) value;
    }

    private static double number(Value.Obj object, String name) {
        Value value = value(object, name);
        assertThat(value).as("field %s of %s", name, object).isInstanceOf(Value.Float64.class);
        return ((Value.Float64) value).value();
    }
}
