package dev.slipway.isolate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a call ended, with the console lines it wrote (at most 256, the last one the overflow notice).
 *
 * @param outcome the result or the failure
 * @param logLines captured {@code console} lines, in order
 */
public record InvocationResult(Outcome outcome, List<LogLine> logLines) {
    public InvocationResult {
        Objects.requireNonNull(outcome, "outcome");
        logLines = List.copyOf(logLines);
    }

    /** A result or a failure. */
    public sealed interface Outcome permits Success, Failure {}

    /** The function returned; {@code resultJson} is the Convex-JSON text of its value ({@code undefined} is {@code null}). */
    public record Success(String resultJson) implements Outcome {
        public Success {
            Objects.requireNonNull(resultJson, "resultJson");
        }
    }

    /**
     * The call failed.
     *
     * @param message for the developer: {@code "Uncaught Error: msg"} for a thrown error, Convex's
     *     wording for a misuse, or a sentence naming the limit a system failure hit
     * @param errorDataJson Convex-JSON text of a thrown {@code ConvexError}'s data
     * @param stack the JavaScript stack frames, one {@code "    at fn (module.js:line:col)"} per line;
     *     empty when there is none
     * @param kind whose fault it was
     */
    public record Failure(String message, Optional<String> errorDataJson, String stack, FailureKind kind)
            implements Outcome, HttpActionResult.Outcome {
        public Failure {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(errorDataJson, "errorDataJson");
            Objects.requireNonNull(stack, "stack");
            Objects.requireNonNull(kind, "kind");
        }

        static Failure developer(String message, String stack) {
            return new Failure(message, Optional.empty(), stack, FailureKind.DEVELOPER);
        }

        static Failure system(String message) {
            return new Failure(message, Optional.empty(), "", FailureKind.SYSTEM);
        }
    }

    /** Whose fault a failure was. */
    public enum FailureKind {
        /** The function's code: a thrown error, a misuse of the API, a promise that never settles. */
        DEVELOPER,
        /** A limit (time, statements, memory, sizes) or the server itself; the message names which. */
        SYSTEM
    }
}
