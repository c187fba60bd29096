package dev.slipway.application;

/**
 * Hears the progress of a push ({@link Application#push}), on the pushing thread. A push of a large
 * deployment validates and backfills for a while; the caller shows or forwards each step. A listener
 * that throws is logged and ignored: progress never decides a push.
 */
@FunctionalInterface
public interface PushListener {
    /** A listener that ignores everything. */
    PushListener NONE = progress -> {};

    /** The push reached {@code progress}. */
    void onProgress(PushProgress progress);
}
