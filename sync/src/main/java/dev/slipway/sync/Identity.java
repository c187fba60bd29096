package dev.slipway.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * Who a session's function calls run as, as {@link SyncBackend#authenticate} established it. Two
 * identities are the same caller exactly when they are {@code equals}, which is what lets identical
 * queries share one execution.
 */
public sealed interface Identity permits Identity.Anonymous, Identity.User, Identity.Admin, Identity.ActingUser {

    /** No identity: what every socket starts with, and what {@code tokenType: "None"} gives. */
    static Identity anonymous() {
        return new Anonymous();
    }

    /** When this identity stops being valid; the session then reports an {@code AuthError}. */
    default Optional<Instant> expiresAt() {
        return Optional.empty();
    }

    /** No identity. */
    record Anonymous() implements Identity {}

    /**
     * A user authenticated by a JWT.
     *
     * @param tokenIdentifier {@code "<iss>|<sub>"}
     * @param attributesJson the UserIdentityAttributes JSON object that {@code ctx.auth.getUserIdentity()}
     *     returns
     * @param expiresAt the token's {@code exp}, if it has one
     */
    record User(String tokenIdentifier, String attributesJson, Optional<Instant> expiresAt) implements Identity {}

    /** A deployment admin (admin key). */
    record Admin() implements Identity {}

    /** An admin acting as a user ({@code impersonating}), with that user's attributes JSON object. */
    record ActingUser(String attributesJson) implements Identity {}
}
