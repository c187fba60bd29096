package dev.slipway.integration.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.application.ApplicationOptions;
import dev.slipway.application.FunctionCall;
import dev.slipway.application.FunctionLogEntry;
import dev.slipway.application.FunctionPath;
import dev.slipway.application.FunctionResult;
import dev.slipway.application.PushRequest;
import dev.slipway.application.SchedulerOptions;
import dev.slipway.database.RetryPolicy;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
    /** For 10,000 jobs on a machine shared with other builds: still only a bound, never a measurement. */
    private static final long SLOW_WAIT_NANOS = 600_000_000_000L;

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
        return open(SchedulerOptions.defaults());
    }

    private Deployments open(SchedulerOptions scheduling) {
        ApplicationOptions options = new ApplicationOptions(
                "scheduler",
                clock::get,
                ThreadLocalRandom.current(),
                RetryPolicy.CONVEX_DEFAULTS,
                task -> Thread.ofVirtual().start(task));
        return Deployments.fixtureApp(dir, options, scheduling);
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
        // the scheduled-job gate refuses this push (a pending job targets jobs.js): force it, as a user would
        deployment.app().push(PushRequest.of(without).withAllowBreaking(true));
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
        assertThat(logEntries())
                .filteredOn(e -> e.jobId().equals(Optional.of(id)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.function()).isEqualTo("jobs:act");
                    assertThat(e.success()).isFalse();
                    assertThat(e.error()).hasValueSatisfying(m -> assertThat(m).contains("interrupted"));
                    assertThat(e.caller()).isEqualTo(FunctionCall.Origin.SCHEDULER);
                });
        advance(120_000);
        assertThat(tags(awaitSummary(s -> true))).isEmpty();
    }

    @Test
    void restart_jobsThatCameDueWhileDown_runOnStart() {
        String id = str(ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"missed\",\"delayMs\":60000}"));
        deployment.close();
        clock.addAndGet(10 * 60_000); // the server is down when the job comes due
        deployment = open(); // no advance, no wake: starting is enough
        assertThat(awaitState(id, s -> !s.contains("pending"))).isEqualTo("{\"kind\":\"success\"}");
        assertThat(tags(awaitSummary(s -> count(s, "success") == 1))).containsExactly("missed@v1");
    }

    @Test
    void selfCancel_mutation_commitsItsWritesAndStaysCanceled_childBornCanceled() {
        String id = str(ok("mutation", "jobs:scheduleSelfCancel", "{\"tag\":\"m\"}"));
        Value.Obj summary = awaitSummary(s -> count(s, "canceled") == 2);
        assertThat(state(id)).isEqualTo("{\"kind\":\"canceled\"}");
        assertThat(tags(summary)).containsExactly("m@v1");
        assertThat(count(summary, "pending")).isZero();
        assertThat(count(summary, "success")).isZero();
    }

    @Test
    void selfCancel_action_keepsRunningButWhatItSchedulesIsCanceled() {
        String id = str(ok("mutation", "jobs:scheduleSelfCancelAction", "{\"tag\":\"a\"}"));
        Value.Obj summary = awaitSummary(s -> count(s, "canceled") == 2 && tags(s).contains("a@v1"));
        assertThat(state(id)).isEqualTo("{\"kind\":\"canceled\"}");
        assertThat(tags(summary)).containsExactly("a@v1");
        advance(60_000);
        assertThat(tags(awaitSummary(s -> count(s, "canceled") == 2))).containsExactly("a@v1");
    }

    @Test
    void gc_finishedJobsPastRetention_deleted_pendingAndRecentKept() {
        deployment.close();
        deployment = open(SchedulerOptions.defaults().withJobRetention(Duration.ofHours(1)));
        String done = str(ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"done\",\"delayMs\":0}"));
        String failed = str(ok("mutation", "jobs:scheduleBadArgs", "{}"));
        String canceled = str(ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"c\",\"delayMs\":60000}"));
        ok("mutation", "jobs:cancel", "{\"id\":\"" + canceled + "\"}");
        String pending = str(ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"p\",\"delayMs\":7200000}"));
        awaitState(done, s -> s.contains("success"));
        awaitState(failed, s -> s.contains("failed"));

        advance(61 * 60_000); // the three finished jobs are past their retention
        String recent = str(ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"recent\",\"delayMs\":0}"));
        awaitState(recent, s -> s.contains("success"));
        awaitCondition(() -> !exists(done) && !exists(failed) && !exists(canceled));
        assertThat(state(pending)).isEqualTo("{\"kind\":\"pending\"}");
        assertThat(state(recent)).isEqualTo("{\"kind\":\"success\"}");
        // canceling a job that was collected is not an error (as in Convex)
        ok("mutation", "jobs:cancel", "{\"id\":\"" + done + "\"}");

        advance(60 * 60_000); // the recent one expires now; the pending one came due and ran meanwhile
        awaitCondition(() -> !exists(recent));
        assertThat(tags(awaitSummary(s -> count(s, "success") == 1))).contains("p@v1");
    }

    @Test
    void crons_logsKeepTheNewestFiveRunsOfEachCron() {
        for (int run = 1; run <= 7; run++) {
            advance(5 * 60_000 + (run == 1 ? 1_000 : 0));
            long expected = run;
            awaitCondition(() -> heartbeats() == expected);
        }
        awaitCondition(
                () -> cronLogs().stream().filter(l -> l.contains("heartbeat")).count() == 5);
        assertThat(cronLogs()).allSatisfy(log -> assertThat(log).contains("\"success\""));
    }

    @Test
    void logs_everyCallerKind_recordedWithJobIdForScheduledRuns() {
        String recordJob = str(ok("mutation", "jobs:scheduleRecord", "{\"tag\":\"l\",\"delayMs\":0}"));
        String actionJob = str(ok("mutation", "jobs:scheduleAction", "{\"tag\":\"la\",\"delayMs\":0}"));
        awaitSummary(s -> count(s, "success") == 2);
        advance(5 * 60_000 + 1_000);
        awaitCondition(() -> logEntries().stream().anyMatch(e -> e.caller() == FunctionCall.Origin.CRON));
        FunctionCall client = new FunctionCall(
                FunctionPath.parse("jobs:jobs"),
                Value.Obj.of(Map.of()),
                FunctionCall.Caller.CLIENT,
                FunctionCall.RequestInfo.of("client-request"));
        assertThat(deployment.app().query(client)).isInstanceOf(FunctionResult.Success.class);
        deployment
                .app()
                .http(
                        "GET",
                        java.net.URI.create("http://localhost/health"),
                        List.of(),
                        new byte[0],
                        FunctionCall.RequestInfo.of("http-request"));

        List<FunctionLogEntry> entries = logEntries();
        assertThat(entries)
                .filteredOn(e -> e.function().equals("jobs:scheduleRecord"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.caller()).isEqualTo(FunctionCall.Origin.ADMIN);
                    assertThat(e.kind()).isEqualTo(FunctionKind.MUTATION);
                    assertThat(e.jobId()).isEmpty();
                    assertThat(e.requestId()).isEqualTo("test");
                });
        assertThat(entries)
                .filteredOn(e -> e.jobId().equals(Optional.of(recordJob)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.function()).isEqualTo("jobs:record");
                    assertThat(e.caller()).isEqualTo(FunctionCall.Origin.SCHEDULER);
                    assertThat(e.success()).isTrue();
                    assertThat(e.timestamp()).isEqualTo(START_MS);
                });
        // the scheduled action, and the mutation it ran, both carry the job
        assertThat(entries)
                .filteredOn(e -> e.jobId().equals(Optional.of(actionJob)))
                .extracting(FunctionLogEntry::function, FunctionLogEntry::kind, FunctionLogEntry::caller)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "jobs:record", FunctionKind.MUTATION, FunctionCall.Origin.SCHEDULER),
                        org.assertj.core.groups.Tuple.tuple(
                                "jobs:act", FunctionKind.ACTION, FunctionCall.Origin.SCHEDULER));
        assertThat(entries)
                .filteredOn(e -> e.caller() == FunctionCall.Origin.CRON)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.function()).isEqualTo("admin/stats:recordEvent");
                    assertThat(e.jobId()).isEmpty();
                });
        assertThat(entries)
                .filteredOn(e -> e.caller() == FunctionCall.Origin.CLIENT)
                .singleElement()
                .satisfies(e -> assertThat(e.requestId()).isEqualTo("client-request"));
        assertThat(entries)
                .filteredOn(e -> e.caller() == FunctionCall.Origin.HTTP)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.function()).isEqualTo("GET /health");
                    assertThat(e.kind()).isEqualTo(FunctionKind.HTTP_ACTION);
                    assertThat(e.success()).isTrue();
                });
    }

    @Test
    void clocks_scheduledMutationSeesTheDeploymentClock_actionSeesRealTime() {
        advance(1_000); // the mutation clock is not the real one, so the two cannot be confused
        long realBefore = System.currentTimeMillis();
        ok("mutation", "jobs:scheduleClocks", "{}");
        awaitCondition(() ->
                ((Value.Array) ok("query", "jobs:clocks", "{}")).elements().size() == 2);
        long realAfter = System.currentTimeMillis();
        Map<String, Value.Obj> bySource = new HashMap<>();
        for (Value v : ((Value.Array) ok("query", "jobs:clocks", "{}")).elements()) {
            Value.Obj clock = (Value.Obj) v;
            bySource.put(str(field(clock, "source")), clock);
        }
        Value.Obj mutation = java.util.Objects.requireNonNull(bySource.get("mutation"));
        assertThat(field(mutation, "now")).isEqualTo(new Value.Float64(START_MS + 1_000));
        Value.Obj action = java.util.Objects.requireNonNull(bySource.get("action"));
        double before = ((Value.Float64) field(action, "before")).value();
        double after = ((Value.Float64) field(action, "after")).value();
        assertThat(before).isBetween((double) realBefore, (double) realAfter);
        assertThat(after).isBetween(before, (double) realAfter);
        // the mutation the action ran reads the deployment's clock again
        assertThat(field(action, "now")).isEqualTo(new Value.Float64(START_MS + 1_000));
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
        // Poll the cheap index reads (pending first: no job becomes pending again, so none is missed
        // between the two reads), then read the states through the jobs index in Java and the runs a
        // page per query: a query over all 10,000 documents could pass the 1 s user-code limit on a
        // loaded machine.
        awaitCondition(
                () -> deployment.app().jobs("pending", 1).isEmpty()
                        && deployment.app().jobs("inProgress", 1).isEmpty(),
                SLOW_WAIT_NANOS);
        assertThat(deployment.app().jobs("success", 20_000)).hasSize(10_000);
        for (String state : List.of("failed", "canceled")) {
            assertThat(deployment.app().jobs(state, 1)).as(state).isEmpty();
        }
        List<Value> runs = noopRuns();
        assertThat(runs).hasSize(10_000);
        assertThat(new HashSet<>(runs)).hasSize(10_000);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void advance(long millis) {
        clock.addAndGet(millis);
        deployment.app().wakeScheduler();
    }

    /** Every noop run's {@code i}, read with {@code jobs:noopPage} 1,000 at a time. */
    private List<Value> noopRuns() {
        List<Value> runs = new ArrayList<>();
        String cursor = "null";
        while (true) {
            Value.Obj page = (Value.Obj)
                    ok("query", "jobs:noopPage", "{\"paginationOpts\":{\"numItems\":1000,\"cursor\":" + cursor + "}}");
            runs.addAll(((Value.Array) field(page, "runs")).elements());
            if (field(page, "isDone").equals(new Value.Bool(true))) {
                return runs;
            }
            cursor = ConvexJson.encode(field(page, "continueCursor"));
        }
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

    private boolean exists(String id) {
        return deployment.app().database().begin().get(jobId(id)).isPresent();
    }

    private List<FunctionLogEntry> logEntries() {
        return deployment.app().functionLog().after(Optional.empty(), 10_000).entries();
    }

    private static void awaitCondition(java.util.function.BooleanSupplier done) {
        awaitCondition(done, WAIT_NANOS);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier done, long waitNanos) {
        long deadline = System.nanoTime() + waitNanos;
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
