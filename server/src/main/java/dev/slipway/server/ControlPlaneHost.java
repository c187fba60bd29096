package dev.slipway.server;

import dev.slipway.control.Action;
import dev.slipway.control.ControlPlane;
import dev.slipway.control.ControlPlaneException;
import dev.slipway.control.CreatedCredential;
import dev.slipway.control.CredentialKind;
import dev.slipway.control.Deployment;
import dev.slipway.control.DeploymentSettings;
import dev.slipway.control.DeploymentState;
import dev.slipway.control.Principal;
import dev.slipway.persistence.Persistence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The control plane as a server runs it: its store, the first start's owner token, the sweeper that
 * deletes expired deployments, the {@code /control/*} API ({@link #api()}), and the gate of the
 * deployment admin API ({@link #authorizeAdmin}).
 *
 * <p>The store is {@code <data>/control.sqlite3} ({@link #SQLITE_FILE}) with SQLite, or the schema
 * {@code slipway_control} ({@link #POSTGRES_SCHEMA}) with PostgreSQL; the server opens it the way it
 * opens deployments' stores and hands it over to {@link #start}, which owns it from then on.
 *
 * <p>{@link #start} runs, in order: the control plane's migrations; {@link ControlPlane#bootstrap()},
 * which on the first start creates team {@code default}, its admin {@code owner} and the owner
 * token, written to {@code <data>/owner.token} with mode 600 and printed to the log this once;
 * {@link #reconcile()}, which gives every recorded deployment its data (a creation a crash cut short
 * is finished); and the sweeper, one pass every {@code sweepInterval} on the control plane's clock,
 * which deletes each expired deployment with its data through the {@link DeploymentHost} and logs
 * what it removed.
 */
final class ControlPlaneHost implements AutoCloseable {
    /** The SQLite file of the control plane, in the data directory. */
    static final String SQLITE_FILE = "control.sqlite3";
    /** The PostgreSQL schema of the control plane. */
    static final String POSTGRES_SCHEMA = "slipway_control";
    /** Where the first start writes the owner token, in the data directory. */
    static final String OWNER_TOKEN_FILE = "owner.token";
    /** How often the sweeper runs unless told otherwise. */
    static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger(ControlPlaneHost.class.getName());

    private final Persistence store;
    private final ControlPlane control;
    private final DeploymentHost host;
    private final ControlApi api;
    private final ScheduledExecutorService sweeper;

    private ControlPlaneHost(Persistence store, ControlPlane control, DeploymentHost host) {
        this.store = store;
        this.control = control;
        this.host = host;
        this.api = new ControlApi(control, host);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("slipway-sweeper").daemon().factory());
    }

    /**
     * Starts the control plane of the server in {@code data} on {@code store} (which it owns from now
     * on, and closes when it fails to start).
     *
     * @param host where deployments get and lose their data
     * @param clock the time of creations, expiries and sweeps
     * @param sweepInterval the time between two sweeper passes
     * @throws ControlPlaneException {@code IncompatibleStore} when a newer Slipway wrote the store
     */
    static ControlPlaneHost start(
            Path data, Persistence store, DeploymentHost host, Clock clock, Duration sweepInterval) {
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            store.close();
            throw new ServerException(
                    ServerException.BAD_CONFIG, "the sweep interval must be positive, got " + sweepInterval);
        }
        ControlPlane control;
        try {
            control = ControlPlane.open(store, clock, new SecureRandom());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        ControlPlaneHost started = new ControlPlaneHost(store, control, host);
        try {
            Path tokenFile = data.resolve(OWNER_TOKEN_FILE);
            control.bootstrap().ifPresentOrElse(token -> writeOwnerToken(tokenFile, token), () -> {
                if (!Files.exists(tokenFile)) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "The control plane in {0} was created by an earlier start with another data"
                                    + " directory: its owner token is in that directory''s {1}",
                            store.describe(),
                            OWNER_TOKEN_FILE);
                }
            });
            started.reconcile();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        long millis = sweepInterval.toMillis();
        started.sweeper.scheduleWithFixedDelay(started::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return started;
    }

    /** The control plane. */
    ControlPlane controlPlane() {
        return control;
    }

    /** The {@code /control/*} routes. */
    ControlApi api() {
        return api;
    }

    /**
     * Makes the deployments' data agree with the control plane, which is the source of truth for which
     * managed deployments exist:
     *
     * <ul>
     *   <li>every active deployment of the control plane gets its data ({@link DeploymentHost#create}
     *       does nothing for one that has it): a creation a crash cut short between the record and
     *       the store is finished. A deployment whose store cannot be created is logged and left for
     *       the next start; the others are served;
     *   <li>a deployment being deleted is left to the sweeper, which deletes its data and then its
     *       record;
     *   <li>a managed deployment with data here and no record at all is not served, and its data is
     *       kept: no crash leaves one (records come first and go last), so it means the control store
     *       is not the one that created it (replaced, or another schema configured), and deleting
     *       data on that evidence would be wrong. The log names it and what to do.
     * </ul>
     */
    void reconcile() {
        List<Deployment> recorded = control.allDeployments();
        for (Deployment d : recorded) {
            if (d.state() != DeploymentState.ACTIVE) {
                continue; // being deleted: the sweeper finishes it
            }
            try {
                host.create(d.name());
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "cannot create the store of deployment " + d.describe() + "; the next start tries again",
                        e);
            }
        }
        Set<String> known = recorded.stream().map(Deployment::name).collect(Collectors.toSet());
        for (String name : host.managed()) {
            if (!known.contains(name)) {
                host.setAside(name);
                LOG.log(
                        System.Logger.Level.ERROR,
                        "deployment {0} has data on this server but the control plane ({1}) has no record of it, so"
                                + " it is not served. Its data is kept: start the server with the control store that"
                                + " created it, or delete its data (deployments/{0} in the data directory, or its"
                                + " PostgreSQL schema) and its entry in deployments.json",
                        name,
                        store.describe());
            }
        }
    }

    /**
     * One sweeper pass now: deletes, with their data, the deployments expired by the clock's now, and
     * finishes deletions left half-done (see {@link ControlPlane#sweep}).
     *
     * @return the deployments deleted
     */
    List<Deployment> sweep() {
        return control.sweep(d -> host.delete(d.name()));
    }

    private void sweepQuietly() {
        try {
            List<Deployment> deleted = sweep();
            if (!deleted.isEmpty()) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "sweeper: deleted {0} expired deployment(s): {1}",
                        deleted.size(),
                        deleted.stream().map(Deployment::describe).toList());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sweeper pass failed; the next pass tries again", e);
        }
    }

    /**
     * Whether {@code credential} is one of the control plane's (a prefixed secret: owner token, member
     * token, deploy key, deployment token) rather than a deployment's own admin key. The admin API
     * sends the former to {@link #authorizeAdmin} and checks the latter itself.
     */
    static boolean isControlCredential(String credential) {
        return CredentialKind.ofSecret(credential.strip()).isPresent();
    }

    /**
     * The gate of {@code /d/<deployment>/admin/*} for a control-plane credential: whether it may do
     * {@code action} on {@code deployment}, by the one rule table. A deployment the control plane does
     * not know (one that predates it, such as {@code default} with its {@code admin.key}) is open to
     * the owner only.
     *
     * @return the principal the credential stands for, when allowed
     * @throws ApiException 401 ({@code Unauthenticated}: unknown, malformed or revoked), 403 ({@code
     *     Forbidden}), 404 ({@code NotFound}: the deployment is being deleted)
     */
    Principal authorizeAdmin(String credential, String deployment, Action action) {
        try {
            Principal principal = control.authenticate(credential.strip());
            if (control.findDeployment(deployment).isEmpty()) {
                if (principal instanceof Principal.Owner) {
                    return principal;
                }
                throw new ApiException(
                        403,
                        ControlPlaneException.Kind.FORBIDDEN.code(),
                        principal.describe() + " may not " + action.verb() + " deployment " + deployment
                                + ": the control plane does not manage it (only the owner token and its admin key"
                                + " reach it)");
            }
            control.authorizeDeployment(principal, action, deployment);
            return principal;
        } catch (ControlPlaneException e) {
            throw ControlApi.toApiException(e);
        }
    }

    /**
     * The action of an admin request, {@code method} on {@code /d/<dep>/admin/<endpoint>}, for {@link
     * #authorizeAdmin}; empty for an endpoint that does not exist (the admin API answers 404). A push
     * with {@code "dryRun": true} is {@link Action#PUSH_DRY_RUN}, which the caller decides from the body.
     */
    static Optional<Action> adminAction(String method, String endpoint) {
        boolean post = method.equals("POST");
        return Optional.ofNullable(
                switch (endpoint) {
                    case "push", "versions/retention" -> Action.PUSH;
                    case "push/progress", "versions" -> Action.VERSIONS_READ;
                    case "env" -> post ? Action.ENV_WRITE : Action.ENV_READ;
                    case "tables", "data" -> Action.DATA_READ;
                    case "export" -> Action.EXPORT;
                    case "import" -> Action.IMPORT;
                    case "logs" -> Action.LOGS_READ;
                    case "jobs" -> Action.JOBS_READ;
                    case "jobs/cancel" -> Action.JOBS_CANCEL;
                    case "promote" -> Action.PROMOTE;
                    case "rollback" -> Action.ROLLBACK;
                    default -> null;
                });
    }

    /**
     * Writes the owner token (mode 600, replacing the file of an earlier control store) and prints it
     * to the log once. When the file cannot be written the token is still logged, so it is not lost.
     */
    private static void writeOwnerToken(Path file, CreatedCredential token) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(
                        temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, token.secret() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.log(
                    System.Logger.Level.INFO,
                    "Created the owner token ({0}) of this server, shown only this once: {1}\nIt is also in {2}"
                            + " (mode 600). Log in with: slipway login --url <this server''s URL> --token <the token>",
                    token.credential().id(),
                    token.secret(),
                    file);
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Created the owner token ({0}) of this server but cannot write it to {1} ({2}); here it is, shown"
                            + " only this once: {3}",
                    token.credential().id(),
                    file,
                    e.toString(),
                    token.secret());
        }
    }

    /** Stops the sweeper (waiting for a pass in progress) and closes the control plane and its store. */
    /** The settings of {@code deployment}, when the control plane manages it. */
    Optional<DeploymentSettings> settings(String deployment) {
        return control.findDeployment(deployment).map(Deployment::settings);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        try {
            if (!sweeper.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "the sweeper did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            control.close();
        } finally {
            store.close();
        }
    }
}
