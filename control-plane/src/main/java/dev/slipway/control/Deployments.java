package dev.slipway.control;

import static dev.slipway.control.Store.eq;

import dev.slipway.database.Transaction;
import dev.slipway.database.query.RangeExpression;
import dev.slipway.value.Value;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Creating and deleting deployment records: the reference's uniqueness in its project, the team's
 * deployment limit, expiry, the generated name, and the two-phase deletion that keeps the record and
 * the data together (see {@link DeploymentDataDeleter}). Authorization is the caller's ({@link
 * ControlPlane}); these methods assume it was granted.
 */
final class Deployments {
    /** Draws of a random name before giving up (each is taken with a chance of about one in a million). */
    private static final int NAME_ATTEMPTS = 50;

    private static final System.Logger LOG = System.getLogger(Deployments.class.getName());

    private final Store store;
    private final NameGenerator names;
    private final Supplier<Instant> now;

    Deployments(Store store, NameGenerator names, Supplier<Instant> now) {
        this.store = store;
        this.names = names;
        this.now = now;
    }

    // ---- lookups -----------------------------------------------------------------------------

    static Optional<Value.Obj> byName(Transaction tx, String name) {
        return Store.first(tx, Tables.DEPLOYMENTS, Tables.BY_NAME, eq("name", name));
    }

    static Optional<Value.Obj> byReference(Transaction tx, String team, String project, String reference) {
        return Store.first(
                tx,
                Tables.DEPLOYMENTS,
                Tables.BY_REFERENCE,
                eq("team", team),
                eq("project", project),
                eq("reference", reference));
    }

    /** The deployment named {@code name}, or {@code NotFound}. */
    static Deployment requireNamed(Transaction tx, String name) {
        return byName(tx, name)
                .map(Codec::deployment)
                .orElseThrow(() -> ControlPlaneException.notFound("No deployment named \"" + name + "\""));
    }

    /** The deployment named {@code name} if it is active; {@code NotFound} when missing or being deleted. */
    static Deployment requireActive(Transaction tx, String name) {
        Deployment d = requireNamed(tx, name);
        if (d.state() == DeploymentState.DELETING) {
            throw ControlPlaneException.notFound("Deployment " + d.describe() + " is being deleted");
        }
        return d;
    }

    static List<Deployment> ofProject(Transaction tx, String team, String project) {
        return Store.all(tx, Tables.DEPLOYMENTS, Tables.BY_REFERENCE, eq("team", team), eq("project", project)).stream()
                .map(Codec::deployment)
                .toList();
    }

    /** The deployments whose expiry is at or before {@code at}, soonest first. */
    static List<Deployment> expired(Transaction tx, Instant at) {
        return Store.all(
                        tx,
                        Tables.DEPLOYMENTS,
                        Tables.BY_EXPIRY,
                        RangeExpression.gte("expiresAt", Optional.of(new Value.Int64(Long.MIN_VALUE))),
                        RangeExpression.lte("expiresAt", Optional.of(Codec.millis(at))))
                .stream()
                .map(Codec::deployment)
                .toList();
    }

    // ---- creation ----------------------------------------------------------------------------

    /**
     * Inserts a deployment of {@code project} in {@code team}: checks the reference is free, the
     * expiration and the team's limit, and draws a free name. Reads the team's whole {@code by_team}
     * range, so concurrent creations in one team are serialized and the limit holds.
     */
    Deployment insert(
            Transaction tx,
            Team team,
            String project,
            DeploymentType type,
            String reference,
            Optional<String> expiration,
            String creator) {
        byReference(tx, team.slug(), project, reference).map(Codec::deployment).ifPresent(existing -> {
            throw ControlPlaneException.alreadyExists("Project " + team.slug() + "/" + project
                    + " already has a deployment " + reference + ": " + existing.name()
                    + (existing.state() == DeploymentState.DELETING ? " (being deleted; try again shortly)" : ""));
        });
        Instant createdAt = now.get();
        Optional<Instant> expiresAt = expiry(team, type, reference, expiration, createdAt);
        int count = Store.all(tx, Tables.DEPLOYMENTS, Tables.BY_TEAM, eq("team", team.slug()))
                .size();
        if (count >= team.plan().deploymentLimit()) {
            throw new ControlPlaneException(
                    ControlPlaneException.Kind.LIMIT_REACHED,
                    "Team " + team.slug() + " has reached its deployment limit of "
                            + team.plan().deploymentLimit()
                            + " (plan " + team.plan().wireName() + "); delete a deployment before creating "
                            + reference + " in " + team.slug() + "/" + project);
        }
        Deployment deployment = new Deployment(
                freeName(tx),
                team.slug(),
                project,
                type,
                reference,
                creator,
                createdAt,
                expiresAt,
                DeploymentSettings.defaultsFor(type),
                DeploymentState.ACTIVE);
        tx.insert(Tables.DEPLOYMENTS, Codec.deploymentDocument(deployment));
        return deployment;
    }

