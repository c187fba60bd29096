package dev.slipway.integration.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresOptions;
import dev.slipway.persistence.postgres.PostgresPersistence;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled functions across a {@code kill -9} of the server (issue 8): a real server in a child JVM
 * ({@link ServerChild}) gets the fixture app pushed over HTTP, two slow scheduled actions and 10,000
 * no-op scheduled mutations, all due at once; once both actions run and a few thousand mutations
 * have, the server is killed with SIGKILL, and a new one starts on the same data. When it has drained
 * the queue, the test opens the store itself and counts: every mutation's effect happened exactly
 * once and its job is {@code success}; the two actions, interrupted by the kill, are {@code failed}
 * with the reason, and never ran twice. Jobs not yet run at the kill came due while the server was
 * down, and run on start.
 *
 * <p>Progress is watched through the admin API (the function log's long poll and {@code GET jobs});
 * waits are bounded by generous deadlines that are never asserted on.
 */
@Tag("node")
@Tag("slow")
class SchedulerCrashTest {
    private static final int JOBS = 10_000;
    private static final int BATCH = 1_000;
    private static final int SLOW_ACTIONS = 2;
    /** Mutations to see run before the kill: well inside the 10,000. */
    private static final int RUNS_BEFORE_KILL = 2_000;

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(180);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void tenThousandJobs_sqliteServerKilledMidway_eachMutationRunsExactlyOnce(@TempDir Path dir) throws Exception {
        String deployment = "crash";
        Path file =
                dir.resolve("data").resolve("deployments").resolve(deployment).resolve("data.sqlite3");
        run(dir, deployment, List.of(), () -> {
            if (!Files.exists(file)) {
                throw new AssertionError("the server stored no deployment at " + file);
            }
            return SqlitePersistence.open(file);
        });
    }

    @Test
    @Tag("postgres")
    void tenThousandJobs_postgresServerKilledMidway_eachMutationRunsExactlyOnce(@TempDir Path dir) throws Exception {
        String deployment = "crash" + ProcessHandle.current().pid();
        Supplier<Persistence> store = () -> PostgresPersistence.open(PostgresOptions.builder()
                .jdbcUrl("jdbc:postgresql://127.0.0.1:5432/test")
                .user("postgres")
                .schema(PostgresOptions.deploymentSchema(deployment))
                .build());
        try {
            run(dir, deployment, List.of("postgres://postgres@127.0.0.1:5432/test"), store);
        } finally {
            try (Persistence opened = store.get()) {
                opened.drop();
            }
        }
    }

    private static void run(Path dir, String deployment, List<String> storage, Supplier<Persistence> store)
            throws Exception {
        Map<String, String> modules = FixtureApp.modules();
        List<String> args = new ArrayList<>(List.of(dir.resolve("data").toString(), deployment));
        args.addAll(storage);

        ServerProcess first = ServerProcess.start(dir, "first", args);
        int runsBeforeKill;
        try {
            first.post("/admin/push", pushBody(modules));
            first.mutation("jobs:scheduleSlowActions", "{\"count\":" + SLOW_ACTIONS + ",\"ms\":600000}");
            for (int from = 0; from < JOBS; from += BATCH) {
                first.mutationRetryingTimeouts("jobs:scheduleMany", "{\"from\":" + from + ",\"count\":" + BATCH + "}");
            }
            await(
                    "both slow actions in progress",
                    () -> first.jobs("inProgress", 10).size() == SLOW_ACTIONS);
            runsBeforeKill = first.awaitNoopRuns(RUNS_BEFORE_KILL);
        } finally {
            first.kill();
        }

        ServerProcess second = ServerProcess.start(dir, "second", args);
        int runsAfterRestart;
        try {
            await(
                    "the restarted server drains the queue",
                    () -> second.jobs("pending", 1).isEmpty()
                            && second.jobs("inProgress", 1).isEmpty());
            runsAfterRestart = second.noopRunsLogged();
        } finally {
            second.kill();
        }
        assertThat(runsBeforeKill)
                .as("no-op runs the first server logged before the kill")
                .isLessThan(JOBS);
        assertThat(runsAfterRestart)
                .as("no-op runs the restarted server logged (jobs due while it was down)")
                .isPositive();

        try (Persistence persistence = store.get();
                Database db = Database.open(
                        persistence,
                        DatabaseOptions.builder()
                                .retentionScheduler(Optional.empty())
                                .build())) {
            checkEffects(db);
            checkJobs(db);
        }
    }

    /** Every no-op effect {@code 0..JOBS-1} exactly once; no slow action recorded anything. */
    private static void checkEffects(Database db) {
        Transaction tx = db.begin();
        Map<Long, Integer> runs = new TreeMap<>();
        for (Value.Obj event : query(tx, byKind("noop"))) {
            long i = (long) ((Value.Float64) field(event, "detail")).value();
            runs.merge(i, 1, Integer::sum);
        }
        assertThat(runs.values().stream().filter(n -> n != 1).count())
                .as("no-op effects that happened more than once")
                .isZero();
        assertThat(runs).as("distinct no-op effects").hasSize(JOBS);
        assertThat(runs.keySet()).allSatisfy(i -> assertThat(i).isBetween(0L, JOBS - 1L));
        assertThat(query(tx, byKind("job")))
                .as("records of the interrupted slow actions")
                .isEmpty();
        tx.abort();
    }

    /** Every no-op job {@code success}; both slow actions {@code failed} as interrupted. */
    private static void checkJobs(Database db) {
        Transaction tx = db.begin();
        Map<String, Map<String, Integer>> states = new HashMap<>();
        List<String> actionErrors = new ArrayList<>();
        String scan =
                "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"_scheduled_functions\",\"order\":\"asc\"},"
                        + "\"operators\":[]}";
        for (Value.Obj job : query(tx, scan)) {
            String name = ((Value.Str) field(job, "name")).value();
            Value.Obj state = (Value.Obj) field(job, "state");
            String kind = ((Value.Str) field(state, "kind")).value();
            states.computeIfAbsent(name, n -> new TreeMap<>()).merge(kind, 1, Integer::sum);
            if (name.equals("jobs.js:slowAction")) {
                actionErrors.add(ConvexJson.encode(state));
            }
        }
        tx.abort();
        assertThat(states.get("jobs.js:noop")).as("states of the no-op jobs").isEqualTo(Map.of("success", JOBS));
        assertThat(states.get("jobs.js:slowAction"))
                .as("states of the slow actions")
                .isEqualTo(Map.of("failed", SLOW_ACTIONS));
        assertThat(actionErrors)
                .allSatisfy(error -> assertThat(error).contains("interrupted").contains("run at most once"));
    }

    // ---- the server process ------------------------------------------------------------------

    /** A {@link ServerChild} and a small HTTP client for it. */
    private static final class ServerProcess {
        private final Process process;
        private final String url;
        private final String adminKey;
        private final Path stderr;

        private ServerProcess(Process process, String url, String adminKey, Path stderr) {
            this.process = process;
            this.url = url;
            this.adminKey = adminKey;
            this.stderr = stderr;
        }

        /** Starts the child with the optimizing GraalJS runtime and waits for its READY line. */
        static ServerProcess start(Path dir, String name, List<String> args) throws Exception {
            String java = ProcessHandle.current()
                    .info()
                    .command()
                    .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString());
            Path jvmci = Path.of("target/jvmci").toAbsolutePath();
            if (!Files.isDirectory(jvmci)) {
                throw new AssertionError("the Graal compiler jars are not in " + jvmci
                        + " (the jvmci-compiler execution of maven-dependency-plugin makes them)");
            }
            List<String> command = new ArrayList<>(List.of(
                    java,
                    "-XX:+UnlockExperimentalVMOptions",
                    "-XX:+EnableJVMCI",
                    "--upgrade-module-path=" + jvmci,
                    "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ServerChild.class.getName()));
            command.addAll(args);
            Path stdout = dir.resolve(name + ".stdout");
            Path stderr = dir.resolve(name + ".stderr");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (true) {
                String out = Files.readString(stdout);
                int ready = out.indexOf("READY ");
                if (ready >= 0 && out.indexOf('\n', ready) > 0) {
                    String[] words =
                            out.substring(ready, out.indexOf('\n', ready)).split(" ");
                    return new ServerProcess(process, words[1], words[2], stderr);
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError(
                            "the server child " + name + " did not start; its stderr:\n" + Files.readString(stderr));
                }
                Thread.sleep(20);
            }
        }

        /** SIGKILL, and wait for the process to be gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("the server child ended after SIGKILL")
                    .isTrue();
        }

        Value mutation(String path, String argsJson) {
            String body = "{\"path\":\"" + path + "\",\"format\":\"convex_encoded_json\",\"args\":[" + argsJson + "]}";
            Value.Obj reply = (Value.Obj) ConvexJson.decode(post("/api/mutation", body));
            if (!field(reply, "status").equals(new Value.Str("success"))) {
                throw new AssertionError(path + " failed: " + ConvexJson.encode(reply));
            }
            return field(reply, "value");
        }

        /**
         * Like {@link #mutation}, but a mutation that hit the time limit is sent again (it left nothing
         * behind): the first calls of a fresh server JVM run before the JIT has compiled them.
         */
        Value mutationRetryingTimeouts(String path, String argsJson) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return mutation(path, argsJson);
                } catch (AssertionError e) {
                    if (attempt == 5 || !String.valueOf(e.getMessage()).contains("timed out")) {
                        throw e;
                    }
                }
            }
        }

        /** Up to {@code limit} jobs in {@code state}, from {@code GET admin/jobs}. */
        List<Value> jobs(String state, int limit) {
            Value.Obj reply = (Value.Obj) ConvexJson.decode(get("/admin/jobs?state=" + state + "&limit=" + limit));
            return ((Value.Array) field(reply, "jobs")).elements();
        }

        /**
         * Follows the function log with long polls until it has seen {@code atLeast} successful runs
         * of {@code jobs:noop}; returns how many it saw.
         */
        int awaitNoopRuns(int atLeast) {
            int seen = 0;
            String cursor = "";
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (seen < atLeast) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + seen + " no-op runs logged; the server's stderr:\n" + stderr());
                }
                Value.Obj page = (Value.Obj) ConvexJson.decode(get("/admin/logs?wait=5000&limit=1000"
                        + (cursor.isEmpty() ? "" : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
                seen += countNoopSuccesses(page);
                cursor = ((Value.Str) field(page, "cursor")).value();
            }
            return seen;
        }

        /** The successful {@code jobs:noop} runs in the function log now (up to its capacity). */
        int noopRunsLogged() {
            int seen = 0;
            String cursor = "";
            while (true) {
                Value.Obj page = (Value.Obj) ConvexJson.decode(get("/admin/logs?limit=1000"
                        + (cursor.isEmpty() ? "" : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
                int entries = ((Value.Array) field(page, "entries")).elements().size();
                seen += countNoopSuccesses(page);
                cursor = ((Value.Str) field(page, "cursor")).value();
                if (entries == 0) {
                    return seen;
                }
            }
        }

        private static int countNoopSuccesses(Value.Obj page) {
            int n = 0;
            for (Value entry : ((Value.Array) field(page, "entries")).elements()) {
                Value.Obj e = (Value.Obj) entry;
                if (field(e, "function").equals(new Value.Str("jobs:noop"))
                        && field(e, "status").equals(new Value.Str("success"))
                        && field(e, "caller").equals(new Value.Str("scheduler"))) {
                    n++;
                }
            }
            return n;
        }

        String post(String path, String body) {
            return send(HttpRequest.newBuilder(URI.create(url + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        String get(String path) {
            return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
        }

        private String send(HttpRequest.Builder request) {
            try {
                HttpResponse<String> response = HTTP.send(
                        request.header("Authorization", "Convex " + adminKey)
                                .timeout(Duration.ofSeconds(120))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new AssertionError(response.request().method() + " " + response.uri() + " answered "
                            + response.statusCode() + ": " + response.body());
                }
                return response.body();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "the server child at " + url + " did not answer; its stderr:\n" + stderr(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private String stderr() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "(cannot read " + stderr + ": " + e + ")";
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static String pushBody(Map<String, String> modules) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = ConvexJson.jsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("modules");
            for (Map.Entry<String, String> module : modules.entrySet()) {
                g.writeStringField(module.getKey(), module.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String byKind(String kind) {
        return "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"events.by_kind\",\"order\":\"asc\",\"range\":"
                + "[{\"type\":\"Eq\",\"fieldPath\":\"kind\",\"value\":\"" + kind + "\"}]},\"operators\":[]}";
    }

    private static List<Value.Obj> query(Transaction tx, String json) {
        List<Value.Obj> docs = new ArrayList<>();
        try {
            tx.query(SerializedQuery.parse(json)).forEachRemaining(docs::add);
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "query " + json + " failed; the store's tables: "
                            + tx.catalog().tables(),
                    e);
        }
        return docs;
    }

    private static Value field(Value.Obj obj, String name) {
        Value value = obj.fields().get(name);
        if (value == null) {
            throw new AssertionError("no field " + name + " in " + ConvexJson.encode(obj));
        }
        return value;
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
