package dev.slipway.value;

/**
 * The one unchecked root of every Slipway error. Each carries a stable, machine-readable {@link
 * #code()} (an UpperCamelCase word such as {@code InvalidValue} or {@code StoreCorrupt}) next to a
 * message for people that names what was wrong.
 */
public class SlipwayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public SlipwayException(String code, String message) {
        super(message);
        this.code = code;
    }

    public SlipwayException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable error code; never changes for a given kind of failure. */
    public String code() {
        return code;
    }
}
