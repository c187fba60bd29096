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
    /** An environment variable name that is not an identifier (Convex's code). */
    public static final String ENV_VAR_NAME_INVALID = "EnvironmentVariableNameInvalid";
    /** An environment variable name over 256 characters (Convex's code). */
    public static final String ENV_VAR_NAME_TOO_LONG = "EnvironmentVariableNameTooLong";
    /** An environment variable value over 8 KiB (Convex's code). */
    public static final String ENV_VAR_VALUE_TOO_LARGE = "EnvironmentVariableValueTooLarge";
    /** More environment variables than the limit (Convex's code). */
    public static final String ENV_VAR_LIMIT_MET = "EnvVarLimitMet";
    /** Environment variables larger in total than the limit (Convex's code). */
    public static final String ENV_VAR_TOTAL_SIZE_LIMIT_MET = "EnvVarTotalSizeLimitMet";
    /** A built-in environment variable name (Convex's code). */
    public static final String ENV_VAR_NAME_FORBIDDEN = "EnvVarNameForbidden";
    /** One change names a variable twice (Convex's code). */
    public static final String ENV_VAR_NAME_NOT_UNIQUE = "EnvVarNameNotUnique";
    /** A push gave up: the tables it checked kept being written while it ran; nothing was switched. */
    public static final String PUSH_RACED = "PushRaced";
    /** A push failed because backfilling one of its new indexes failed; nothing was switched. */
    public static final String INDEX_BACKFILL_FAILED = "IndexBackfillFailed";
    /** A push was interrupted before its switch; nothing was switched. */
    public static final String PUSH_INTERRUPTED = "PushInterrupted";
    /** A promote found no staged version. */
    public static final String NO_STAGED_VERSION = "NoStagedVersion";
    /** A promote named a version that is not the staged one. */
    public static final String VERSION_NOT_STAGED = "VersionNotStaged";
    /** A rollback found no earlier version that was current. */
    public static final String NO_PREVIOUS_VERSION = "NoPreviousVersion";
    /** A rollback or stage named the version that is current already. */
    public static final String ALREADY_CURRENT = "AlreadyCurrent";
    /** A rollback named a version the deployment never had. */
    public static final String VERSION_NOT_FOUND = PinnedVersions.VERSION_NOT_FOUND;

    public ApplicationException(String code, String message) {
        super(code, message);
    }
}
