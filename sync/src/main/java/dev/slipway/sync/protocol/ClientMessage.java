package dev.slipway.sync.protocol;

import dev.slipway.persistence.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A message from the client ({@code ClientMessage} in {@code convex/browser}'s {@code protocol.ts}).
 *
 * <p>Function arguments are kept as the JSON text the client sent ({@code argsJson}, always an array
 * holding one Convex-JSON object from the JS client), not decoded here: arguments that are not
 * valid Convex values fail the function call, not the connection, as in the backend. Integers on the
 * wire (versions, ids, counts) are u32 and are held in {@code long}s.
 */
public sealed interface ClientMessage
        permits ClientMessage.Connect,
                ClientMessage.ModifyQuerySet,
                ClientMessage.Mutation,
                ClientMessage.Action,
                ClientMessage.Authenticate,
                ClientMessage.Event {

    /**
     * Sent first on every (re)connection.
     *
     * @param sessionId chosen once per client object, the same across reconnects
     * @param connectionCount how many times the client opened a socket before this one
     * @param lastCloseReason why the previous socket closed ({@code "InitialConnect"} at first); empty
     *     for {@code null} or absent
     * @param maxObservedTimestamp the largest timestamp the client has seen, if any
     * @param clientTs the client's clock in milliseconds, if sent
     */
    record Connect(
            String sessionId,
            long connectionCount,
            Optional<String> lastCloseReason,
            Optional<Timestamp> maxObservedTimestamp,
            OptionalLong clientTs)
            implements ClientMessage {}

    /** A change to the query set, from version {@code baseVersion} to {@code newVersion}. */
    record ModifyQuerySet(long baseVersion, long newVersion, List<QueryChange> modifications) implements ClientMessage {
        public ModifyQuerySet {
            modifications = List.copyOf(modifications);
        }
    }

    /** One entry of {@link ModifyQuerySet#modifications()}. */
    sealed interface QueryChange permits Add, Remove {
        long queryId();
    }

    /**
     * Subscribe to a query.
     *
     * @param journal the journal the client kept from an earlier result (reconnect, pagination); empty
     *     for {@code null} or absent
     * @param componentPath admin-only: run in that component
     */
    record Add(long queryId, String udfPath, String argsJson, Optional<String> journal, Optional<String> componentPath)
            implements QueryChange {}

    /** Unsubscribe from a query. */
    record Remove(long queryId) implements QueryChange {}

    /** Run a mutation; {@code requestId} is shared with actions and never reused in a session. */
    record Mutation(long requestId, String udfPath, String argsJson, Optional<String> componentPath)
            implements ClientMessage {}

    /** Run an action. */
    record Action(long requestId, String udfPath, String argsJson, Optional<String> componentPath)
            implements ClientMessage {}

    /** Set the identity; {@code baseVersion} is the identity version the client had before this. */
    record Authenticate(long baseVersion, AuthToken token) implements ClientMessage {}

    /**
     * Telemetry ({@code ClientConnect}, {@code ClientReceivedTransition}, {@code
     * NetworkRecoveryReconnect}, ...), which the session accepts and ignores.
     *
     * @param eventJson the JSON text of {@code event} ({@code null} when absent)
     */
    record Event(String eventType, String eventJson) implements ClientMessage {}

    /** The credential of an {@link Authenticate}; secrets are kept out of {@code toString}. */
    sealed interface AuthToken permits NoToken, UserToken, AdminToken {}

    /** {@code tokenType: "None"}: become anonymous. */
    record NoToken() implements AuthToken {}

    /** {@code tokenType: "User"}: a JWT from an identity provider. */
    record UserToken(String jwt) implements AuthToken {
        @Override
        public String toString() {
            return "UserToken[jwt=..." + jwt.substring(Math.max(0, jwt.length() - 7)) + "]";
        }
    }

    /**
     * {@code tokenType: "Admin"}: a deployment admin key, optionally acting as a user.
     *
     * @param actingAsJson the JSON object of {@code impersonating} (alias {@code acting_as}):
     *     UserIdentityAttributes
     */
    record AdminToken(String key, Optional<String> actingAsJson) implements AuthToken {
        @Override
        public String toString() {
            return "AdminToken[key=<redacted>, actingAsJson=" + actingAsJson + "]";
        }
    }
}
