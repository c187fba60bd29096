package dev.slipway.isolate;

import java.util.ArrayList;
import java.util.List;

/**
 * The console lines of one call, with Convex's limits (interface reference §6.3): a line longer than
 * 32,768 UTF-8 bytes is cut at a character boundary and gets {@code " (truncated due to length)"}; the
 * 256th line becomes the overflow notice and later lines are dropped. Used by one thread at a time.
 */
final class LogSink {
    static final int MAX_LINES = 256;
    static final int MAX_LINE_BYTES = 32_768;
    static final String TRUNCATED = " (truncated due to length)";
    static final String OVERFLOW = "Log overflow (maximum " + MAX_LINES + "). Remaining log lines omitted.";

    private final List<LogLine> lines = new ArrayList<>();

    void add(LogLevel level, String text) {
        if (lines.size() >= MAX_LINES) {
            return;
        }
        if (lines.size() == MAX_LINES - 1) {
            lines.add(new LogLine(LogLevel.ERROR, OVERFLOW));
            return;
        }
        lines.add(new LogLine(level, truncate(text)));
    }

    List<LogLine> lines() {
        return List.copyOf(lines);
    }

    /** {@code text} if it fits in {@link #MAX_LINE_BYTES} UTF-8 bytes, else its longest prefix that does plus the suffix. */
    static String truncate(String text) {
        if (text.length() <= MAX_LINE_BYTES / 3) {
            return text;
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int width;
            int chars = 1;
            if (c < 0x80) {
                width = 1;
            } else if (c < 0x800) {
                width = 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                width = 4;
                chars = 2;
            } else {
                width = 3;
            }
            if (bytes + width > MAX_LINE_BYTES) {
                return text.substring(0, i) + TRUNCATED;
            }
            bytes += width;
            i += chars - 1;
        }
        return text;
    }

    /** The UTF-8 length of {@code s} (unpaired surrogates count as the 3 bytes of U+FFFD). */
    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
