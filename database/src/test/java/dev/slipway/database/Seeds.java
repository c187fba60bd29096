package dev.slipway.database;

import java.util.SplittableRandom;

/** Seeds for randomized tests: {@code -Dslipway.seed=N} replays a run; a failure names its seed. */
final class Seeds {
    private Seeds() {}

    static long seed() {
        Long fixed = Long.getLong("slipway.seed");
        return fixed != null ? fixed : new SplittableRandom().nextLong();
    }

    static void run(long seed, Body body) throws Exception {
        try {
            body.run(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "failed with seed " + seed + " (replay with -Dslipway.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface Body {
        void run(long seed) throws Exception;
    }
}
