package dev.slipway.schema;

import dev.slipway.value.SlipwayException;

/**
 * A value failed a validator. The caller picks the code for the situation, as Convex does; {@link
 * #error()} keeps the structured problem (path, expected validator, value found).
 */
public final class ValidationException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** Function arguments that do not match the function's {@code args} validator. */
    public static final String ARGUMENTS = "ArgumentValidationError";
    /** A function result that does not match its {@code returns} validator. */
    public static final String RETURNS = "ReturnsValidationError";
    /** A stored document that does not match its table's document type (checked when a schema is pushed). */
    public static final String SCHEMA = "SchemaValidationError";
    /** A write whose document does not match its table's document type. */
    public static final String SCHEMA_ENFORCEMENT = "SchemaEnforcementError";

    @SuppressWarnings("serial") // records of values; exceptions are not serialized here
    private final ValidationError error;

    /** An exception with a message of the caller's making, for the problem {@code error}. */
    public ValidationException(String code, String message, ValidationError error) {
        super(code, message);
        this.error = error;
    }

    /**
     * The exception Convex reports for arguments and return values: the message is {@code code +
     * ": " + error.message()}, e.g. {@code ArgumentValidationError: Object is missing the required
     * field `x`. ...}.
     */
    public static ValidationException of(String code, ValidationError error) {
        return new ValidationException(code, code + ": " + error.message(), error);
    }

    /** The problem that was found. */
    public ValidationError error() {
        return error;
    }
}
