package dev.slipway.sync;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.ClientMessage.AuthToken;
import dev.slipway.sync.protocol.ClientMessage.NoToken;
import dev.slipway.sync.protocol.ClientMessage.UserToken;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.value.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An in-memory deployment: a versioned key-value store with a commit log, queries that record what
 * they read, one-shot subscriptions notified through {@link #notifier} (so tests can delay them), and
 * a few functions. Thread-safe (one monitor).
 *
 * <p>Queries: {@code kv:get {key}}, {@code kv:sum {prefix}} (sum of the numbers under a prefix), {@code
 * kv:list {prefix}}, {@code kv:page {prefix, numItems}} (paginated: the journal is the last key of
 * the page, and a re-run with a journal ends exactly there), {@code kv:whoami}, {@code kv:fail}
 * (ConvexError with data, after reading {@code key}), {@code kv:explode} (the deployment fails).
 * Mutations: {@code kv:set {key, value}}, {@code kv:setMany {entries}}, {@code kv:fail}. Actions:
 * {@code act:echo}, {@code act:fail}.
 */
final class FakeBackend implements SyncBackend {
    private record Commit(long ts, Map<String, Optional<Value>> writes) {}

    private record Listener(FakeDependency dependency, Runnable callback) {}

    private record RunKey(FunctionCall call, long ts) {}

    private final List<Commit> log = new ArrayList<>();
    private final TreeMap<String, TreeMap<Long, Optional<Value>>> store = new TreeMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final Map<FunctionCall, Integer> queryRuns = new HashMap<>();
    private final Map<RunKey, CompletableFuture<QueryRun>> sharedRuns = new HashMap<>();
    private final Map<RequestKey, MutationRun> mutationRecords = new HashMap<>();
    private final List<FunctionCall> mutationCalls = new ArrayList<>();
    private final Object increments = new Object();
    private long latest = 100;
    private long commitGap = 1;

    /** Where invalidation callbacks run (direct by default). */
    volatile Executor notifier = Runnable::run;
    /** Where query results are completed (direct by default). */
    volatile Executor queryCompleter = Runnable::run;
    /** Where mutations run and commit (direct by default). */
    volatile Executor mutationRunner = Runnable::run;
    /** Where mutation results are completed, after the commit (direct by default). */
    volatile Executor mutationCompleter = Runnable::run;
    /**
     * Whether identical calls at one timestamp get one run, the same {@link QueryRun} instance (as the
     * server's query cache gives sessions); off by default: every call runs.
     */
    volatile boolean shareRuns;

    // ---- the store ----

    /** Commits the writes (an empty value deletes) and notifies, outside the monitor, whom they touch. */
    long commit(Map<String, Optional<Value>> writes) {
        long ts;
        List<Listener> fired = new ArrayList<>();
        synchronized (this) {
            latest += commitGap;
            ts = latest;
            log.add(new Commit(ts, Map.copyOf(writes)));
            writes.forEach((key, value) ->
                    store.computeIfAbsent(key, k -> new TreeMap<>()).put(ts, value));
            for (Listener listener : listeners) {
                if (listener.dependency().touchedBy(writes.keySet())) {
                    fired.add(listener);
                }
            }
            listeners.removeAll(fired);
        }
        for (Listener listener : fired) {
            notifier.execute(listener.callback());
        }
        return ts;
    }

    long put(String key, Value value) {
        return commit(Map.of(key, Optional.of(value)));
    }

    synchronized void setCommitGap(long gap) {
        this.commitGap = gap;
    }

    /** Advances latest without writing anything (as a periodic bump would). */
    synchronized void bump(long by) {
        latest += by;
    }

    synchronized Optional<Value> read(String key, long ts) {
        TreeMap<Long, Optional<Value>> versions = store.get(key);
        if (versions == null) {
            return Optional.empty();
        }
        Map.Entry<Long, Optional<Value>> entry = versions.floorEntry(ts);
        return entry == null ? Optional.empty() : entry.getValue();
    }

    synchronized NavigableMap<String, Value> scan(String prefix, long ts) {
        TreeMap<String, Value> result = new TreeMap<>();
        for (String key : store.tailMap(prefix, true).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            read(key, ts).ifPresent(v -> result.put(key, v));
        }
        return result;
    }

    synchronized int runsOf(FunctionCall call) {
        return queryRuns.getOrDefault(call, 0);
    }

    synchronized int totalQueryRuns() {
        return queryRuns.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int activeSubscriptions() {
        return listeners.size();
    }

    synchronized List<FunctionCall> mutationCalls() {
        return List.copyOf(mutationCalls);
    }

    // ---- SyncBackend ----

    @Override
    public synchronized Timestamp latest() {
        return Timestamp.of(latest);
    }

    @Override
    public CompletableFuture<QueryRun> runQuery(FunctionCall call, Timestamp ts) {
        QueryRun run;
        CompletableFuture<QueryRun> future = new CompletableFuture<>();
        synchronized (this) {
            if (ts.nanos() > latest) {
                throw new AssertionError("query at " + ts + " above latest " + latest);
            }
            if (shareRuns) {
                CompletableFuture<QueryRun> known = sharedRuns.putIfAbsent(new RunKey(call, ts.nanos()), future);
                if (known != null) {
                    return known;
                }
            }
            queryRuns.merge(call, 1, Integer::sum);
            if (call.udfPath().equals("kv:explode")) {
                future.completeExceptionally(new IllegalStateException("the deployment exploded"));
                return future;
            }
            run = evaluate(call, ts.nanos());
        }
        queryCompleter.execute(() -> future.complete(run));
        return future;
    }

    private QueryRun evaluate(FunctionCall call, long ts) {
        Reads reads = new Reads(ts);
        Value.Obj args = call.args();
        Optional<String> journal = Optional.empty();
        Outcome outcome;
        switch (call.udfPath()) {
            case "kv:get" -> outcome = success(reads.get(str(args, "key")).orElse(Value.Null.INSTANCE));
            case "kv:sum" -> {
                double sum = 0;
                for (Value v : reads.scan(str(args, "prefix")).values()) {
                    sum += v instanceof Value.Float64 f ? f.value() : 0;
                }
                outcome = success(new Value.Float64(sum));
            }
            case "kv:list" -> outcome = success(list(reads.scan(str(args, "prefix"))));
            case "kv:page" -> {
                NavigableMap<String, Value> all = reads.scan(str(args, "prefix"));
                TreeMap<String, Value> page = new TreeMap<>();
                if (call.journal().isPresent()) {
                    page.putAll(all.headMap(call.journal().get(), true));
                } else {
                    int n = (int) ((Value.Float64) field(args, "numItems")).value();
                    all.entrySet().stream().limit(n).forEach(e -> page.put(e.getKey(), e.getValue()));
                }
                journal = page.isEmpty() ? call.journal() : Optional.of(page.lastKey());
                outcome = success(list(page));
            }
            case "kv:whoami" -> outcome = success(new Value.Str(call.identity().toString()));
            case "kv:fail" -> {
                reads.get(str(args, "key"));
                outcome = new Outcome.Failure(
                        "Uncaught ConvexError: nope", Optional.of(new Value.Str("data")), List.of("[ERROR] 'failing'"));
            }
            default -> outcome = Outcome.Failure.of("Could not find public function for '" + call.udfPath() + "'");
        }
        return new QueryRun(outcome, journal, reads.dependency());
    }

    @Override
    public CompletableFuture<MutationRun> runMutation(FunctionCall call, Optional<RequestKey> key) {
        CompletableFuture<MutationRun> future = new CompletableFuture<>();
        mutationRunner.execute(() -> {
            MutationRun earlier;
            synchronized (this) {
                mutationCalls.add(call);
                earlier = key.map(mutationRecords::get).orElse(null);
            }
            MutationRun run = earlier != null ? earlier : mutate(call);
            synchronized (this) {
                key.ifPresent(k -> mutationRecords.putIfAbsent(k, run));
            }
            mutationCompleter.execute(() -> future.complete(run));
        });
        return future;
    }

    private MutationRun mutate(FunctionCall call) {
        Value.Obj args = call.args();
        return switch (call.udfPath()) {
            case "kv:set" -> {
                long ts = commit(Map.of(str(args, "key"), Optional.of(field(args, "value"))));
                yield MutationRun.committed(
                        new Outcome.Success(Value.Null.INSTANCE, List.of("[LOG] 'set'")), Timestamp.of(ts));
            }
            case "kv:incr" -> {
                synchronized (increments) {
                    String key = str(args, "key");
                    double now = read(key, latest().nanos())
                            .map(v -> ((Value.Float64) v).value())
                            .orElse(0.0);
                    long ts = commit(Map.of(key, Optional.of(new Value.Float64(now + 1))));
                    yield MutationRun.committed(
                            new Outcome.Success(new Value.Float64(now + 1), List.of()), Timestamp.of(ts));
                }
            }
            case "kv:setMany" -> {
                Map<String, Optional<Value>> writes = new LinkedHashMap<>();
                ((Value.Obj) field(args, "entries")).fields().forEach((k, v) -> writes.put(k, Optional.of(v)));
                yield MutationRun.committed(
                        new Outcome.Success(Value.Null.INSTANCE, List.of()), Timestamp.of(commit(writes)));
            }
            default ->
                MutationRun.failed(new Outcome.Failure(
                        "Uncaught Error: mutation failed",
                        Optional.of(new Value.Float64(7)),
                        List.of("[LOG] 'before'")));
        };
    }

    @Override
    public CompletableFuture<Outcome> runAction(FunctionCall call) {
        return CompletableFuture.completedFuture(
                call.udfPath().equals("act:echo")
                        ? new Outcome.Success(call.args(), List.of("[INFO] 'echo'"))
                        : Outcome.Failure.of("Uncaught Error: action failed"));
    }

    @Override
    public CompletableFuture<Identity> authenticate(AuthToken token) {
        return switch (token) {
            case NoToken n -> CompletableFuture.completedFuture(Identity.anonymous());
            case UserToken u
            when u.jwt().startsWith("good:") -> {
                String[] parts = u.jwt().split(":", 3);
                Optional<Instant> expiry = parts.length > 2 ? Optional.of(Instant.parse(parts[2])) : Optional.empty();
                yield CompletableFuture.completedFuture(
                        new Identity.User("https://issuer|" + parts[1], "{\"subject\":\"" + parts[1] + "\"}", expiry));
            }
            case UserToken u
            when u.jwt().split("\\.").length == 3 -> CompletableFuture.completedFuture(jwtUser(u.jwt()));
            default ->
                CompletableFuture.failedFuture(new AuthenticationException(
                        "Could not verify OIDC token claim. Check that the token signature is valid."));
        };
    }

    /** An unsigned JWT's claims as the user (no signature check: this is a fake). */
    private static Identity jwtUser(String jwt) {
        String payload = new String(
                java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        Value.Obj claims = (Value.Obj) dev.slipway.value.ConvexJson.decode(payload);
        Optional<Instant> expiry = Optional.ofNullable(claims.fields().get("exp"))
                .map(v -> Instant.ofEpochSecond((long) ((Value.Float64) v).value()));
        return new Identity.User(str(claims, "iss") + "|" + str(claims, "sub"), payload, expiry);
    }

    // ---- reads and dependencies ----

    private static String str(Value.Obj args, String name) {
        return ((Value.Str) field(args, name)).value();
    }

    private static Value field(Value.Obj args, String name) {
        return Objects.requireNonNull(args.fields().get(name), () -> "argument " + name + " missing");
    }

    private static Outcome success(Value value) {
        return new Outcome.Success(value, List.of());
    }

    private static Value list(Map<String, Value> entries) {
        List<Value> items = new ArrayList<>();
        entries.forEach((k, v) -> items.add(Value.Obj.of(Map.of("key", new Value.Str(k), "value", v))));
        return new Value.Array(items);
    }

    private final class Reads {
        private final long ts;
        private final Set<String> keys = new TreeSet<>();
        private final Set<String> prefixes = new TreeSet<>();

        Reads(long ts) {
            this.ts = ts;
        }

        Optional<Value> get(String key) {
            keys.add(key);
            return read(key, ts);
        }

        NavigableMap<String, Value> scan(String prefix) {
            prefixes.add(prefix);
            return FakeBackend.this.scan(prefix, ts);
        }

        FakeDependency dependency() {
            return new FakeDependency(Set.copyOf(keys), Set.copyOf(prefixes), ts);
        }
    }

    private final class FakeDependency implements Dependency {
        private final Set<String> keys;
        private final Set<String> prefixes;
        private final long readTs;

        FakeDependency(Set<String> keys, Set<String> prefixes, long readTs) {
            this.keys = keys;
            this.prefixes = prefixes;
            this.readTs = readTs;
        }

        boolean touchedBy(Set<String> written) {
            for (String key : written) {
                if (keys.contains(key) || prefixes.stream().anyMatch(key::startsWith)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Subscription subscribe(Runnable invalidated) {
            Listener listener = new Listener(this, invalidated);
            synchronized (FakeBackend.this) {
                boolean already = log.stream()
                        .anyMatch(c -> c.ts() > readTs && touchedBy(c.writes().keySet()));
                if (!already) {
                    listeners.add(listener);
                    return () -> {
                        synchronized (FakeBackend.this) {
                            listeners.remove(listener);
                        }
                    };
                }
            }
            notifier.execute(invalidated);
            return () -> {};
        }

        @Override
        public boolean unchangedThrough(Timestamp ts) {
            synchronized (FakeBackend.this) {
                if (ts.nanos() > latest) {
                    throw new AssertionError("unchangedThrough(" + ts + ") above latest " + latest);
                }
                for (Commit commit : log) {
                    if (commit.ts() > readTs
                            && commit.ts() <= ts.nanos()
                            && touchedBy(commit.writes().keySet())) {
                        return false;
                    }
                }
                return true;
            }
        }
    }

    /** The value {@code call} has at {@code ts} (what a fresh run would say), for consistency checks. */
    synchronized Outcome evaluateAt(FunctionCall call, long ts) {
        return evaluate(call, ts).outcome();
    }
}
