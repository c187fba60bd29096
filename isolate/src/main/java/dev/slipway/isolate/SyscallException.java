package dev.slipway.isolate;

import java.io.Serial;
import java.util.Objects;
import java.util.Optional;

/**
 * A developer-facing syscall failure: JavaScript sees an {@code Error} with {@link #getMessage()}, and,
 * for an asynchronous syscall, a {@code data} property holding {@link #dataJson()} parsed as a Convex
 * value, which {@code convex/server} turns back into a {@code ConvexError} (how a nested function's
 * ConvexError reaches its caller).
 */
public final class SyscallException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Optional<String> dataJson;

    public SyscallException(String message) {
        this(message, Optional.empty());
    }

    /**
     * @param dataJson Convex-JSON text of the ConvexError data to attach, if any
     */
    public SyscallException(String message, Optional<String> dataJson) {
        super(Objects.requireNonNull(message, "message"));
        this.dataJson = Objects.requireNonNull(dataJson, "dataJson");
    }

    /** Convex-JSON text of the error's data, present when the failure carries a ConvexError. */
    public Optional<String> dataJson() {
        return dataJson;
    }

    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
