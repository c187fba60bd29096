package dev.slipway.database.query;

import java.util.SplittableRandom;

/**
 * Seeds for randomized tests: {@code -Dslipway.seed=N} replays a run, otherwise each run draws a
 * fresh seed. {@link #run} reports the seed of a failing run.
 */
final class Seeds {
    private Seeds() {}

    /** The seed for this run. */
    static long seed() {
        Long fixed = Long.getLong("slipway.seed");
        return fixed != null ? fixed : new SplittableRandom().nextLong();
    }

    /** Runs {@code body}; a failure is rethrown with the seed and how to replay it. */
    static void run(long seed, SeededBody body) {
        try {
            body.run(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "failed with seed " + seed + " (replay with -Dslipway.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    /** A test body that uses a seed. */
    @FunctionalInterface
    interface SeededBody {
        void run(long seed);
    }
}
