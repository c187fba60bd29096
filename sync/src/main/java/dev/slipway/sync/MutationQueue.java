package dev.slipway.sync;

import dev.slipway.sync.protocol.ClientMessage.Mutation;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * A socket's mutations, run one at a time in arrival order. Each gets a sequence number, so the
 * session can tell whether the mutation running when an update took its timestamp is still running.
 * Not thread-safe: the session calls it with its lock held.
 */
final class MutationQueue {
    /** No mutation: the sequence number {@link #running()} reports when idle. */
    static final long NONE = -1;

    /** A mutation waiting its turn, with the identity it was sent under. */
    record Queued(long seq, Mutation message, CallArgs args, Identity identity) {}

    private final ArrayDeque<Queued> waiting = new ArrayDeque<>();
    private final int limit;
    private long running = NONE;
    private long nextSeq;

    MutationQueue(int limit) {
        this.limit = limit;
    }

    /** Queues a mutation; false when {@code limit} mutations are already waiting or running. */
    boolean offer(Mutation message, CallArgs args, Identity identity) {
        if (waiting.size() + (running == NONE ? 0 : 1) >= limit) {
            return false;
        }
        waiting.add(new Queued(nextSeq++, message, args, identity));
        return true;
    }

    /** The next mutation to start, now running; empty while one runs or none waits. */
    Optional<Queued> start() {
        if (running != NONE || waiting.isEmpty()) {
            return Optional.empty();
        }
        Queued next = waiting.remove();
        running = next.seq();
        return Optional.of(next);
    }

    /** The running mutation has been answered. */
    void finished() {
        running = NONE;
    }

    /** The sequence number of the running mutation, or {@link #NONE}. */
    long running() {
        return running;
    }

    void clear() {
        waiting.clear();
    }
}
