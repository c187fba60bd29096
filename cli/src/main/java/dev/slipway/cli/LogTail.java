package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Follows a deployment's function log ({@code GET admin/logs}, a long poll) and prints each execution
 * as it ends: time, kind, function, status, duration, then its log lines and error. {@code dev
 * --tail-logs} runs it on a virtual thread; {@link #format} is the one place an entry is rendered.
 */
final class LogTail {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final long WAIT_MILLIS = 30_000;

    private LogTail() {}

    /**
     * Prints the last {@code history} executions the server keeps, then those that end from now on,
     * until the thread is interrupted; only the entries {@code shown} accepts are printed. When the
     * server fails the stream (it went away, or has no logs endpoint), {@code failLoudly} rethrows its
     * error; otherwise the tail ends with a note (for {@code dev}, whose pushes go on).
     */
    static void follow(
            AdminClient admin,
            int history,
            Predicate<Json> shown,
            boolean failLoudly,
            PrintWriter out,
            PrintWriter err,
            ZoneId zone) {
        AdminClient polling = admin.withTimeout(Duration.ofMillis(WAIT_MILLIS + 15_000));
        Optional<String> cursor = Optional.empty();
        while (!Thread.currentThread().isInterrupted()) {
            Json page;
            try {
                page = cursor.isEmpty()
                        ? polling.get("logs", Map.of("tail", Integer.toString(history)))
                        : polling.get(
                                "logs",
                                Map.of("after", cursor.get(), "wait", Long.toString(WAIT_MILLIS), "limit", "1000"));
            } catch (CliException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // stopped by the user (or the test)
                }
                if (failLoudly) {
                    throw e;
                }
                note(err, "stopped tailing the function logs: " + e.getMessage());
                return;
            }
            if (cursor.isPresent() && page.bool("truncated").orElse(false)) {
                note(
                        err,
                        "some executions were lost before these (the server restarted, or its log overflowed while"
                                + " this stream lagged)");
            }
            synchronized (out) {
                for (Json entry : page.array("entries")) {
                    if (shown.test(entry)) {
                        out.println(format(entry, zone));
                    }
                }
                out.flush();
            }
            cursor = Optional.of(page.string("cursor")
                    .orElseThrow(() -> CliException.failed("the server's log answer has no cursor: " + page.text())));
        }
    }

    /**
     * One execution: {@code 12:00:01.250 mutation messages:send success 3.2 ms}, then each log line
     * and the error, indented.
     */
    static String format(Json entry, ZoneId zone) {
        String time = entry.number("timestamp")
                .map(ms -> TIME.format(Instant.ofEpochMilli(ms.longValue()).atZone(zone)))
                .orElse("--:--:--.---");
        List<String> lines = new ArrayList<>();
        lines.add(time + " " + entry.string("kind").orElse("function") + " "
                + entry.string("function").orElse("?")
                + " " + entry.string("status").orElse("?")
                + entry.number("durationMs").map(d -> " " + d.text() + " ms").orElse("")
                + entry.string("caller")
                        .filter(c -> !c.equals("client"))
                        .map(c -> " (" + c + ")")
                        .orElse(""));
        for (Json line : entry.array("logLines")) {
            lines.add("    " + (line instanceof Json.Str s ? s.value() : line.text()));
        }
        entry.string("error").ifPresent(error -> lines.add("    error: " + error));
        return String.join("\n", lines);
    }

    private static void note(PrintWriter err, String message) {
        synchronized (err) {
            err.println("note: " + message);
            err.flush();
        }
    }
}
