package dev.slipway.sync;

import dev.slipway.sync.protocol.ClientMessage;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.sync.protocol.ProtocolException;
import dev.slipway.sync.protocol.ServerMessage.StateModification;
import dev.slipway.sync.protocol.ServerMessage.StateVersion;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Everything that happens to a session: a client frame, a finished backend call, an invalidation, a
 * timer. {@link SyncSession} handles inputs one at a time with its lock held, whatever thread they
 * arrive on.
 */
sealed interface SessionInput {
    record Received(ClientMessage message) implements SessionInput {}

    record Unreadable(ProtocolException error) implements SessionInput {}

    record Authenticated(Identity identity) implements SessionInput {}

    record MutationDone(MutationQueue.Queued mutation, MutationRun run) implements SessionInput {}

    record ActionDone(long requestId, Outcome outcome) implements SessionInput {}

    record UpdateDone(
            UpdatePlan plan,
            List<CompletableFuture<QueryRun>> runs,
            @Nullable Throwable error) implements SessionInput {}

    record Invalidated(long queryId, long generation) implements SessionInput {}

    /** A backend call failed; {@code authenticating} when it was an {@code Authenticate}'s. */
    record CallFailed(Throwable error, boolean authenticating) implements SessionInput {}

    record PingDue() implements SessionInput {}

    record ObservedRecheck() implements SessionInput {}

    /** A Transition held back for mutation {@code mutation} has waited long enough. */
    record HoldExpired(long mutation) implements SessionInput {}

    /**
     * An update in flight: the version it leads to, the removals it applied, the runs it makes, and the
     * mutation running when its timestamp was taken ({@link MutationQueue#NONE} if none).
     */
    record UpdatePlan(
            StateVersion target, List<StateModification> removals, QuerySet.Runs runs, long mutationAtStart) {}

    /** Calls the backend; a call that throws instead of returning a future gives a failed future. */
    static <T> CompletableFuture<T> invoke(Supplier<CompletableFuture<T>> backendCall) {
        try {
            return backendCall.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The failure inside a {@link CompletionException}. */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error.getCause();
        return error instanceof CompletionException && cause != null ? cause : error;
    }
}
