package dev.slipway.sync.protocol;

import dev.slipway.value.Value;
import java.util.List;
import java.util.Optional;

/**
 * What a function call produced, as the protocol reports it: a value, or an error message with the
 * data of a {@code ConvexError}; either way with the log lines the function wrote ({@code "[LOG]
 * 'x'"}, already formatted as the client prints them).
 */
public sealed interface Outcome permits Outcome.Success, Outcome.Failure {
    /** The function's log lines, oldest first. */
    List<String> logLines();

    /** The function returned {@code value}. */
    record Success(Value value, List<String> logLines) implements Outcome {
        public Success {
            logLines = List.copyOf(logLines);
        }
    }

    /**
     * The function failed.
     *
     * @param message what the client shows ({@code errorMessage} / {@code result})
     * @param data the {@code ConvexError}'s data ({@code errorData}), if it threw one
     */
    record Failure(String message, Optional<Value> data, List<String> logLines) implements Outcome {
        public Failure {
            logLines = List.copyOf(logLines);
        }

        /** A failure with no data and no log lines. */
        public static Failure of(String message) {
            return new Failure(message, Optional.empty(), List.of());
        }
    }
}
