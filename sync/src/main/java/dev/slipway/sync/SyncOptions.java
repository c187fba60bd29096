package dev.slipway.sync;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of a sync session. Start from {@link #defaults()} (the backend's values) and change what
 * you need with the {@code with...} methods; bad values are refused, never clamped.
 *
 * @param pingInterval send a {@code Ping} after this long with nothing sent (backend: 15 s; the client
 *     gives up after 60 s of silence)
 * @param transitionChunks whether the client reassembles {@code TransitionChunk}s (npm clients from
 *     1.28.0, see {@link #chunksSupported})
 * @param transitionChunkBytes a Transition whose JSON is longer than this many UTF-8 bytes is sent in
 *     slices of at most this many bytes (backend: 5,000,000). Each frame is somewhat longer, since the
 *     slice is escaped inside the chunk message.
 * @param maxQueuedMutations mutations waiting or running on one socket; one more closes it with 1013
 *     {@code TooManyConcurrentMutations} (backend: 1000)
 * @param maxInflightActions actions running on one socket; one more closes it with 1013 (backend: 1000)
 * @param observedTimestampWait how long to wait for the deployment to reach a reconnecting client's
 *     {@code maxObservedTimestamp} before closing with 1011
 * @param observedTimestampPoll how often to look again while waiting
 * @param maxTransitionHold how long a finished Transition may wait for the response of the mutation
 *     that was running when its timestamp was taken (so the client never sees a mutation's writes
 *     before its response); a slower mutation had not committed by then and is not waited for
 */
public record SyncOptions(
        Duration pingInterval,
        boolean transitionChunks,
        int transitionChunkBytes,
        int maxQueuedMutations,
        int maxInflightActions,
        Duration observedTimestampWait,
        Duration observedTimestampPoll,
        Duration maxTransitionHold) {

    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:[-+].*)?");

    public SyncOptions {
        positive("pingInterval", pingInterval);
        positive("observedTimestampPoll", observedTimestampPoll);
        positive("maxTransitionHold", maxTransitionHold);
        if (observedTimestampWait.isNegative()) {
            throw new IllegalArgumentException(
                    "observedTimestampWait must not be negative, got " + observedTimestampWait);
        }
        if (transitionChunkBytes < 4) {
            throw new IllegalArgumentException(
                    "transitionChunkBytes must be at least 4 (one UTF-8 character), got " + transitionChunkBytes);
        }
        if (maxQueuedMutations < 1 || maxInflightActions < 1) {
            throw new IllegalArgumentException("maxQueuedMutations and maxInflightActions must be at least 1, got "
                    + maxQueuedMutations + " and " + maxInflightActions);
        }
    }

    /** The backend's settings, with TransitionChunks on. */
    public static SyncOptions defaults() {
        return new SyncOptions(
                Duration.ofSeconds(15),
                true,
                5_000_000,
                1000,
                1000,
                Duration.ofSeconds(10),
                Duration.ofMillis(50),
                Duration.ofMillis(100));
    }

    public SyncOptions withPingInterval(Duration value) {
        return new SyncOptions(
                value,
                transitionChunks,
                transitionChunkBytes,
                maxQueuedMutations,
                maxInflightActions,
                observedTimestampWait,
                observedTimestampPoll,
                maxTransitionHold);
    }

    public SyncOptions withTransitionChunks(boolean enabled, int chunkBytes) {
        return new SyncOptions(
                pingInterval,
                enabled,
                chunkBytes,
                maxQueuedMutations,
                maxInflightActions,
                observedTimestampWait,
                observedTimestampPoll,
                maxTransitionHold);
    }

    public SyncOptions withLimits(int queuedMutations, int inflightActions) {
        return new SyncOptions(
                pingInterval,
                transitionChunks,
                transitionChunkBytes,
                queuedMutations,
                inflightActions,
                observedTimestampWait,
                observedTimestampPoll,
                maxTransitionHold);
    }

    public SyncOptions withObservedTimestampWait(Duration wait, Duration poll) {
        return new SyncOptions(
                pingInterval,
                transitionChunks,
                transitionChunkBytes,
                maxQueuedMutations,
                maxInflightActions,
                wait,
                poll,
                maxTransitionHold);
    }

    public SyncOptions withMaxTransitionHold(Duration value) {
        return new SyncOptions(
                pingInterval,
                transitionChunks,
                transitionChunkBytes,
                maxQueuedMutations,
                maxInflightActions,
                observedTimestampWait,
                observedTimestampPoll,
                value);
    }

    /**
     * Whether the npm client of this version (the {@code <version>} of {@code /api/<version>/sync},
     * e.g. {@code "1.48.0"}) reassembles TransitionChunks: from 1.28.0, as the backend decides. An
     * unrecognized version gets whole Transitions.
     */
    public static boolean chunksSupported(String npmVersion) {
        Matcher m = SEMVER.matcher(npmVersion);
        if (!m.matches()) {
            return false;
        }
        try {
            long major = Long.parseLong(m.group(1));
            long minor = Long.parseLong(m.group(2));
            return major > 1 || (major == 1 && minor >= 28);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
