package dev.slipway.server;

import dev.slipway.application.FunctionLog;
import dev.slipway.application.FunctionLogEntry;
import dev.slipway.isolate.FunctionKind;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /d/<deployment>/admin/logs} (admin only): the deployment's recent function executions
 * from its {@link FunctionLog}, as {@code slipway logs} reads them (docs/ADMIN-API.md).
 *
 * <ul>
 *   <li>{@code after=<cursor>}: the entries after that cursor (an entry id or a returned {@code
 *       cursor}); without it, from the oldest entry kept.
 *   <li>{@code tail=N}, instead of {@code after}: the newest N entries; {@code tail=0} returns just
 *       the cursor at the end, to follow only what happens from now on.
 *   <li>{@code limit=N}: at most N entries (default {@value #DEFAULT_LIMIT}, at most {@value
 *       #MAX_LIMIT}).
 *   <li>{@code wait=<ms>}: a long poll: when nothing follows the cursor yet, the answer waits up to
 *       that long (at most {@value #MAX_WAIT_MILLIS} ms) for the next execution.
 * </ul>
 *
 * The answer is {@code {"entries": [...], "cursor": "...", "truncated": bool}}; {@code truncated}
 * says entries between the cursor and the first one returned are lost (the ring overflowed, or the
 * server restarted), so a reader never mistakes a gap for a quiet period.
 */
final class LogsApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    static final long MAX_WAIT_MILLIS = 60_000;

    private LogsApi() {}

    static ApiResponse handle(Deployment deployment, ApiRequest request) {
        if (!request.isMethod("GET")) {
            throw new ApiException(405, "MethodNotAllowed", request.method() + " is not allowed here; use GET");
        }
        Auth.requireAdmin(request, deployment, "Reading the function logs");
        FunctionLog log = deployment.app().functionLog();
        Optional<String> after = request.queryParam("after").filter(a -> !a.isEmpty());
        Optional<Long> tail = number(request, "tail", 0, Integer.MAX_VALUE); // more than is kept gives all kept
        int limit = number(request, "limit", 0, MAX_LIMIT)
                .orElse((long) DEFAULT_LIMIT)
                .intValue();
        long wait = number(request, "wait", 0, MAX_WAIT_MILLIS).orElse(0L);
        if (tail.isPresent() && after.isPresent()) {
            throw ApiException.badRequest(
                    "BadQueryString", "Pass either `after` (continue from a cursor) or `tail` (the newest entries)");
        }
        FunctionLog.Page page = tail.isPresent()
                ? log.tail(tail.get().intValue())
                : log.awaitAfter(after, limit, Duration.ofMillis(wait));
        return ApiResponse.json(
                200,
                JsonOut.object(o -> o.arrayField(
                                "entries", a -> page.entries().forEach(entry -> a.objectElement(e -> entry(e, entry))))
                        .field("cursor", page.cursor())
                        .field("truncated", page.truncated())));
    }

    private static void entry(JsonOut o, FunctionLogEntry entry) {
        o.field("id", entry.id())
                .field("timestamp", entry.timestamp())
                .field("function", entry.function())
                .field("kind", kind(entry.kind()))
                .field("status", entry.success() ? "success" : "failure")
                .rawField("durationMs", number(entry.durationMs()))
                .arrayField("logLines", a -> entry.logLines().forEach(a::element));
        entry.error().ifPresentOrElse(error -> o.field("error", error), () -> o.rawField("error", "null"));
        o.field("requestId", entry.requestId())
                .field("caller", entry.caller().name().toLowerCase(Locale.ROOT));
        entry.jobId().ifPresentOrElse(id -> o.field("jobId", id), () -> o.rawField("jobId", "null"));
    }

    /** {@code query}, {@code mutation}, {@code action}, {@code httpAction}. */
    static String kind(FunctionKind kind) {
        String name = kind.displayName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** A duration in ms as a JSON number, to the microsecond. */
    private static String number(double ms) {
        return Double.isFinite(ms) ? String.valueOf(Math.round(ms * 1000) / 1000.0) : "0";
    }

    /** Query parameter {@code name} as a whole number in {@code [min, max]}, or a 400 naming it. */
    static Optional<Long> number(ApiRequest request, String name, long min, long max) {
        Optional<String> text = request.queryParam(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(text.get());
            if (value >= min && value <= max) {
                return Optional.of(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(
                "BadQueryString",
                "Query parameter `" + name + "` must be a whole number from " + min + " to " + max + ", got \""
                        + text.get() + "\"");
    }
}
