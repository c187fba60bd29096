package dev.slipway.sync;

import dev.slipway.sync.protocol.ServerMessage;
import dev.slipway.sync.protocol.ServerMessage.Transition;
import dev.slipway.sync.protocol.ServerMessage.TransitionChunk;
import dev.slipway.sync.protocol.ServerMessages;
import dev.slipway.sync.protocol.ValueText;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * A session's way out: encodes messages, splits large Transitions into {@code TransitionChunk}s,
 * and remembers when it last sent anything, for the keepalive. Not thread-safe: the session calls it
 * with its lock held, which is what keeps frames in order.
 */
final class Outbox {
    private final SessionOutput output;
    private final ValueText values;
    private final SyncOptions options;
    private final InstantSource clock;
    private Instant lastSent;
    private long chunkedTransitions;

    /** @param values the text of result values, shared with other sessions that send the same results */
    Outbox(SessionOutput output, SyncOptions options, InstantSource clock, ValueText values) {
        this.output = output;
        this.values = values;
        this.options = options;
        this.clock = clock;
        this.lastSent = clock.instant();
    }

    void send(ServerMessage message) {
        String json = ServerMessages.encode(message, values);
        if (message instanceof Transition
                && options.transitionChunks()
                && TransitionChunks.longerThan(json, options.transitionChunkBytes())) {
            List<String> slices = TransitionChunks.split(json, options.transitionChunkBytes());
            String transitionId = Long.toString(++chunkedTransitions);
            for (int part = 0; part < slices.size(); part++) {
                output.send(ServerMessages.encode(
                        new TransitionChunk(slices.get(part), part, slices.size(), transitionId)));
            }
        } else {
            output.send(json);
        }
        lastSent = clock.instant();
    }

    /**
     * How long until a {@code Ping} is due: zero when nothing has been sent for a whole ping interval
     * (send one now), otherwise the rest of the interval.
     */
    Duration untilPing() {
        Duration idle = Duration.between(lastSent, clock.instant());
        Duration left = options.pingInterval().minus(idle);
        return left.isNegative() ? Duration.ZERO : left;
    }

    void close(int code, String reason) {
        output.close(code, reason);
    }
}