    private static Optional<Instant> expiry(
            Team team, DeploymentType type, String reference, Optional<String> expiration, Instant now) {
        Optional<Instant> asked = expiration.map(text -> Expirations.parse(text, now));
        return switch (type) {
            case PROD -> {
                if (asked.isPresent()) {
                    throw ControlPlaneException.invalid(
                            "The production deployment does not expire; drop the expiration \"" + expiration.get()
                                    + "\"");
                }
                yield Optional.empty();
            }
            case PREVIEW -> {
                Instant latest = now.plus(team.plan().previewLifetime());
                if (asked.isPresent() && asked.get().isAfter(latest)) {
                    throw ControlPlaneException.invalid("Preview " + reference + " cannot expire at " + asked.get()
                            + ": previews of team " + team.slug() + " (plan "
                            + team.plan().wireName()
                            + ") live at most " + team.plan().previewLifetime().toDays() + " days, until " + latest);
                }
                yield Optional.of(asked.orElse(latest));
            }
            case DEV, CUSTOM -> asked;
        };
    }

    private String freeName(Transaction tx) {
        for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
            String name = names.next();
            if (byName(tx, name).isEmpty()
                    && Store.first(tx, Tables.RETIRED_NAMES, Tables.BY_NAME, eq("name", name))
                            .isEmpty()) {
                return name;
            }
        }
        throw new ControlPlaneException(
                ControlPlaneException.Kind.CONFLICT,
                "Could not find a free deployment name in " + NAME_ATTEMPTS + " draws; try again");
    }

    // ---- deletion ----------------------------------------------------------------------------

    /** Marks the deployment {@link DeploymentState#DELETING}; returns it as marked. */
    static Deployment markDeleting(Transaction tx, Value.Obj doc) {
        Deployment d = Codec.deployment(doc);
        if (d.state() == DeploymentState.DELETING) {
            return d;
        }
        tx.patch(Store.id(doc), Map.of("state", Optional.of(Codec.str(DeploymentState.DELETING.wireName()))));
        return new Deployment(
                d.name(),
                d.team(),
                d.project(),
                d.type(),
                d.reference(),
                d.creator(),
                d.createdAt(),
                d.expiresAt(),
                d.settings(),
                DeploymentState.DELETING);
    }

    /**
     * Deletes the data of {@code deployment} (marked deleting) through {@code deleter}, then its
     * record: revokes its deployment tokens and retires its name. When the deleter throws, the record
     * stays and the exception propagates.
     */
    void finish(Deployment deployment, DeploymentDataDeleter deleter, String why) {
        deleter.deleteData(deployment);
        int revoked = store.write(tx -> removeRecord(tx, deployment.name()));
        LOG.log(
                Level.INFO,
                "Deleted deployment {0} ({1}, {2}; created by {3} at {4}{5}) with its data and {6} deployment"
                        + " token(s)",
                deployment.describe(),
                deployment.type().wireName(),
                why,
                deployment.creator(),
                deployment.createdAt(),
                deployment.expiresAt().map(at -> ", expiring " + at).orElse(""),
                revoked);
    }

    /**
     * One sweeper pass at {@code at}: deletes the expired deployments and finishes the deletions left
     * half-done, each on its own; a failure is logged and left for the next pass.
     */
    List<Deployment> sweep(Instant at, DeploymentDataDeleter deleter) {
        List<String> due = store.read(tx -> Stream.concat(
                        expired(tx, at).stream(),
                        Store.all(
                                        tx,
                                        Tables.DEPLOYMENTS,
                                        Tables.BY_STATE,
                                        eq("state", DeploymentState.DELETING.wireName()))
                                .stream()
                                .map(Codec::deployment))
                .map(Deployment::name)
                .distinct()
                .toList());
        List<Deployment> deleted = new ArrayList<>();
        for (String name : due) {
            try {
                Optional<Deployment> marked = store.write(tx -> byName(tx, name)
                        .filter(doc -> Codec.deployment(doc).isExpiredAt(at)
                                || Codec.deployment(doc).state() == DeploymentState.DELETING)
                        .map(doc -> markDeleting(tx, doc)));
                if (marked.isPresent()) {
                    finish(
                            marked.get(),
                            deleter,
                            marked.get().isExpiredAt(at) ? "expired" : "deletion resumed by the sweeper");
                    deleted.add(marked.get());
                }
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Sweeper could not delete deployment " + name + "; the next pass tries again",
                        e);
            }
        }
        return deleted;
    }

    private int removeRecord(Transaction tx, String name) {
        Optional<Value.Obj> doc = byName(tx, name);
        if (doc.isEmpty()) {
            return 0; // removed by a concurrent deletion
        }
        tx.delete(Store.id(doc.get()));
        Map<String, Value> retired = new LinkedHashMap<>();
        retired.put("name", Codec.str(name));
        retired.put("retiredAt", Codec.millis(now.get()));
        tx.insert(Tables.RETIRED_NAMES, Value.Obj.of(retired));
        List<Value.Obj> live = new ArrayList<>();
        for (Value.Obj token : Store.all(tx, Tables.CREDENTIALS, Tables.BY_DEPLOYMENT, eq("deployment", name))) {
            if (!token.fields().containsKey("revokedAt")) {
                live.add(token);
            }
        }
        for (Value.Obj token : live) {
            tx.patch(Store.id(token), Map.of("revokedAt", Optional.of(Codec.millis(now.get()))));
        }
        return live.size();
    }
}
