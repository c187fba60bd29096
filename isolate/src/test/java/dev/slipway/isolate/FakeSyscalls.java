package dev.slipway.isolate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A map-backed stand-in for the database syscalls (enough for the test app): {@code 1.0/insert},
 * {@code 1.0/get}, {@code 1.0/queryStream} / {@code queryStreamNext} / {@code queryCleanup} over a
 * full table scan, and for actions {@code 1.0/actions/query} (answered from another thread after a
 * delay) and {@code 1.0/actions/mutation} (failing with a ConvexError). Documents are kept as
 * Convex-JSON text in insertion order. Thread-safe enough for one call at a time.
 */
final class FakeSyscalls implements SyscallHandler {
    private static final ScheduledExecutorService ELSEWHERE = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fake-syscalls").daemon(true).factory());
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, String> documents = new LinkedHashMap<>();
    private final Map<Integer, List<String>> streams = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> calls = new ArrayList<>();
    final List<String> threads = new ArrayList<>();

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized void put(String table, String channel, String body) {
        String id = table + "|" + ids.incrementAndGet();
        documents.put(id, document(id, channel, body));
    }

    @Override
    public synchronized String syscall(String op, String argsJson) {
        calls.add(op);
        return switch (op) {
            case "1.0/queryStream" -> {
                int id = streams.size() + 1;
                streams.put(id, new ArrayList<>(documents.values()));
                yield "{\"queryId\":" + id + "}";
            }
            case "1.0/queryCleanup" -> "true";
            default -> throw new SyscallException("FakeSyscalls: unknown syscall " + op);
        };
    }

    @Override
    public synchronized CompletionStage<String> asyncSyscall(String op, String argsJson) {
        calls.add(op);
        try {
            return switch (op) {
                case "1.0/insert" -> CompletableFuture.completedFuture(insert(argsJson));
                case "1.0/get" ->
                    CompletableFuture.completedFuture(documents.getOrDefault(field(argsJson, "id"), "null"));
                case "1.0/queryStreamNext" -> CompletableFuture.completedFuture(next(argsJson));
                case "1.0/actions/query" -> elsewhere(() -> listChannel(argsJson), 20);
                case "1.0/actions/mutation" ->
                    CompletableFuture.failedFuture(new SyscallException(
                            "Uncaught ConvexError: plain message", Optional.of("\"plain message\"")));
                default -> CompletableFuture.failedFuture(new SyscallException("FakeSyscalls: unknown syscall " + op));
            };
        } catch (SyscallException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private String insert(String argsJson) {
        String id = field(argsJson, "table") + "|" + ids.incrementAndGet();
        String channel = field(argsJson, "channel");
        String body = field(argsJson, "body");
        documents.put(id, document(id, channel, body));
        return "{\"_id\":\"" + id + "\"}";
    }

    private String next(String argsJson) {
        Matcher m = Pattern.compile("\"queryId\":(\\d+)").matcher(argsJson);
        if (!m.find()) {
            throw new SyscallException("queryStreamNext without a queryId");
        }
        List<String> stream = streams.get(Integer.parseInt(m.group(1)));
        if (stream == null || stream.isEmpty()) {
            return "{\"value\":null,\"done\":true}";
        }
        return "{\"value\":" + stream.removeFirst() + ",\"done\":false}";
    }

    private synchronized String listChannel(String argsJson) {
        threads.add(Thread.currentThread().getName());
        String channel = field(argsJson, "channel");
        StringBuilder out = new StringBuilder("[");
        for (String doc : documents.values()) {
            if (doc.contains("\"channel\":\"" + channel + "\"")) {
                out.append(out.length() == 1 ? "" : ",")
                        .append("{\"channel\":\"")
                        .append(channel)
                        .append("\",\"body\":\"")
                        .append(field(doc, "body"))
                        .append("\"}");
            }
        }
        return out.append(']').toString();
    }

    private static CompletableFuture<String> elsewhere(java.util.function.Supplier<String> work, long delayMillis) {
        CompletableFuture<String> future = new CompletableFuture<>();
        var _ = ELSEWHERE.schedule(() -> future.complete(work.get()), delayMillis, TimeUnit.MILLISECONDS);
        return future;
    }

    private static String document(String id, String channel, String body) {
        return "{\"_creationTime\":1700000000000,\"_id\":\"" + id + "\",\"body\":\"" + body + "\",\"channel\":\""
                + channel + "\"}";
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new SyscallException("FakeSyscalls: no string field " + name + " in " + json);
    }
}
