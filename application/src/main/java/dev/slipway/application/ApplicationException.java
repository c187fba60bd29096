package dev.slipway.application;

import dev.slipway.value.SlipwayException;

/** A request to a deployment's functions that cannot be served; the message says why. */
public final class ApplicationException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** A function path that cannot be parsed. */
    public static final String INVALID_FUNCTION_PATH = "InvalidFunctionPath";
    /** No function at that path in the deployed code (or no code deployed). */
    public static final String FUNCTION_NOT_FOUND = "FunctionNotFound";
    /** The function exists but is of another kind than the call asked for (a query called as a mutation). */
    public static final String WRONG_FUNCTION_KIND = "WrongFunctionKind";
    /** An internal function called from a client. */
    public static final String INTERNAL_FUNCTION = "InternalFunction";
    /** The pushed code cannot be loaded or analyzed. */
    public static final String INVALID_MODULES = "InvalidModules";

    public ApplicationException(String code, String message) {
        super(code, message);
    }
}
