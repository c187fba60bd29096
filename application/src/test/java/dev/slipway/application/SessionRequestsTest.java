package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.database.MutationRunner;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyed mutations (a WebSocket client's resends) run at most once, because the outcome is recorded in
 * the mutation's own transaction: a resend gets the first run's value, also after a restart and also
 * when both arrive at once; expired records are swept, and an unkeyed mutation always runs.
 */
@Tag("node")
class SessionRequestsTest {
    @TempDir
    Path dir;

    @Test
    void resend_getsTheRecordedOutcome_evenAfterARestart() {
        MutationKey key = new MutationKey("session-1", 7);
        TestDeployment d = TestDeployment.open(TestDeployment.Store.SQLITE, dir);
        try {
            d.push("notes-v1");
            Value first = keyed(d, key, "a");
            assertThat(keyed(d, key, "a")).isEqualTo(first);
            d = d.reopen();
            assertThat(keyed(d, key, "a")).as("after a restart").isEqualTo(first);
            assertThat(notes(d)).isEqualTo("[{\"text\":\"a\"}]");

            Value other = keyed(d, new MutationKey("session-1", 8), "b");
            assertThat(other).isNotEqualTo(first);
            d.mutation("notes:add", "{\"text\":\"c\"}");
            d.mutation("notes:add", "{\"text\":\"c\"}");
            assertThat(notes(d))
                    .as("unkeyed mutations always run")
                    .isEqualTo("[{\"text\":\"a\"},{\"text\":\"b\"},{\"text\":\"c\"},{\"text\":\"c\"}]");
        } finally {
            d.close();
        }
    }

    @Test
    void sameKeyAtOnce_fromEightThreads_runsOnce() throws Exception {
        try (TestDeployment d = TestDeployment.open(TestDeployment.Store.SQLITE, dir)) {
            d.push("notes-v1");
            MutationKey key = new MutationKey("session-2", 1);
            List<Callable<Value>> resends = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                resends.add(() -> keyed(d, key, "once"));
            }
            List<Value> values = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (Future<Value> value : pool.invokeAll(resends)) {
                    values.add(value.get());
                }
            }
            assertThat(values).as("every resend answers the one run's id").containsOnly(values.getFirst());
            assertThat(notes(d)).isEqualTo("[{\"text\":\"once\"}]");
        }
    }

    @Test
    void expiredRecords_areSwept_andAResendThenRunsAgain() {
        try (TestDeployment d = TestDeployment.open(TestDeployment.Store.MEMORY, dir)) {
            d.push("notes-v1");
            MutationKey key = new MutationKey("session-3", 1);
            keyed(d, key, "x");
            MutationRunner runner = MutationRunner.withDefaults(d.db(), RandomGenerator.of("L64X128MixRandom"));
            assertThat(SessionRequests.sweep(runner, 0))
                    .as("nothing written before time 0")
                    .isZero();
            assertThat(SessionRequests.sweep(runner, Long.MAX_VALUE)).isEqualTo(1);
            keyed(d, key, "x");
            assertThat(notes(d)).isEqualTo("[{\"text\":\"x\"},{\"text\":\"x\"}]");
        }
    }

    private static Value keyed(TestDeployment d, MutationKey key, String text) {
        FunctionResult result = d.app()
                .mutation(
                        new FunctionCall(
                                FunctionPath.parse("notes:add"),
                                (Value.Obj) ConvexJson.decode("{\"text\":\"" + text + "\"}"),
                                FunctionCall.Caller.CLIENT,
                                FunctionCall.RequestInfo.of("resend")),
                        Optional.of(key));
        assertThat(result).isInstanceOf(FunctionResult.Success.class);
        return ((FunctionResult.Success) result).value();
    }

    private static String notes(TestDeployment d) {
        return ConvexJson.encode(d.query("notes:list", "{}"));
    }
}
