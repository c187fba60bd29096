package dev.slipway.schema;

/** Path segments as messages write them: {@code .name} for a plain name, {@code ["odd name"]} otherwise. */
final class Paths {
    private Paths() {}

    /** Appends the segment that selects field {@code name}. */
    static void appendField(StringBuilder out, String name) {
        if (isPlain(name)) {
            out.append('.').append(name);
        } else {
            out.append('[');
            Json.appendQuoted(out, name);
            out.append(']');
        }
    }

    /** The segment that selects field {@code name}. */
    static String field(String name) {
        StringBuilder out = new StringBuilder(name.length() + 1);
        appendField(out, name);
        return out.toString();
    }

    /** Whether {@code name} can be written after a dot: a JavaScript-style identifier of ASCII characters. */
    static boolean isPlain(String name) {
        if (name.isEmpty() || (name.charAt(0) >= '0' && name.charAt(0) <= '9')) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
