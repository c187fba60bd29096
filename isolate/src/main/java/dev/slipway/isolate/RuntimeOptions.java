package dev.slipway.isolate;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link JsRuntime} runs. Build with {@link #builder()}; every setting has a default, and a bad
 * setting is refused with a message naming it, never clamped.
 *
 * @param threads platform threads that run JavaScript (each runs one context at a time); default the
 *     number of processors
 * @param contextsPerVersion most idle contexts kept warm per code version; more are created under
 *     load and closed when they come back. Default {@code threads}.
 * @param maxPooledContexts most idle contexts kept over all versions; past it the least recently used
 *     is closed. Default 256.
 * @param queryTimeLimit user-code time of a query or mutation, syscall time excluded (Convex: 1 s); a
 *     call is stopped when both its wall-clock user time and its thread CPU time pass it, so a busy
 *     machine (the thread waiting for a core, JIT compiler threads competing) does not stop calls
 *     that an idle one would finish
 * @param actionTimeLimit wall-clock time of an action or HTTP action (default 600 s)
 * @param statementLimit most statements of user code (the bundled modules; not the runtime's
 *     prelude) in one run without yielding: all of a query or mutation (their syscalls complete
 *     synchronously), one turn of an action's event loop. A cheap, deterministic CPU bound behind the
 *     watchdog; default 1,000,000,000.
 * @param maxArgumentBytes largest argument JSON (UTF-8 bytes) a call may pass (Convex: 16 MiB)
 * @param maxResultBytes largest result JSON (UTF-8 bytes) a call may return (Convex: 16 MiB)
 * @param maxFetchResponseBytes largest response body {@code fetch} reads (default 64 MiB)
 * @param heapPressure fraction of the maximum JVM heap above which the watchdog stops the running
 *     invocation that allocated the most (GraalJS community has no per-context heap limit); default 0.85
 * @param allowInterpreter whether {@link JsRuntime#create} may run GraalJS without its optimizing
 *     runtime (10-16x slower); default false, so a JVM started without the compiler fails fast
 * @param clock wall time for actions ({@code Date}), import time and console timers
 * @param prewarmInvocations calls of the built-in workload that {@link JsRuntime#prewarm()} makes
 */
public record RuntimeOptions(
        int threads,
        int contextsPerVersion,
        int maxPooledContexts,
        Duration queryTimeLimit,
        Duration actionTimeLimit,
        long statementLimit,
        long maxArgumentBytes,
        long maxResultBytes,
        long maxFetchResponseBytes,
        double heapPressure,
        boolean allowInterpreter,
        Clock clock,
        int prewarmInvocations) {

    private static final long MIB = 1024 * 1024;

    public RuntimeOptions {
        positive("threads", threads);
        positive("contextsPerVersion", contextsPerVersion);
        positive("maxPooledContexts", maxPooledContexts);
        positive("queryTimeLimit", queryTimeLimit);
        positive("actionTimeLimit", actionTimeLimit);
        positive("statementLimit", statementLimit);
        positive("maxArgumentBytes", maxArgumentBytes);
        positive("maxResultBytes", maxResultBytes);
        positive("maxFetchResponseBytes", maxFetchResponseBytes);
        if (maxFetchResponseBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxFetchResponseBytes must fit in a Java array, got " + maxFetchResponseBytes);
        }
        if (!(heapPressure > 0 && heapPressure < 1)) {
            throw new IllegalArgumentException("heapPressure must be in (0, 1), got " + heapPressure);
        }
        Objects.requireNonNull(clock, "clock");
        if (prewarmInvocations < 0) {
            throw new IllegalArgumentException("prewarmInvocations must be >= 0, got " + prewarmInvocations);
        }
    }

    public static RuntimeOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Builds {@link RuntimeOptions}. */
    public static final class Builder {
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int contextsPerVersion = -1;
        private int maxPooledContexts = 256;
        private Duration queryTimeLimit = Duration.ofSeconds(1);
        private Duration actionTimeLimit = Duration.ofMinutes(10);
        private long statementLimit = 1_000_000_000L;
        private long maxArgumentBytes = 16 * MIB;
        private long maxResultBytes = 16 * MIB;
        private long maxFetchResponseBytes = 64 * MIB;
        private double heapPressure = 0.85;
        private boolean allowInterpreter;
        private Clock clock = Clock.systemUTC();
        private int prewarmInvocations = 3_000;

        private Builder() {}

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder contextsPerVersion(int contextsPerVersion) {
            this.contextsPerVersion = contextsPerVersion;
            return this;
        }

        public Builder maxPooledContexts(int maxPooledContexts) {
            this.maxPooledContexts = maxPooledContexts;
            return this;
        }

        public Builder queryTimeLimit(Duration queryTimeLimit) {
            this.queryTimeLimit = Objects.requireNonNull(queryTimeLimit, "queryTimeLimit");
            return this;
        }

        public Builder actionTimeLimit(Duration actionTimeLimit) {
            this.actionTimeLimit = Objects.requireNonNull(actionTimeLimit, "actionTimeLimit");
            return this;
        }

        public Builder statementLimit(long statementLimit) {
            this.statementLimit = statementLimit;
            return this;
        }

        public Builder maxArgumentBytes(long maxArgumentBytes) {
            this.maxArgumentBytes = maxArgumentBytes;
            return this;
        }

        public Builder maxResultBytes(long maxResultBytes) {
            this.maxResultBytes = maxResultBytes;
            return this;
        }

        public Builder maxFetchResponseBytes(long maxFetchResponseBytes) {
            this.maxFetchResponseBytes = maxFetchResponseBytes;
            return this;
        }

        public Builder heapPressure(double heapPressure) {
            this.heapPressure = heapPressure;
            return this;
        }

        public Builder allowInterpreter(boolean allowInterpreter) {
            this.allowInterpreter = allowInterpreter;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder prewarmInvocations(int prewarmInvocations) {
            this.prewarmInvocations = prewarmInvocations;
            return this;
        }

        public RuntimeOptions build() {
            return new RuntimeOptions(
                    threads,
                    contextsPerVersion == -1 ? threads : contextsPerVersion,
                    maxPooledContexts,
                    queryTimeLimit,
                    actionTimeLimit,
                    statementLimit,
                    maxArgumentBytes,
                    maxResultBytes,
                    maxFetchResponseBytes,
                    heapPressure,
                    allowInterpreter,
                    clock,
                    prewarmInvocations);
        }
    }
}
