package dev.slipway.benchmarks;

import dev.slipway.isolate.SyscallException;
import dev.slipway.isolate.SyscallHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The in-memory syscall stubs of the GraalJS side: the same behaviour, the same JSON texts in and out,
 * as the Node side's {@code stubs.mjs}. Keep the two in step; {@code BenchmarkSmokeTest} checks that
 * both sides give the same results and make the same calls.
 *
 * <ul>
 *   <li>{@code 1.0/queryStream} starts a stream over the whole table; {@code 1.0/queryStreamNext}
 *       answers one document per call from prebuilt texts ({@code {"value":<doc>,"done":false}}), then
 *       {@code {"value":null,"done":true}}, and drops the stream (the server cleans up on done), so the
 *       library's {@code 1.0/queryCleanup} answers false.
 *   <li>{@code 1.0/get} answers the stored document text (or null); {@code 1.0/shallowMerge} answers
 *       the stored document without applying the patch, so every call sees the same table; {@code
 *       1.0/insert} stores the argument text under a new id, cycling through 1,024 ids so the map stays
 *       bounded.
 *   <li>Arguments are read by string search, not parsed, on both sides.
 *   <li>Asynchronous answers are already-completed futures, which the runtime resolves without a trip
 *       through its event loop.
 * </ul>
 *
 * <p>Used by one call at a time (the runtime calls it on the context's thread; successive calls are
 * ordered by the runtime's executor), so it needs no locking.
 */
public final class InMemorySyscalls implements SyscallHandler {
    private static final String DONE = "{\"value\":null,\"done\":true}";
    private static final int INSERT_SLOTS = 1024;

    private final String[] next;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, String> documents = new HashMap<>();
    private final Map<Integer, Integer> streams = new HashMap<>();
    private int nextQueryId = 1;
    private int inserts;
    private int queryStream;
    private int queryStreamNext;
    private int queryCleanup;
    private int get;
    private int shallowMerge;
    private int insert;

    /** @param documents the documents' Convex-JSON texts, in table order */
    public InMemorySyscalls(List<String> documents) {
        this.next = new String[documents.size()];
        for (int i = 0; i < next.length; i++) {
            String doc = documents.get(i);
            next[i] = "{\"value\":" + doc + ",\"done\":false}";
            String id = stringField(doc, "_id");
            ids.add(id);
            this.documents.put(id, doc);
        }
    }

    /** The ids of the table's documents, in table order. */
    public List<String> ids() {
        return List.copyOf(ids);
    }

    /** How often each syscall was made, named and ordered as {@code stubs.mjs} reports them. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("queryStream", queryStream);
        counts.put("queryStreamNext", queryStreamNext);
        counts.put("queryCleanup", queryCleanup);
        counts.put("get", get);
        counts.put("shallowMerge", shallowMerge);
        counts.put("insert", insert);
        return counts;
    }

    @Override
    public String syscall(String op, String argsJson) {
        return switch (op) {
            case "1.0/queryStream" -> {
                queryStream++;
                int queryId = nextQueryId++;
                streams.put(queryId, 0);
                yield "{\"queryId\":" + queryId + "}";
            }
            case "1.0/queryCleanup" -> {
                queryCleanup++;
                yield streams.remove(numberField(argsJson, "queryId")) != null ? "true" : "false";
            }
            default -> throw new SyscallException("benchmark stubs: unknown syscall " + op);
        };
    }

    @Override
    public CompletionStage<String> asyncSyscall(String op, String argsJson) {
        try {
            return CompletableFuture.completedFuture(answer(op, argsJson));
        } catch (SyscallException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private String answer(String op, String argsJson) {
        return switch (op) {
            case "1.0/queryStreamNext" -> {
                queryStreamNext++;
                yield nextDocument(numberField(argsJson, "queryId"));
            }
            case "1.0/get" -> {
                get++;
                String doc = documents.get(stringField(argsJson, "id"));
                yield doc == null ? "null" : doc;
            }
            case "1.0/shallowMerge" -> {
                shallowMerge++;
                String id = stringField(argsJson, "id");
                String doc = documents.get(id);
                if (doc == null) {
                    throw new SyscallException("Update on nonexistent document ID " + id);
                }
                yield doc;
            }
            case "1.0/insert" -> {
                insert++;
                String slot = Integer.toString(inserts++ % INSERT_SLOTS);
                String id = "log" + "0".repeat(29 - slot.length()) + slot;
                documents.put(id, argsJson);
                yield "{\"_id\":\"" + id + "\"}";
            }
            default -> throw new SyscallException("benchmark stubs: unknown syscall " + op);
        };
    }

    private String nextDocument(int queryId) {
        Integer position = streams.get(queryId);
        if (position == null) {
            throw new SyscallException("benchmark stubs: no query stream " + queryId);
        }
        if (position >= next.length) {
            streams.remove(queryId);
            return DONE;
        }
        streams.put(queryId, position + 1);
        return next[position];
    }

    /** The string value of {@code "name":"…"} in JSON text (no escapes in the values the stubs read). */
    private static String stringField(String json, String name) {
        String key = "\"" + name + "\":\"";
        int start = json.indexOf(key);
        if (start < 0) {
            throw new SyscallException("benchmark stubs: no string field " + name + " in " + json);
        }
        int from = start + key.length();
        return json.substring(from, json.indexOf('"', from));
    }

    /** The integer value of {@code "name":123} in JSON text. */
    private static int numberField(String json, String name) {
        String key = "\"" + name + "\":";
        int start = json.indexOf(key);
        if (start < 0) {
            throw new SyscallException("benchmark stubs: no number field " + name + " in " + json);
        }
        int value = 0;
        for (int i = start + key.length(); i < json.length(); i++) {
            int digit = json.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
