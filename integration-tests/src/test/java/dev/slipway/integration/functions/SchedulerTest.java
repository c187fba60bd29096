package dev.slipway.integration.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.application.ApplicationOptions;
import dev.slipway.application.FunctionCall;
import dev.slipway.application.FunctionPath;
import dev.slipway.application.FunctionResult;
import dev.slipway.database.RetryPolicy;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled functions and crons on the fixture app ({@code convex/jobs.ts}, {@code convex/crons.ts}),
 * with the application's clock injected: due-ness follows the test's clock, which it moves and then
 * wakes the scheduler. Waits poll the database for an outcome, bounded by a generous deadline that is
 * never asserted on.
 */
@Tag("node")
class SchedulerTest {
    /** 2026-01-01T00:00:00Z. */
    private static final long START_MS = 1_767_225_600_000L;

    private static final long WAIT_NANOS = 60_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(START_MS);
    private Deployments deployment;

    @BeforeEach
    void deploy() {
        deployment = open();
    }

    @AfterEach
    void close() {
        deployment.close();
    }

    private Deployments open() {
        ApplicationOptions options = new ApplicationOptions(
                "scheduler",
                clock::get,
                ThreadLocalRandom.current(),
                RetryPolicy.CONVEX_DEFAULTS,
                task -> Thread.ofVirtual().start(task));
        return Deployments.fixtureApp(dir, options);
    }

