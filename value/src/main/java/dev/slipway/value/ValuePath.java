package dev.slipway.value;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A mutable path into a value being walked ({@code .messages[3].body}), kept as a stack so that
 * walking costs nothing until an error needs the path rendered. Not thread-safe.
 */
final class ValuePath {
    private @Nullable Object[] segments = new Object[16];
    private int size;

    void pushField(String name) {
        push(name);
    }

    void pushIndex(int index) {
        push(index);
    }

    void pop() {
        segments[--size] = null;
    }

    private void push(Object segment) {
        if (size == segments.length) {
            segments = Arrays.copyOf(segments, size * 2);
        }
        segments[size++] = segment;
    }

    /** The error for {@code reason} at the current position. */
    InvalidValueException error(String reason) {
        return new InvalidValueException(toString(), reason);
    }

    /** The error for {@code reason} at field {@code name} below the current position. */
    InvalidValueException errorAtField(String name, String reason) {
        pushField(name);
        try {
            return error(reason);
        } finally {
            pop();
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < size; i++) {
            if (segments[i] instanceof String name) {
                appendField(out, name);
            } else {
                out.append('[').append(segments[i]).append(']');
            }
        }
        return out.toString();
    }

    /** Appends {@code .name}, or {@code ["name"]} when the name is not a plain identifier. */
    static void appendField(StringBuilder out, String name) {
        if (isPlain(name)) {
            out.append('.').append(name);
        } else {
            out.append('[');
            JsonText.appendQuoted(out, name);
            out.append(']');
        }
    }

    private static boolean isPlain(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
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
