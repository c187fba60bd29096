package dev.slipway.value;

/** JSON string literals exactly as JavaScript's {@code JSON.stringify} writes them. */
final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {}

    /**
     * Appends {@code s} as a quoted JSON string: {@code "} and {@code \} escaped, {@code \b \f \n \r
     * \t} short forms, other control characters and unpaired surrogates as lowercase {@code \}{@code
     * u00xx} escapes, everything else (including U+007F, U+2028, U+2029) verbatim.
     */
    static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        int start = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            out.append(s, start, i);
            appendEscape(out, c);
            start = i + 1;
        }
        out.append(s, start, length).append('"');
    }

    private static void appendEscape(StringBuilder out, char c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default ->
                out.append("\\u")
                        .append(HEX[(c >> 12) & 0xF])
                        .append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
        }
    }
}
