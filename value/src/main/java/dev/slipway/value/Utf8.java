package dev.slipway.value;

/**
 * UTF-8 facts about Java strings, computed on the UTF-16 chars without encoding: encoded length,
 * unpaired surrogates, and comparison in UTF-8 byte order (which is code-point order).
 */
final class Utf8 {
    private Utf8() {}

    /** The number of bytes of {@code s} in UTF-8; an unpaired surrogate counts 3 (as U+FFFD would). */
    static long encodedLength(String s) {
        long bytes = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The index of the first unpaired surrogate in {@code s}, or -1 when there is none. */
    static int firstUnpairedSurrogate(String s) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else {
                return i;
            }
        }
        return -1;
    }

    /**
     * Compares in UTF-8 byte order (= code-point order). At the first differing UTF-16 unit, when
     * both are at or above U+D800, surrogates are moved above U+E000..U+FFFF, since they stand for
     * code points above U+FFFF.
     */
    static int compare(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    return Integer.compare(fixUp(x), fixUp(y));
                }
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    private static int fixUp(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    /** A description of the char at {@code index} for error messages, e.g. {@code U+D800}. */
    static String describeChar(String s, int index) {
        return String.format("U+%04X", (int) s.charAt(index));
    }
}
