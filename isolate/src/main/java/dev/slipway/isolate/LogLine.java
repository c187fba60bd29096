package dev.slipway.isolate;

import java.util.Objects;

/**
 * One captured console line (interface reference §6.3). {@code text} is the arguments rendered like
 * Convex's runtime (each with {@code object-inspect}, joined by a space), already cut at 32,768 UTF-8
 * bytes with {@code " (truncated due to length)"} appended when it was longer.
 */
public record LogLine(LogLevel level, String text) {
    public LogLine {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(text, "text");
    }

    /** The client-facing form, {@code [LEVEL] text}. */
    public String render() {
        return "[" + level + "] " + text;
    }
}
