package dev.slipway.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the JSON text of a large Transition into slices for {@code TransitionChunk}s. The client
 * joins the slices in order and parses the result, so a slice may end anywhere except inside a
 * surrogate pair (each slice is itself sent as a JSON string, where half a pair would be lost).
 */
final class TransitionChunks {
    private TransitionChunks() {}

    /**
     * Whether {@code text} takes more than {@code maxBytes} bytes in UTF-8. It counts only when the
     * length in chars cannot tell: a char takes one to three bytes (a surrogate pair four, for two).
     */
    static boolean longerThan(String text, long maxBytes) {
        if (text.length() > maxBytes) {
            return true;
        }
        return 3L * text.length() > maxBytes && utf8Length(text) > maxBytes;
    }

    /** The UTF-8 length of {@code text}. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            bytes += utf8Bytes(text, i);
            if (Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()) {
                if (Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                }
            }
        }
        return bytes;
    }

    /** Slices of at most {@code maxBytes} UTF-8 bytes each (at least one slice, even for ""). */
    static List<String> split(String text, int maxBytes) {
        List<String> slices = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = start;
            long bytes = 0;
            while (end < text.length()) {
                int width = Character.isHighSurrogate(text.charAt(end))
                                && end + 1 < text.length()
                                && Character.isLowSurrogate(text.charAt(end + 1))
                        ? 2
                        : 1;
                int size = utf8Bytes(text, end);
                if (bytes + size > maxBytes) {
                    break;
                }
                bytes += size;
                end += width;
            }
            slices.add(text.substring(start, end));
            start = end;
        }
        if (slices.isEmpty()) {
            slices.add("");
        }
        return slices;
    }

    /** The UTF-8 size of the character (or surrogate pair) starting at {@code i}. */
    private static int utf8Bytes(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            return 4;
        }
        return 3;
    }
}
