package dev.slipway.benchmarks;

import dev.slipway.application.Application;
import dev.slipway.application.ApplicationOptions;
import dev.slipway.application.FunctionCall;
import dev.slipway.application.FunctionLog;
import dev.slipway.application.FunctionLogEntry;
import dev.slipway.application.FunctionPath;
import dev.slipway.application.FunctionResult;
import dev.slipway.application.SchedulerOptions;
import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The scheduler's load harness (issue 8, docs/BENCHMARKS.md "Scheduler (issue 8)"): a main method,
 * not JMH, because one measurement is one burst of jobs and its distribution of lags.
 *
 * <p>One round: a fresh deployment (a new SQLite file or PostgreSQL schema, the database, an {@link
 * Application} on the optimizing GraalJS runtime) gets the app {@code src/main/js/scheduler-app}; ten
 * mutations (of {@code jobs/1000} each) schedule {@code jobs} no-op mutations with {@code runAt} at one
 * due time {@code lead} ms ahead (<b>scheduling throughput</b>: jobs scheduled per second of those
 * mutations); at the due time every job is due at once, and the scheduler runs them with its
 * concurrency (<b>execution throughput</b>: jobs per second from the due time to the end of the last
 * one). The <b>lag</b> of a job is the time from the due time to its start, read from the {@link
 * FunctionLog} entry of its run (start stamps in milliseconds); p50, p99 and max over the round.
 * Every round then checks that no job is left pending.
 *
 * <pre>
 * java -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=benchmarks/target/jvmci \
 *   --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *   -cp benchmarks/target/benchmarks.jar dev.slipway.benchmarks.SchedulerBenchmark \
 *   [--backends=sqlite,postgres] [--jobs=10000] [--rounds=3] [--warmup-jobs=3000] [--lead-ms=10000]
 *   [--concurrency=8]
 * </pre>
 *
 * A warm-up round of {@code warmup-jobs} on each backend runs first and is not reported (the first
 * calls of a fresh JVM run interpreted).
 */
public final class SchedulerBenchmark {
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final int BATCH = 1_000;
    private static final FunctionPath SCHEDULE_MANY = FunctionPath.parse("jobs:scheduleMany");
    private static final String NOOP = "jobs:noop";

    private SchedulerBenchmark() {}

    /**
     * What one round measured.
     *
     * @param scheduleMillis how long the scheduling mutations took, together
     * @param drainMillis from the due time to the end of the last job
     * @param lagMillis each job's start minus the due time, sorted
     */
    public record Round(String backend, int jobs, double scheduleMillis, double drainMillis, long[] lagMillis) {
        public double schedulePerSecond() {
            return jobs / scheduleMillis * 1000;
        }

        public double executePerSecond() {
            return jobs / drainMillis * 1000;
        }

