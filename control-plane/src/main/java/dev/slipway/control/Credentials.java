package dev.slipway.control;

import static dev.slipway.control.Store.eq;

import dev.slipway.database.Transaction;
import dev.slipway.value.Value;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Issuing credentials and checking them. Authorization of issuing and revoking is the caller's
 * ({@link ControlPlane}).
 *
 * <p>Authentication reads one snapshot (the credential by its hash, then a member's teams or a
 * token's deployment) and writes only to record the last use, at most once a minute per credential
 * and without retries: a request is not held up, nor failed, by that bookkeeping.
 */
final class Credentials {
    /** How stale {@link Credential#lastUsedAt()} may get: a credential's use is recorded at most once per this. */
    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    private final Store store;
    private final SecureRandom random;
    private final Supplier<Instant> now;

    Credentials(Store store, SecureRandom random, Supplier<Instant> now) {
        this.store = store;
        this.random = random;
        this.now = now;
    }

    /**
     * Inserts a new credential and returns it with its secret.
     *
     * @param deployment the deployment of a deployment token (its type and reference are stored too)
     */
    CreatedCredential issue(
            Transaction tx,
            CredentialKind kind,
            String name,
            CredentialScope scope,
            String creator,
            Optional<Deployment> deployment) {
        String id;
        do {
            id = Secrets.publicId(random);
        } while (byId(tx, id).isPresent());
        String secret = Secrets.generate(kind, random);
        Credential credential =
                new Credential(id, kind, name, scope, creator, now.get(), Optional.empty(), Optional.empty());
        tx.insert(Tables.CREDENTIALS, Codec.credentialDocument(credential, Secrets.hash(secret), deployment));
        return new CreatedCredential(credential, secret);
    }

    static Optional<Value.Obj> byId(Transaction tx, String id) {
        return Store.first(tx, Tables.CREDENTIALS, Tables.BY_CREDENTIAL_ID, eq("credentialId", id));
    }

    static boolean ownerTokenExists(Transaction tx) {
        return Store.first(tx, Tables.CREDENTIALS, Tables.BY_KIND, eq("kind", CredentialKind.OWNER.wireName()))
                .isPresent();
    }

    /** Marks the credential revoked now, unless it already is; returns it as stored after. */
    Credential revoke(Transaction tx, Value.Obj doc) {
        Credential credential = Codec.credential(doc);
        if (credential.isRevoked()) {
            return credential;
        }
        Instant at = now.get();
        tx.patch(Store.id(doc), Map.of("revokedAt", Optional.of(Codec.millis(at))));
        return new Credential(
                credential.id(),
                credential.kind(),
                credential.name(),
                credential.scope(),
                credential.creator(),
                credential.createdAt(),
                credential.lastUsedAt(),
                Optional.of(at));
    }

    /**
     * The principal {@code secret} stands for.
     *
     * @throws ControlPlaneException {@code Unauthenticated}: not a Slipway credential, malformed,
     *     unknown, revoked, or its deployment is gone
     */
    Principal authenticate(String secret) {
        CredentialKind kind = CredentialKind.ofSecret(secret)
                .orElseThrow(() -> ControlPlaneException.unauthenticated(
                        "Not a Slipway credential: it starts with none of the prefixes "
                                + Arrays.stream(CredentialKind.values())
                                        .map(CredentialKind::prefix)
                                        .collect(Collectors.joining(", "))));
        if (!Secrets.wellFormed(kind, secret)) {
            throw ControlPlaneException.unauthenticated("Malformed " + kind.description() + ": expected "
                    + kind.prefix() + " followed by " + Secrets.SECRET_CHARS + " base32 characters");
        }
        String hash = Secrets.hash(secret);
        Authenticated result = store.read(tx -> {
            Value.Obj doc = Store.first(tx, Tables.CREDENTIALS, Tables.BY_HASH, eq("hash", hash))
                    .orElseThrow(() -> ControlPlaneException.unauthenticated("Unknown " + kind.description()
                            + ": this server never issued it (or its control-plane store was replaced)"));
            Credential credential = Codec.credential(doc);
            credential.revokedAt().ifPresent(at -> {
                throw ControlPlaneException.unauthenticated("The " + credential.describe() + " was revoked at " + at);
            });
            return new Authenticated(credential, principal(tx, credential));
        });
        recordUse(result.credential());
        return result.principal();
    }

    private record Authenticated(Credential credential, Principal principal) {}

    private static Principal principal(Transaction tx, Credential credential) {
        String id = credential.id();
        return switch (credential.scope()) {
            case CredentialScope.Instance i -> new Principal.Owner(id);
            case CredentialScope.Member m -> {
                Map<String, Role> roles = new HashMap<>();
                for (Value.Obj doc : Store.all(tx, Tables.MEMBERSHIPS, Tables.BY_MEMBER, eq("member", m.member()))) {
                    Member membership = Codec.member(doc);
                    roles.put(membership.team(), membership.role());
                }
                yield new Principal.Member(m.member(), roles, id);
            }
            case CredentialScope.Project p ->
                credential.kind() == CredentialKind.PROD_DEPLOY_KEY
                        ? new Principal.ProdDeployKey(p.team(), p.project(), id, credential.name())
                        : new Principal.PreviewDeployKey(p.team(), p.project(), id, credential.name());
            case CredentialScope.Deployment d -> {
                Optional<Deployment> target =
                        Deployments.byName(tx, d.deployment()).map(Codec::deployment);
                if (target.isEmpty() || target.get().state() != DeploymentState.ACTIVE) {
                    throw ControlPlaneException.unauthenticated(
                            "The " + credential.describe() + " is for deployment " + d.deployment() + ", which "
                                    + (target.isEmpty() ? "no longer exists" : "is being deleted"));
                }
                yield new Principal.DeploymentToken(d.team(), d.project(), d.deployment(), id, credential.name());
            }
        };
    }

    private void recordUse(Credential credential) {
        Instant at = now.get();
        boolean stale = credential
                .lastUsedAt()
                .map(last -> !last.plus(LAST_USE_RESOLUTION).isAfter(at))
                .orElse(true);
        if (stale) {
            store.writeOnce(tx -> byId(tx, credential.id())
                    .ifPresent(doc -> tx.patch(Store.id(doc), Map.of("lastUsedAt", Optional.of(Codec.millis(at))))));
        }
    }
}
