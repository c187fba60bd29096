package dev.slipway.isolate;

import java.util.Objects;

/**
 * One call of a registered query, mutation or action. Build with {@link #builder}.
 *
 * @param version the loaded code to run
 * @param modulePath the module, e.g. {@code "messages.js"}
 * @param exportName the export, {@code "default"} for a default export
 * @param kind the kind the caller expects; a function of another kind fails the call
 * @param argsJson JSON text of the positional argument array, e.g. {@code [{"a":1}]}
 * @param syscalls the host side of {@code Convex.syscall}/{@code asyncSyscall} for this call
 * @param seed seeds {@code Math.random} and {@code crypto.getRandomValues} in queries and mutations
 * @param nowMillis the frozen {@code Date.now()} of queries and mutations (the transaction time)
 * @param requestId passed to {@code invokeAction}, which echoes it in action syscalls
 */
public record Invocation(
        CodeVersion version,
        String modulePath,
        String exportName,
        FunctionKind kind,
        String argsJson,
        SyscallHandler syscalls,
        long seed,
        long nowMillis,
        String requestId) {

    public Invocation {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modulePath, "modulePath");
        Objects.requireNonNull(exportName, "exportName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(argsJson, "argsJson");
        Objects.requireNonNull(syscalls, "syscalls");
        Objects.requireNonNull(requestId, "requestId");
    }

    /** A builder for calling {@code exportName} of {@code modulePath} as {@code kind}. */
    public static Builder builder(CodeVersion version, String modulePath, String exportName, FunctionKind kind) {
        return new Builder(version, modulePath, exportName, kind);
    }

    /**
     * Builds an {@link Invocation}; args default to {@code [{}]}, seed and time to 0. The environment
     * variables are the version's ({@link CodeVersion#withEnvironment}).
     */
    public static final class Builder {
        private final CodeVersion version;
        private final String modulePath;
        private final String exportName;
        private final FunctionKind kind;
        private String argsJson = "[{}]";
        private SyscallHandler syscalls = NoSyscalls.INSTANCE;
        private long seed;
        private long nowMillis;
        private String requestId = "";

        private Builder(CodeVersion version, String modulePath, String exportName, FunctionKind kind) {
            this.version = version;
            this.modulePath = modulePath;
            this.exportName = exportName;
            this.kind = kind;
        }

        public Builder argsJson(String argsJson) {
            this.argsJson = argsJson;
            return this;
        }

        public Builder syscalls(SyscallHandler syscalls) {
            this.syscalls = syscalls;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder nowMillis(long nowMillis) {
            this.nowMillis = nowMillis;
            return this;
        }

        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public Invocation build() {
            return new Invocation(
                    version, modulePath, exportName, kind, argsJson, syscalls, seed, nowMillis, requestId);
        }
    }
}