    @Test
    void schedule_mutationThrowsAfterScheduling_leavesNoJob() {
        FunctionResult result = call("mutation", "jobs:scheduleThenThrow", "{\"tag\":\"never\"}");
        assertThat(result).isInstanceOf(FunctionResult.Failure.class);
        ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"marker\",\"delayMs\":0}");
        Value.Obj summary = awaitSummary(s -> count(s, "success") == 1);
        assertThat(ConvexJson.encode(ok("query", "jobs:jobs", "{}"))).doesNotContain("never");
        assertThat(tags(summary)).containsExactly("marker@v1");
    }

    @Test
    void schedule_chainAtoBtoC_runsInOrder() {
        ok("mutation", "jobs:chainA", "{\"tag\":\"x\"}");
        Value.Obj summary = awaitSummary(s -> count(s, "success") == 2);
        assertThat(tags(summary)).containsExactly("xA@v1", "xB@v1", "xC@v1");
    }

    @Test
    void schedule_argsDelivered_jobDocumentHasConvexFields() {
        String id = str(ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"hello\",\"delayMs\":0}"));
        awaitSummary(s -> count(s, "success") == 1);
        Value.Obj job = (Value.Obj) ok("query", "jobs:job", "{\"id\":\"" + id + "\"}");
        assertThat(job.fields().get("name")).isEqualTo(new Value.Str("jobs.js:record"));
        assertThat(ConvexJson.encode(field(job, "args"))).isEqualTo("[{\"tag\":\"hello\"}]");
        assertThat(ConvexJson.encode(field(job, "state"))).isEqualTo("{\"kind\":\"success\"}");
        assertThat(job.fields().get("scheduledTime")).isEqualTo(new Value.Float64(START_MS));
        assertThat(job.fields()).containsKeys("completedTime", "_id", "_creationTime");
    }

    @Test
    void cancel_pendingJob_neverRuns() {
        String id = str(ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"late\",\"delayMs\":60000}"));
        ok("mutation", "jobs:cancel", "{\"id\":\"" + id + "\"}");
        advance(120_000);
        ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"marker\",\"delayMs\":0}");
        Value.Obj summary = awaitSummary(s -> count(s, "success") == 1);
        assertThat(tags(summary)).containsExactly("marker@v1");
        assertThat(state(id)).isEqualTo("{\"kind\":\"canceled\"}");
    }

    @Test
    void deploy_betweenSchedulingAndRunning_jobRunsNewCode() {
        ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"t\",\"delayMs\":60000}");
        Map<String, String> v2 = new HashMap<>(FixtureApp.modules());
        v2.put(
                "jobs.js",
                java.util.Objects.requireNonNull(v2.get("jobs.js")).replace("version: \"v1\"", "version: \"v2\""));
        deployment.app().deploy(v2);
        advance(61_000);
        Value.Obj summary = awaitSummary(s -> count(s, "success") == 1);
        assertThat(tags(summary)).containsExactly("t@v2");
    }

    @Test
    void run_functionRemovedByDeploy_failsWithReason() {
        String id = str(ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"t\",\"delayMs\":60000}"));
        Map<String, String> without = new HashMap<>(FixtureApp.modules());
        without.remove("jobs.js");
        deployment.app().deploy(without);
        advance(61_000);
        String state = awaitState(id, s -> s.contains("failed"));
        assertThat(state).contains("Could not find function for 'jobs.js:record'");
    }

    @Test
    void run_badArgs_failsWithValidationReason() {
        String id = str(ok("mutation", "jobs:scheduleBadArgs", "{}"));
        String state = awaitState(id, s -> s.contains("failed"));
        assertThat(state).contains("ArgumentValidationError").contains("tag");
    }

    @Test
    void schedule_overLimits_failsWithClearError() {
        assertThat(failure("jobs:scheduleTooMany"))
                .contains("Too many functions scheduled")
                .contains("1000");
        assertThat(failure("jobs:scheduleFarFuture")).contains("within 5 years");
        assertThat(ConvexJson.encode(ok("query", "jobs:jobs", "{}"))).isEqualTo("[]");
    }

    @Test
    void scheduledAction_andScheduleFromAction_run() {
        ok("mutation", "jobs:scheduleAction", "{\"tag\":\"a\",\"delayMs\":0}");
        String fromAction = str(ok("action", "jobs:scheduleFromAction", "{\"tag\":\"b\"}"));
        assertThat(state(fromAction)).isEqualTo("{\"kind\":\"pending\"}");
        // An action's Date.now() is the real clock (actions are not deterministic), so runAfter(0)
        // from one is due at the real time: move the injected clock past it.
        clock.set(Math.max(clock.get(), System.currentTimeMillis()) + 1_000);
        deployment.app().wakeScheduler();
        Value.Obj summary = awaitSummary(s -> count(s, "success") == 2);
        assertThat(tags(summary)).containsExactlyInAnyOrder("a@v1", "b@v1");
    }

    @Test
    void restart_actionLeftInProgress_markedFailed() {
        String id = str(ok("mutation", "jobs:scheduleAction", "{\"tag\":\"a\",\"delayMs\":60000}"));
        Transaction tx = deployment.app().database().begin();
        tx.patchInSystemTable(jobId(id), Map.of("state", Optional.of(ConvexJson.decode("{\"kind\":\"inProgress\"}"))));
        tx.commit();
        deployment.close();
        deployment = open();
        String state = state(id);
        assertThat(state).contains("\"kind\":\"failed\"").contains("interrupted");
        advance(120_000);
        assertThat(tags(awaitSummary(s -> true))).isEmpty();
    }

    @Test
    void crons_intervalOnInjectedClock_firesThenCatchesUpOnce() {
        assertThat(heartbeats()).isZero();
        advance(5 * 60_000 + 1_000);
        awaitCondition(() -> heartbeats() == 1);
        advance(30 * 60_000); // six periods pass unattended: one catch-up run, not six
        awaitCondition(() -> cronLogs().stream().anyMatch(log -> log.contains("skipped")));
        assertThat(heartbeats()).isEqualTo(2);
        assertThat(cronLogs()).filteredOn(log -> log.contains("\"success\"")).hasSize(2);
    }

    @Test
    @Tag("slow")
    void run_tenThousandNoOpJobs_eachRunsExactlyOnce() {
        for (int batch = 0; batch < 10; batch++) {
            ok("mutation", "jobs:scheduleMany", "{\"from\":" + batch * 1000 + ",\"count\":1000}");
        }
        awaitCondition(() ->
                ConvexJson.encode(ok("query", "jobs:noopCounts", "{}")).equals("{\"distinct\":10000,\"runs\":10000}"));
        Value.Obj summary = awaitSummary(s -> count(s, "success") == 10_000);
        assertThat(count(summary, "pending")).isZero();
        assertThat(ConvexJson.encode(ok("query", "jobs:noopCounts", "{}")))
                .isEqualTo("{\"distinct\":10000,\"runs\":10000}");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void advance(long millis) {
        clock.addAndGet(millis);
        deployment.app().wakeScheduler();
    }

    private FunctionResult call(String kind, String path, String argsJson) {
        FunctionCall call = new FunctionCall(
                FunctionPath.parse(path),
                (Value.Obj) ConvexJson.decode(argsJson),
                FunctionCall.Caller.ADMIN,
                FunctionCall.RequestInfo.of("test"));
        return switch (kind) {
            case "query" -> deployment.app().query(call);
            case "mutation" -> deployment.app().mutation(call);
            case "action" -> deployment.app().action(call);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private Value ok(String kind, String path, String argsJson) {
        FunctionResult result = call(kind, path, argsJson);
        if (result instanceof FunctionResult.Failure failure) {
            throw new AssertionError(path + " " + argsJson + " failed: " + failure.message());
        }
        return ((FunctionResult.Success) result).value();
    }

    private String failure(String path) {
        FunctionResult result = call("mutation", path, "{}");
        assertThat(result).as(path).isInstanceOf(FunctionResult.Failure.class);
        return ((FunctionResult.Failure) result).message();
    }

    private static Value field(Value.Obj obj, String name) {
        return java.util.Objects.requireNonNull(obj.fields().get(name), name);
    }

    private static String str(Value value) {
        return ((Value.Str) value).value();
    }

    private static DocumentId jobId(String id) {
        return DocumentId.decode(id).orElseThrow();
    }

    private String state(String id) {
        Value.Obj job = deployment.app().database().begin().get(jobId(id)).orElseThrow();
        return ConvexJson.encode(field(job, "state"));
    }

    private String awaitState(String id, Predicate<String> done) {
        awaitCondition(() -> done.test(state(id)));
        return state(id);
    }

    private Value.Obj awaitSummary(Predicate<Value.Obj> done) {
        try {
            awaitCondition(() -> done.test((Value.Obj) ok("query", "jobs:summary", "{}")));
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; jobs: " + ConvexJson.encode(ok("query", "jobs:jobs", "{}")), e);
        }
        return (Value.Obj) ok("query", "jobs:summary", "{}");
    }

    private static long count(Value.Obj summary, String kind) {
        Value.Obj states = (Value.Obj) field(summary, "states");
        return states.fields().get(kind) instanceof Value.Float64(double n) ? (long) n : 0;
    }

    private static List<String> tags(Value.Obj summary) {
        return ((Value.Array) field(summary, "tags"))
                .elements().stream().map(v -> ((Value.Str) v).value()).toList();
    }

    private long heartbeats() {
        Value.Obj counts = (Value.Obj) ok("query", "admin/stats:tableCounts", "{}");
        return (long) ((Value.Float64) field(counts, "events")).value();
    }

    private List<String> cronLogs() {
        Transaction tx = deployment.app().database().begin();
        String query = "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"_cron_job_logs\",\"order\":\"asc\"},"
                + "\"operators\":[]}";
        return tx.query(QueryPlanner.plan(SerializedQuery.parse(query), tx.catalog())).stream()
                .map(ConvexJson::encode)
                .toList();
    }

    private static void awaitCondition(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the scheduler did not get there within the deadline");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
