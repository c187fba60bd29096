package dev.slipway.sync.protocol;

import dev.slipway.persistence.Timestamp;
import dev.slipway.value.Value;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A message to the client ({@code WireServerMessage} in {@code convex/browser}'s {@code protocol.ts}). */
public sealed interface ServerMessage
        permits ServerMessage.Transition,
                ServerMessage.TransitionChunk,
                ServerMessage.MutationResponse,
                ServerMessage.ActionResponse,
                ServerMessage.AuthError,
                ServerMessage.FatalError,
                ServerMessage.Ping {

    /**
     * The version of the client's view: its query set, its identity and the timestamp at which every
     * result in it holds.
     */
    record StateVersion(long querySet, long identity, Timestamp ts) {
        /** Where every socket starts: {@code {0, 0, ts 0}}. */
        public static final StateVersion INITIAL = new StateVersion(0, 0, Timestamp.MIN);
    }

    /**
     * Moves the client's view from {@code startVersion} (which must be exactly its current version)
     * to {@code endVersion}.
     *
     * @param clientClockSkew the client's clock minus the server's, in ms, measured at {@code Connect}
     * @param serverTs when the server sent it, in ns since the epoch
     */
    record Transition(
            StateVersion startVersion,
            StateVersion endVersion,
            List<StateModification> modifications,
            OptionalLong clientClockSkew,
            OptionalLong serverTs)
            implements ServerMessage {
        public Transition {
            modifications = List.copyOf(modifications);
        }
    }

    /** One change in a {@link Transition}. */
    sealed interface StateModification permits QueryUpdated, QueryFailed, QueryRemoved {
        long queryId();
    }

    /** A query's new value; {@code journal} is always written ({@code null} when empty). */
    record QueryUpdated(long queryId, Value value, List<String> logLines, Optional<String> journal)
            implements StateModification {
        public QueryUpdated {
            logLines = List.copyOf(logLines);
        }
    }

    /** A query's new error; {@code errorData} only for a {@code ConvexError}. */
    record QueryFailed(
            long queryId,
            String errorMessage,
            List<String> logLines,
            Optional<String> journal,
            Optional<Value> errorData)
            implements StateModification {
        public QueryFailed {
            logLines = List.copyOf(logLines);
        }
    }

    /** A query left the query set. */
    record QueryRemoved(long queryId) implements StateModification {}

    /**
     * One slice of a serialized {@link Transition} too large for one frame: parts {@code 0 ..
     * totalParts-1}, sent in order with nothing between them, joined by the client and parsed.
     */
    record TransitionChunk(String chunk, long partNumber, long totalParts, String transitionId)
            implements ServerMessage {}

    /**
     * The result of a mutation. A success carries its commit timestamp, and the client resolves it
     * only once a Transition reaches that timestamp; a failure resolves at once.
     */
    record MutationResponse(long requestId, Outcome outcome, Optional<Timestamp> ts) implements ServerMessage {
        public MutationResponse {
            if ((outcome instanceof Outcome.Success) != ts.isPresent()) {
                throw new IllegalArgumentException(
                        "a mutation response has a commit ts exactly when it succeeded (request " + requestId + ")");
            }
        }
    }

    /** The result of an action. */
    record ActionResponse(long requestId, Outcome outcome) implements ServerMessage {}

    /**
     * The identity was refused ({@code authUpdateAttempted}: in answer to an {@code Authenticate}) or
     * has expired; the socket closes next.
     *
     * @param baseVersion the identity version the server stayed at
     */
    record AuthError(String error, long baseVersion, boolean authUpdateAttempted) implements ServerMessage {}

    /** The client broke the protocol; it stops and does not reconnect. */
    record FatalError(String error) implements ServerMessage {}

    /** Keepalive, sent after a stretch with nothing else to send. */
    record Ping() implements ServerMessage {}
}
