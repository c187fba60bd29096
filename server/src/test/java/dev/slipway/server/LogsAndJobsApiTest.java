package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET admin/logs}, {@code GET admin/jobs} and {@code POST admin/jobs/cancel} over HTTP, as
 * docs/ADMIN-API.md describes them, on the test app ({@code src/test/js}, whose {@code jobs.ts}
 * schedules {@code jobs:noted}).
 */
@Tag("node")
class LogsAndJobsApiTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    static Path data;

    private static SlipwayServer server;
    private static Http http;
    private static String admin;

    @BeforeAll
    static void startAndPush() {
        server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .build());
        http = new Http(server.deploymentUrl());
        admin = "Convex " + server.adminKey();
        Http.Reply push = http.post("/admin/push", TestApp.pushBody(), "Authorization", admin);
        assertThat(push.status()).as(push.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- logs --------------------------------------------------------------------------------

    @Test
    void logs_eachCallerKind_recordedWithKindStatusAndLogLines() {
        String start = endCursor();
        Http.Reply sent = mutation("messages:send", "{\"channel\":\"logs\",\"body\":\"hi\"}", false);
        assertThat(sent.body()).contains("\"status\":\"success\"");
        http.post(
                "/api/query",
                "{\"path\":\"messages:secret\",\"format\":\"convex_encoded_json\",\"args\":[{}]}",
                "Authorization",
                admin);
        assertThat(http.get("/http/hello?name=logs").status()).isEqualTo(200);
        mutation("messages:fail", "{}", false);
        String job = str(
                decode(mutation("jobs:later", "{\"note\":\"n1\",\"delayMs\":0}", false)
                        .body()),
                "value");

        List<Value.Obj> entries = awaitEntries(start, all -> all.stream().anyMatch(e -> job.equals(opt(e, "jobId"))));
        Value.Obj send = only(entries, e -> str(e, "function").equals("messages:send"));
        assertThat(str(send, "kind")).isEqualTo("mutation");
        assertThat(str(send, "status")).isEqualTo("success");
        assertThat(str(send, "caller")).isEqualTo("client");
        assertThat(ConvexJson.encode(field(send, "logLines"))).isEqualTo("[\"[LOG] 'sending' 'hi'\"]");
        assertThat(field(send, "error")).isEqualTo(Value.Null.INSTANCE);
        assertThat(field(send, "jobId")).isEqualTo(Value.Null.INSTANCE);
        assertThat(str(send, "requestId")).isNotBlank();
        assertThat(((Value.Float64) field(send, "durationMs")).value()).isNotNegative();
        assertThat(((Value.Float64) field(send, "timestamp")).value()).isPositive();

        Value.Obj secret = only(entries, e -> str(e, "function").equals("messages:secret"));
        assertThat(str(secret, "caller")).isEqualTo("admin");
        assertThat(str(secret, "kind")).isEqualTo("query");

        Value.Obj hello = only(entries, e -> str(e, "function").equals("GET /hello"));
        assertThat(str(hello, "caller")).isEqualTo("http");
        assertThat(str(hello, "kind")).isEqualTo("httpAction");

        Value.Obj fail = only(entries, e -> str(e, "function").equals("messages:fail"));
        assertThat(str(fail, "status")).isEqualTo("failure");
        assertThat(str(fail, "error")).isNotBlank();

        Value.Obj noted = only(entries, e -> job.equals(opt(e, "jobId")));
        assertThat(str(noted, "function")).isEqualTo("jobs:noted");
        assertThat(str(noted, "caller")).isEqualTo("scheduler");
        assertThat(ConvexJson.encode(field(noted, "logLines"))).isEqualTo("[\"[LOG] 'noted' 'n1'\"]");
    }

    @Test
    void logs_longPoll_answersWithTheNextExecution() throws Exception {
        String start = endCursor();
        CompletableFuture<HttpResponse<String>> poll = Http.client()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create(server.deploymentUrl() + "/admin/logs?wait=60000&after="
                                        + URLEncoder.encode(start, StandardCharsets.UTF_8)))
                                .header("Authorization", admin)
                                .timeout(Duration.ofSeconds(120))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(poll.isDone())
                .as("a long poll with nothing to report answered at once")
                .isFalse();
        mutation("messages:send", "{\"channel\":\"poll\",\"body\":\"wake\"}", false);
        HttpResponse<String> response = poll.get(90, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        Value.Obj page = decode(response.body());
        assertThat(((Value.Array) field(page, "entries")).elements())
                .map(e -> str((Value.Obj) e, "function"))
                .containsExactly("messages:send");
        assertThat(field(page, "truncated")).isEqualTo(new Value.Bool(false));
    }

    @Test
    void logs_pagingWithTheReturnedCursor_seesEachEntryOnceInOrder() {
        String start = endCursor();
        for (int i = 0; i < 5; i++) {
            mutation("messages:send", "{\"channel\":\"paging\",\"body\":\"m" + i + "\"}", false);
        }
        List<String> all = ids(logs("?limit=1000&after=" + enc(start)));
        assertThat(all).hasSizeGreaterThanOrEqualTo(5).doesNotHaveDuplicates();
        List<String> paged = new ArrayList<>();
        String cursor = start;
        while (paged.size() < all.size()) {
            Value.Obj page = logs("?limit=2&after=" + enc(cursor));
            assertThat(field(page, "truncated")).isEqualTo(new Value.Bool(false));
            List<String> ids = ids(page);
            assertThat(ids).hasSizeBetween(1, 2);
            paged.addAll(ids);
            cursor = str(page, "cursor");
            assertThat(cursor).isEqualTo(ids.getLast());
        }
        assertThat(paged.subList(0, all.size())).isEqualTo(all); // later executions may follow
    }

    @Test
    void logs_tail_returnsTheNewestEntries() {
        mutation("messages:send", "{\"channel\":\"tail\",\"body\":\"a\"}", false);
        mutation("messages:send", "{\"channel\":\"tail\",\"body\":\"b\"}", false);
        Value.Obj page = logs("?tail=2");
        assertThat(((Value.Array) field(page, "entries")).elements()).hasSize(2);
        assertThat(str(page, "cursor")).isEqualTo(ids(page).getLast());
        assertThat(ids(logs("?after=" + enc(str(page, "cursor"))))).isEmpty();
    }

    @Test
    void logs_cursorFromBeforeARestart_isTruncatedNotAGap() {
        mutation("messages:send", "{\"channel\":\"restart\",\"body\":\"x\"}", false);
        Value.Obj page = logs("?limit=1000&after=" + enc("0123456789abcdef.7"));
        assertThat(field(page, "truncated")).isEqualTo(new Value.Bool(true));
        assertThat(((Value.Array) field(page, "entries")).elements()).isNotEmpty();
    }

    @Test
    void logs_badRequests_answerWithTheProblem() {
        Http.Reply cursor = http.get("/admin/logs?after=nonsense", "Authorization", admin);
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.body()).contains("InvalidLogCursor").contains("nonsense");
        Http.Reply limit = http.get("/admin/logs?limit=-3", "Authorization", admin);
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.body()).contains("`limit`").contains("-3");
        Http.Reply both = http.get("/admin/logs?tail=2&after=" + enc(endCursor()), "Authorization", admin);
        assertThat(both.status()).isEqualTo(400);
        Http.Reply anonymous = http.get("/admin/logs");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).contains("MissingAdminKey");
        Http.Reply post = http.post("/admin/logs", "{}", "Authorization", admin);
        assertThat(post.status()).isEqualTo(405);
    }

    // ---- jobs --------------------------------------------------------------------------------

    @Test
    void jobs_listThenCancelPendingJob_thenCancelAgainIsConflict() {
        String id = str(
                decode(mutation("jobs:later", "{\"note\":\"later\",\"delayMs\":3600000}", false)
                        .body()),
                "value");
        Value.Obj job = only(jobs("pending"), j -> str(j, "id").equals(id));
        assertThat(str(job, "name")).isEqualTo("jobs:noted");
        assertThat(str(job, "state")).isEqualTo("pending");
        assertThat(ConvexJson.encode(field(job, "args"))).isEqualTo("[{\"note\":\"later\"}]");
        assertThat(field(job, "scheduledTime")).isInstanceOf(Value.Float64.class);

        Http.Reply canceled = http.post("/admin/jobs/cancel", "{\"id\":\"" + id + "\"}", "Authorization", admin);
        assertThat(canceled.status()).as(canceled.body()).isEqualTo(200);
        assertThat(canceled.body()).isEqualTo("{\"id\":\"" + id + "\",\"state\":\"canceled\"}");
        assertThat(jobs("pending")).noneMatch(j -> str(j, "id").equals(id));
        assertThat(jobs("canceled"))
                .anyMatch(j -> str(j, "id").equals(id) && j.fields().containsKey("completedTime"));

        Http.Reply again = http.post("/admin/jobs/cancel", "{\"id\":\"" + id + "\"}", "Authorization", admin);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("JobNotPending").contains(id).contains("canceled");
    }

    @Test
    void jobs_cancelFinishedJob_isConflictNamingItsState() {
        String id = str(
                decode(mutation("jobs:later", "{\"note\":\"soon\",\"delayMs\":0}", false)
                        .body()),
                "value");
        awaitCondition(() -> jobs("success").stream().anyMatch(j -> str(j, "id").equals(id)));
        Http.Reply reply = http.post("/admin/jobs/cancel", "{\"id\":\"" + id + "\"}", "Authorization", admin);
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body()).contains("success").contains("not pending");
    }

    @Test
    void jobs_cancelUnknownOrInvalidId_isNotFoundOrBadRequest() {
        String real = str(
                decode(mutation("jobs:later", "{\"note\":\"x\",\"delayMs\":3600000}", false)
                        .body()),
                "value");
        int table = DocumentId.decode(real).orElseThrow().tableNumber();
        String unknown = new DocumentId(table, InternalId.random(ThreadLocalRandom.current())).encode();
        Http.Reply missing = http.post("/admin/jobs/cancel", "{\"id\":\"" + unknown + "\"}", "Authorization", admin);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("JobNotFound").contains(unknown);

        String message = str(
                decode(mutation("messages:send", "{\"channel\":\"j\",\"body\":\"b\"}", false)
                        .body()),
                "value");
        Http.Reply otherTable = http.post("/admin/jobs/cancel", "{\"id\":\"" + message + "\"}", "Authorization", admin);
        assertThat(otherTable.status()).isEqualTo(404);
        assertThat(otherTable.body()).contains(message).contains("messages");

        Http.Reply invalid = http.post("/admin/jobs/cancel", "{\"id\":\"not-an-id\"}", "Authorization", admin);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("InvalidJobId").contains("not-an-id");
        Http.Reply noId = http.post("/admin/jobs/cancel", "{}", "Authorization", admin);
        assertThat(noId.status()).isEqualTo(400);
    }

    @Test
    void jobs_badStateOrNoAdminKey_refused() {
        Http.Reply state = http.get("/admin/jobs?state=sleeping", "Authorization", admin);
        assertThat(state.status()).isEqualTo(400);
        assertThat(state.body()).contains("InvalidJobState").contains("sleeping");
        assertThat(http.get("/admin/jobs").status()).isEqualTo(401);
        assertThat(http.post("/admin/jobs/cancel", "{\"id\":\"x\"}").status()).isEqualTo(401);
        assertThat(http.get("/admin/jobs/cancel", "Authorization", admin).status())
                .isEqualTo(405);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Http.Reply mutation(String path, String argsJson, boolean asAdmin) {
        String body = "{\"path\":\"" + path + "\",\"format\":\"convex_encoded_json\",\"args\":[" + argsJson + "]}";
        return asAdmin ? http.post("/api/mutation", body, "Authorization", admin) : http.post("/api/mutation", body);
    }

    private static String endCursor() {
        return str(logs("?tail=0"), "cursor");
    }

    private static Value.Obj logs(String query) {
        Http.Reply reply = http.get("/admin/logs" + query, "Authorization", admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return decode(reply.body());
    }

    private static List<Value.Obj> jobs(String state) {
        Http.Reply reply = http.get("/admin/jobs?state=" + state, "Authorization", admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return ((Value.Array) field(decode(reply.body()), "jobs"))
                .elements().stream().map(Value.Obj.class::cast).toList();
    }

    /** Reads the log after {@code cursor} until {@code done} holds for all entries read. */
    private static List<Value.Obj> awaitEntries(String cursor, Predicate<List<Value.Obj>> done) {
        List<Value.Obj> entries = new ArrayList<>();
        String next = cursor;
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!done.test(entries)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the log never showed what was expected: " + entries);
            }
            Value.Obj page = logs("?wait=5000&after=" + enc(next));
            ((Value.Array) field(page, "entries")).elements().forEach(e -> entries.add((Value.Obj) e));
            next = str(page, "cursor");
        }
        return entries;
    }

    private static void awaitCondition(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition never held");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<String> ids(Value.Obj page) {
        return ((Value.Array) field(page, "entries"))
                .elements().stream().map(e -> str((Value.Obj) e, "id")).toList();
    }

    private static Value.Obj only(List<Value.Obj> entries, Predicate<Value.Obj> which) {
        List<Value.Obj> matching = entries.stream().filter(which).toList();
        assertThat(matching).as("matching entries among %s", entries).hasSize(1);
        return matching.getFirst();
    }

    private static Value.Obj decode(String json) {
        return (Value.Obj) ConvexJson.decode(json);
    }

    private static Value field(Value.Obj obj, String name) {
        Value value = obj.fields().get(name);
        if (value == null) {
            throw new AssertionError("no field " + name + " in " + ConvexJson.encode(obj));
        }
        return value;
    }

    private static String str(Value.Obj obj, String name) {
        return ((Value.Str) field(obj, name)).value();
    }

    private static Optional<String> optional(Value.Obj obj, String name) {
        return obj.fields().get(name) instanceof Value.Str(String s) ? Optional.of(s) : Optional.empty();
    }

    private static String opt(Value.Obj obj, String name) {
        return optional(obj, name).orElse("");
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
