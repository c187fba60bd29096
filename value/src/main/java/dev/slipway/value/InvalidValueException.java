package dev.slipway.value;

/**
 * A value, document, field name or identifier broke one of the Convex value rules (§1 of the
 * interface reference). The message names where inside the value the problem is (a path such as
 * {@code .messages[3].body}, empty for the value itself) and which rule or limit was broken. Code
 * {@code InvalidValue}.
 */
public final class InvalidValueException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** The stable error code of every {@code InvalidValueException}. */
    public static final String CODE = "InvalidValue";

    private final String path;
    private final String reason;

    /**
     * @param path where in the value the problem is, as {@code .field[3].other}; empty for the value
     *     itself
     * @param reason the rule or limit that was broken, naming the offending part
     */
    public InvalidValueException(String path, String reason) {
        super(CODE, path.isEmpty() ? "Invalid value: " + reason : "Invalid value at " + path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** Where in the value the problem is ({@code .a[3].b}); empty when it is the value itself. */
    public String path() {
        return path;
    }

    /** The broken rule, without the path. */
    public String reason() {
        return reason;
    }
}
