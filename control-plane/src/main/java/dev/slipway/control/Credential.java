package dev.slipway.control;

import java.time.Instant;
import java.util.Optional;

/**
 * A credential as listed: everything but the secret, which exists only in the answer to its
 * creation ({@link CreatedCredential}); the store keeps its SHA-256 hash.
 *
 * @param id its public id ({@code cred_} and 12 base32 characters), for listing and revoking
 * @param kind what kind it is (and so its secret's prefix)
 * @param name a label chosen by its creator
 * @param scope what it reaches
 * @param creator who created it
 * @param createdAt when
 * @param lastUsedAt when it last authenticated a request, to within a minute
 * @param revokedAt when it was revoked; a revoked credential authenticates nothing
 */
public record Credential(
        String id,
        CredentialKind kind,
        String name,
        CredentialScope scope,
        String creator,
        Instant createdAt,
        Optional<Instant> lastUsedAt,
        Optional<Instant> revokedAt) {

    /** Whether it was revoked. */
    public boolean isRevoked() {
        return revokedAt.isPresent();
    }

    /** "preview deploy key 'ci' (cred_...)", for messages. */
    public String describe() {
        return kind.description() + " '" + name + "' (" + id + ")";
    }
}
