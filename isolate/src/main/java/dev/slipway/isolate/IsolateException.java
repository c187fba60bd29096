package dev.slipway.isolate;

import dev.slipway.value.SlipwayException;
import java.io.Serial;

/**
 * A failure of the runtime itself or of loading code, as opposed to a function's own failure (which is
 * an {@link InvocationResult.Failure}); {@link #code()} says which kind (constants below).
 */
public class IsolateException extends SlipwayException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** GraalJS runs interpreter-only and {@link RuntimeOptions#allowInterpreter()} is off. */
    public static final String INTERPRETER_ONLY = "InterpreterOnlyRuntime";
    /** A module path is not a relative {@code .js} path inside the functions directory. */
    public static final String INVALID_MODULE_PATH = "InvalidModulePath";
    /** A module failed to evaluate (syntax error, a throwing top level, a missing import). */
    public static final String MODULE_EVALUATION_FAILED = "ModuleEvaluationFailed";
    /** A code version was loaded by another runtime, or is unknown to this one. */
    public static final String UNKNOWN_VERSION = "UnknownCodeVersion";
    /** The runtime was closed. */
    public static final String CLOSED = "RuntimeClosed";
    /** The runtime failed internally; the message says where. */
    public static final String INTERNAL = "RuntimeInternalError";

    public IsolateException(String code, String message) {
        super(code, message);
    }

    public IsolateException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
