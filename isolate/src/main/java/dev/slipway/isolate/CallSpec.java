package dev.slipway.isolate;

import java.util.Map;

/** What a {@link Call} runs: a registered function, an HTTP request, or the analysis of a version. */
sealed interface CallSpec {
    CodeVersion version();

    /**
     * The environment variables {@code process.env} shows, at import time and during the call: always
     * the version's, so a context imports and runs under one environment.
     */
    default Map<String, String> env() {
        return version().environment();
    }

    /** Whether time and randomness are frozen and seeded (queries, mutations). */
    boolean deterministic();

    /** The host side of the call's syscalls. */
    SyscallHandler syscalls();

    /** A query, mutation or action. */
    record Function(Invocation invocation) implements CallSpec {
        @Override
        public CodeVersion version() {
            return invocation.version();
        }

        @Override
        public boolean deterministic() {
            return invocation.kind().deterministic();
        }

        @Override
        public SyscallHandler syscalls() {
            return invocation.syscalls();
        }

        /** Convex's name for the function: the module path without {@code .js}, a colon, the export. */
        String udfPath() {
            String module = invocation.modulePath();
            String base = module.endsWith(".js") ? module.substring(0, module.length() - 3) : module;
            return invocation.exportName().equals("default") ? base : base + ":" + invocation.exportName();
        }
    }

    /** A request for {@code http.js}'s router. */
    record Http(HttpInvocation invocation) implements CallSpec {
        @Override
        public CodeVersion version() {
            return invocation.version();
        }

        @Override
        public boolean deterministic() {
            return false;
        }

        @Override
        public SyscallHandler syscalls() {
            return invocation.syscalls();
        }
    }

    /** Evaluating every module and describing what it exports. */
    record Analyze(CodeVersion version) implements CallSpec {
        @Override
        public boolean deterministic() {
            return false;
        }

        @Override
        public SyscallHandler syscalls() {
            return NoSyscalls.INSTANCE;
        }
    }
}
