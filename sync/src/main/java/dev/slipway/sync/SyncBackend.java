package dev.slipway.sync;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.ClientMessage.AuthToken;
import dev.slipway.sync.protocol.Outcome;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a sync session needs from the deployment; the server implements it over the application.
 *
 * <p>A function that fails (it threw, bad arguments, unknown function) completes normally with an
 * {@link Outcome.Failure}. A future that completes exceptionally means the server could not answer;
 * the session then closes the socket with 1011 {@code InternalServerError} and the client reconnects.
 * Methods may be called from any thread and must not block for long: the work belongs in the futures.
 */
public interface SyncBackend {
    /** The latest committed timestamp: every commit at or below it is visible to reads and subscriptions. */
    Timestamp latest();

    /** Runs a query at exactly {@code ts} (never above {@link #latest()}), with the call's identity and journal. */
    CompletableFuture<QueryRun> runQuery(FunctionCall call, Timestamp ts);

    /**
     * Runs a mutation. The session runs a socket's mutations one at a time, in arrival order.
     *
     * @param key the client's (session, request) pair, present when the client said {@code Connect}:
     *     a key already run must not run again but answer with its first outcome
     */
    CompletableFuture<MutationRun> runMutation(FunctionCall call, Optional<RequestKey> key);

    /** Runs an action (concurrently with others). */
    CompletableFuture<Outcome> runAction(FunctionCall call);

    /**
     * Checks a token and gives the identity it proves; fails with {@link AuthenticationException} for
     * a token it refuses.
     */
    CompletableFuture<Identity> authenticate(AuthToken token);
}