        public long lagPercentile(double p) {
            return percentile(lagMillis, p);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Round r
                    && backend.equals(r.backend)
                    && jobs == r.jobs
                    && scheduleMillis == r.scheduleMillis
                    && drainMillis == r.drainMillis
                    && Arrays.equals(lagMillis, r.lagMillis);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(backend, jobs, scheduleMillis, drainMillis, Arrays.hashCode(lagMillis));
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%-8s %6d jobs  schedule %8.0f jobs/s  execute %7.0f jobs/s  lag p50 %6d ms  p99 %6d ms  max %6d ms",
                    backend,
                    jobs,
                    schedulePerSecond(),
                    executePerSecond(),
                    lagPercentile(50),
                    lagPercentile(99),
                    lagPercentile(100));
        }
    }

    public static void main(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, got \"" + arg + "\"");
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        List<String> backends =
                List.of(options.getOrDefault("backends", "sqlite,postgres").split(","));
        int jobs = Integer.parseInt(options.getOrDefault("jobs", "10000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup-jobs", "3000"));
        long lead = Long.parseLong(options.getOrDefault("lead-ms", "10000"));
        int concurrency = Integer.parseInt(
                options.getOrDefault("concurrency", String.valueOf(SchedulerOptions.DEFAULT_CONCURRENCY)));

        Map<String, String> modules = bundle();
        try (JsRuntime runtime = OptimizingRuntime.start(OptimizingRuntime.benchmarkOptions(0))) {
            OUT.println(
                    "runtime: " + runtime.info() + "; " + Runtime.getRuntime().availableProcessors() + " cores");
            for (String backend : backends) {
                // the warm-up's scheduling may outlast the lead (cold code): its figures are not reported
                OUT.println("warm-up: " + run(Backend.of(backend), runtime, modules, warmup, lead, concurrency, false));
                List<Round> measured = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    Round result = run(Backend.of(backend), runtime, modules, jobs, lead, concurrency, true);
                    OUT.println("round " + (round + 1) + ": " + result);
                    measured.add(result);
                }
                OUT.println(summary(backend, measured));
            }
        }
    }

    /** The median of each figure over {@code rounds}. */
    static String summary(String backend, List<Round> rounds) {
        return String.format(
                Locale.ROOT,
                "%s median of %d rounds: schedule %.0f jobs/s, execute %.0f jobs/s, lag p50 %d ms, p99 %d ms",
                backend,
                rounds.size(),
                median(rounds.stream().mapToDouble(Round::schedulePerSecond).toArray()),
                median(rounds.stream().mapToDouble(Round::executePerSecond).toArray()),
                (long) median(
                        rounds.stream().mapToDouble(r -> r.lagPercentile(50)).toArray()),
                (long) median(
                        rounds.stream().mapToDouble(r -> r.lagPercentile(99)).toArray()));
    }

    /**
     * One round on a fresh store of {@code backend}: schedules {@code jobs} no-ops due {@code leadMillis}
     * from now, waits for all of them, and reads their start times from the function log.
     *
     * @param requireLead whether scheduling must end before the due time (for a measured round)
     * @throws IllegalStateException when scheduling outlasted the lead (the burst would not be "at once")
     */
    static Round run(
            Backend backend,
            JsRuntime runtime,
            Map<String, String> modules,
            int jobs,
            long leadMillis,
            int concurrency,
            boolean requireLead) {
        try (Backend.Store store = backend.create("scheduler");
                Database db = Database.open(store.persistence(), DatabaseOptions.defaults());
                Application app = Application.create(
                        db,
                        runtime,
                        ApplicationOptions.defaults("bench").withFunctionLogCapacity(jobs + 4 * BATCH),
                        SchedulerOptions.defaults().withConcurrency(concurrency))) {
            app.deploy(modules);
            FunctionLog log = app.functionLog();
            String cursor = log.tail(0).cursor();
            long dueAt = System.currentTimeMillis() + leadMillis;
            long start = System.nanoTime();
            for (int from = 0; from < jobs; from += BATCH) {
                int count = Math.min(BATCH, jobs - from);
                FunctionResult result = app.mutation(new FunctionCall(
                        SCHEDULE_MANY,
                        (Value.Obj) ConvexJson.decode(
                                "{\"from\":" + from + ",\"count\":" + count + ",\"at\":" + dueAt + "}"),
                        FunctionCall.Caller.ADMIN,
                        FunctionCall.RequestInfo.of("scheduler-benchmark")));
                if (result instanceof FunctionResult.Failure failure) {
                    throw new IllegalStateException("scheduling failed: " + failure.message());
                }
            }
            double scheduleMillis = (System.nanoTime() - start) / 1e6;
            if (requireLead && System.currentTimeMillis() >= dueAt) {
                throw new IllegalStateException("scheduling " + jobs + " jobs took " + Math.round(scheduleMillis)
                        + " ms, longer than the lead of " + leadMillis + " ms: raise --lead-ms");
            }
            List<FunctionLogEntry> runs = awaitRuns(log, cursor, jobs);
            if (!app.jobs("pending", 1).isEmpty() || !app.jobs("failed", 1).isEmpty()) {
                throw new IllegalStateException("jobs left pending or failed after the round");
            }
            long[] lags =
                    runs.stream().mapToLong(e -> e.timestamp() - dueAt).sorted().toArray();
            double drain = runs.stream()
                    .mapToDouble(e -> e.timestamp() + e.durationMs() - dueAt)
                    .max()
                    .orElse(0);
            return new Round(backend.name().toLowerCase(Locale.ROOT), jobs, scheduleMillis, drain, lags);
        }
    }

    /** Follows the log from {@code cursor} until {@code jobs} successful no-op runs were seen. */
    private static List<FunctionLogEntry> awaitRuns(FunctionLog log, String cursor, int jobs) {
        List<FunctionLogEntry> runs = new ArrayList<>(jobs);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        String next = cursor;
        while (runs.size() < jobs) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + runs.size() + " of " + jobs + " jobs ran within 30 minutes");
            }
            FunctionLog.Page page = log.awaitAfter(Optional.of(next), 1_000, Duration.ofSeconds(10));
            if (page.truncated()) {
                throw new IllegalStateException("the function log overflowed; its capacity is " + log.capacity());
            }
            for (FunctionLogEntry entry : page.entries()) {
                if (entry.function().equals(NOOP)) {
                    if (!entry.success()) {
                        throw new IllegalStateException(
                                "a no-op job failed: " + entry.error().orElse(""));
                    }
                    runs.add(entry);
                }
            }
            next = page.cursor();
        }
        return runs;
    }

    /**
     * Bundles {@code src/main/js/scheduler-app} with the benchmark app's {@code bundle.mjs} (the real
     * {@code convex} package and its esbuild), installing its packages first when needed.
     */
    static Map<String, String> bundle() {
        Path js = BenchmarkApp.jsDirectory();
        Path out = js.resolve("../../../target/scheduler-app").normalize();
        try {
            BenchmarkApp.installIfStale(js);
            BenchmarkApp.run(
                    js,
                    List.of(
                            "node",
                            "--input-type=module",
                            "-e",
                            "const { bundleModules } = await import('./bundle.mjs');"
                                    + " await bundleModules(process.argv[1], process.argv[2]);",
                            js.resolve("scheduler-app/convex").toString(),
                            out.toString()),
                    120);
            Map<String, String> modules = new TreeMap<>();
            try (Stream<Path> files = Files.walk(out)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                    modules.put(out.relativize(file).toString().replace('\\', '/'), Files.readString(file));
                }
            }
            if (!modules.containsKey("jobs.js")) {
                throw new IllegalStateException("bundling the scheduler app wrote no jobs.js to " + out);
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException("bundling the scheduler benchmark app in " + js, e);
        }
    }

    /** Nearest-rank percentile of sorted {@code values}; 100 is the maximum. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }
}
