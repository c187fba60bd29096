package dev.slipway.server;

import dev.slipway.isolate.JsRuntime;
import dev.slipway.persistence.postgres.PostgresOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The deployments a server serves, created and deleted while it runs. Each has its own store (SQLite:
 * {@code <data>/deployments/<name>/data.sqlite3}; PostgreSQL: its own schema, see {@link
 * PostgresOptions#deploymentSchema}), code, admin key, admin surface and sync sessions; nothing is
 * shared between two deployments but the JavaScript runtime's threads.
 *
 * <p>Which deployments have data here is recorded in {@code <data>/deployments.json} ({@link
 * DeploymentList}). Most are <em>managed</em>: the control plane decides that they exist and creates
 * and deletes them through the {@link DeploymentHost} ({@link #create(String, boolean)}, {@link
 * #delete}), and {@link ControlPlaneHost#reconcile} makes this record agree with the control plane
 * at every start. The others are unmanaged: the first start of a server (no such file yet) creates
 * the configured deployment (by default {@code default}) with its admin key in {@code
 * <data>/admin.key}, taking over the data an earlier version left under its name, and {@link
 * SlipwayServer#createDeployment} makes more; they are reached by their admin key and the owner
 * token. Every deployment keeps its admin key (in its own directory, but for the first), and every
 * active one is opened at start.
 *
 * <p>Changes are serialized and crash-safe: a creation is recorded before anything is made and a
 * deletion before anything is removed, and a start that finds such a record left by a crash deletes
 * whatever the deployment had, so a name is never half created or half deleted.
 *
 * <p>Lookups ({@link #get}, {@link #names}) are lock-free and safe from any thread.
 */
final class DeploymentRegistry implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeploymentRegistry.class.getName());

    /** Legacy names, which also name the PostgreSQL schema {@code dep_<name>}. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z0-9_]{1,59}");
    /** Readable names of the control plane ({@code brave-otter-123}). */
    private static final Pattern HYPHENATED_NAME = Pattern.compile("(?=.{1,59}$)[a-z0-9]+(-[a-z0-9]+)+");

    /** How long a deletion waits for the requests inside the deployment to finish. */
    private static final Duration DELETE_GRACE = Duration.ofSeconds(10);

    private final Path data;
    private final Storage storage;
    private final JsRuntime runtime;
    private final ControlGate gate;
    private final java.time.Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final DeploymentList list;
    private final ConcurrentHashMap<String, Deployment> open = new ConcurrentHashMap<>();
    private final ReentrantLock changes = new ReentrantLock();
    private final List<Consumer<Deployment>> deletionListeners = new CopyOnWriteArrayList<>();

    private DeploymentRegistry(
            Path data,
            Storage storage,
            JsRuntime runtime,
            ControlGate gate,
            java.time.Clock clock,
            DeploymentList list) {
        this.clock = clock;
        this.data = data;
        this.storage = storage;
        this.runtime = runtime;
        this.gate = gate;
        this.list = list;
    }

    /**
     * Opens the registry of the server in {@code data}: finishes changes a crash interrupted, creates
     * {@code config.deployment()} on the first start, and opens every deployment.
     *
     * @param gate where the deployments send control-plane credentials
     */
    static DeploymentRegistry open(Path data, ServerConfig config, JsRuntime runtime, ControlGate gate) {
        DeploymentRegistry registry = new DeploymentRegistry(
                data,
                config.storage(),
                runtime,
                gate,
                config.clock(),
                DeploymentList.load(data.resolve("deployments.json")));
        try {
            registry.start(config.deployment());
        } catch (RuntimeException e) {
            registry.closeAll(e);
            throw e;
        }
        return registry;
    }

    private void start(String firstDeployment) {
        if (!list.exists()) {
            // The first start (or the first of this version on an older data directory): the configured
            // deployment keeps the files earlier versions used, <data>/admin.key and its directory.
            list.put(new DeploymentList.Entry(firstDeployment, DeploymentList.State.ACTIVE, "admin.key", false));
        }
        for (DeploymentList.Entry entry : list.entries()) {
            if (entry.state() != DeploymentList.State.ACTIVE) {
                finishInterrupted(entry);
            }
        }
        for (DeploymentList.Entry entry : list.entries()) {
            if (entry.state() == DeploymentList.State.ACTIVE) {
                AdminKey key = AdminKey.loadOrCreate(data.resolve(entry.adminKeyFile()), entry.name(), random);
                open.put(
                        entry.name(),
                        Deployment.open(entry.name(), dir(entry.name()), storage, runtime, key, gate, clock, false));
            }
        }
    }

    /** Deletes what a creation or deletion left when a crash stopped it; a failure waits for the next start. */
    private void finishInterrupted(DeploymentList.Entry entry) {
        try {
            removeData(entry);
            list.remove(entry.name());
            LOG.log(
                    System.Logger.Level.WARNING,
                    "deployment {0} was {1} when the server stopped; its data is deleted",
                    entry.name(),
                    entry.state() == DeploymentList.State.CREATING ? "being created" : "being deleted");
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "cannot delete the data of deployment " + entry.name() + ", left by an interrupted "
                            + entry.state().name().toLowerCase(java.util.Locale.ROOT)
                            + "; the next start tries again",
                    e);
        }
    }

    /** Why {@code name} cannot name a deployment, or empty when it can. */
    static Optional<String> nameProblem(String name) {
        if (PLAIN_NAME.matcher(name).matches() || HYPHENATED_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of("a deployment name is 1-59 lowercase letters and digits, with either underscores"
                + " (default, my_app) or single hyphens between words (brave-otter-123), got \"" + name + "\"");
    }

    /**
     * This registry as the control plane's {@link DeploymentHost}: creations of managed deployments,
     * and deletions, each idempotent and atomic with respect to every other change here.
     */
    DeploymentHost controlPlaneHost() {
        return new DeploymentHost() {
            @Override
            public void create(String name) {
                changes.lock();
                try {
                    if (!open.containsKey(name)) {
                        DeploymentRegistry.this.create(name, true);
                    }
                } finally {
                    changes.unlock();
                }
            }

            @Override
            public void delete(String name) {
                changes.lock();
                try {
                    if (list.get(name).isPresent()) {
                        DeploymentRegistry.this.delete(name);
                    }
                } finally {
                    changes.unlock();
                }
            }

            @Override
            public List<String> managed() {
                return managedNames();
            }

            @Override
            public void setAside(String name) {
                DeploymentRegistry.this.setAside(name);
            }
        };
    }

    /** The open deployment {@code name}. */
    Optional<Deployment> get(String name) {
        return Optional.ofNullable(open.get(name));
    }

    /** The names of the open deployments, sorted. */
    List<String> names() {
        return open.keySet().stream().sorted().toList();
    }

    /** The names of the managed deployments with data here (open or not), sorted. */
    List<String> managedNames() {
        changes.lock();
        try {
            return list.entries().stream()
                    .filter(DeploymentList.Entry::managed)
                    .map(DeploymentList.Entry::name)
                    .sorted()
                    .toList();
        } finally {
            changes.unlock();
        }
    }

    /**
     * Stops serving deployment {@code name} and closes it, keeping its data and its entry (a managed
     * deployment the control plane has no record of: see {@link ControlPlaneHost#reconcile}). Nothing
     * when it is not open.
     */
    void setAside(String name) {
        changes.lock();
        try {
            Deployment deployment = open.remove(name);
            if (deployment == null) {
                return;
            }
            deployment.retire(DELETE_GRACE);
            for (Consumer<Deployment> listener : deletionListeners) {
                listener.accept(deployment);
            }
            deployment.close();
        } finally {
            changes.unlock();
        }
    }

    /** Calls {@code listener} with each deployment being deleted, after it stops taking requests. */
    void onDelete(Consumer<Deployment> listener) {
        deletionListeners.add(listener);
    }

    /**
     * Creates deployment {@code name}: an empty store, a fresh admin key in its directory, no code.
     *
     * @param managed whether the control plane manages it
     * @throws ServerException {@link ServerException#BAD_DEPLOYMENT_NAME}, {@link
     *     ServerException#DEPLOYMENT_EXISTS}, or what opening the store throws (nothing is left behind
     *     then)
     */
    Deployment create(String name, boolean managed) {
        nameProblem(name).ifPresent(problem -> {
            throw new ServerException(ServerException.BAD_DEPLOYMENT_NAME, problem);
        });
        changes.lock();
        try {
            if (list.get(name).isPresent()) {
                throw new ServerException(
                        ServerException.DEPLOYMENT_EXISTS,
                        "a deployment named " + name + " already exists"
                                + (open.containsKey(name) ? "" : " (not served: being deleted, or set aside)"));
            }
            DeploymentList.Entry entry = new DeploymentList.Entry(
                    name,
                    DeploymentList.State.CREATING,
                    data.relativize(dir(name).resolve("admin.key")).toString(),
                    managed);
            list.put(entry);
            Deployment deployment;
            try {
                deleteTree(dir(name)); // leftovers of something this server does not know of
                AdminKey key = AdminKey.loadOrCreate(data.resolve(entry.adminKeyFile()), name, random);
                deployment = Deployment.open(name, dir(name), storage, runtime, key, gate, clock, true);
            } catch (RuntimeException e) {
                try {
                    deleteTree(dir(name));
                    list.remove(name);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            open.put(name, deployment);
            list.put(entry.in(DeploymentList.State.ACTIVE));
            LOG.log(System.Logger.Level.INFO, "created deployment {0}", name);
            return deployment;
        } finally {
            changes.unlock();
        }
    }

    /**
     * Deletes deployment {@code name}: stops taking its requests (waiting briefly for those inside),
     * ends its sync sessions, closes it, and deletes its store, code and admin key. Other deployments
     * are untouched.
     *
     * @throws ServerException {@link ServerException#DEPLOYMENT_NOT_FOUND} when there is no such
     *     deployment
     */
    void delete(String name) {
        changes.lock();
        try {
            Optional<DeploymentList.Entry> entry = list.get(name);
            if (entry.isEmpty()) {
                throw new ServerException(
                        ServerException.DEPLOYMENT_NOT_FOUND,
                        "there is no deployment named " + name + " (this server has " + names() + ")");
            }
            Deployment deployment = open.remove(name);
            list.put(entry.get().in(DeploymentList.State.DELETING));
            if (deployment == null) {
                removeData(entry.get()); // set aside, so closed already
            } else {
                if (!deployment.retire(DELETE_GRACE)) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "deployment {0}: requests still running after {1} are cut off by its deletion",
                            name,
                            DELETE_GRACE);
                }
                for (Consumer<Deployment> listener : deletionListeners) {
                    listener.accept(deployment);
                }
                deployment.drop();
                removeFiles(entry.get());
            }
            list.remove(name);
            LOG.log(System.Logger.Level.INFO, "deleted deployment {0} and all its data", name);
        } finally {
            changes.unlock();
        }
    }

    private Path dir(String name) {
        return data.resolve("deployments").resolve(name);
    }

    /** Deletes the store, directory and key of a deployment that is not open. */
    private void removeData(DeploymentList.Entry entry) {
        Path dir = dir(entry.name());
        boolean sqliteFileGone = storage instanceof Storage.Sqlite && !Files.exists(dir.resolve("data.sqlite3"));
        if (!sqliteFileGone) {
            Deployment.dropStore(entry.name(), dir, storage);
        }
        removeFiles(entry);
    }

    private void removeFiles(DeploymentList.Entry entry) {
        deleteTree(dir(entry.name()));
        try {
            Files.deleteIfExists(data.resolve(entry.adminKeyFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the admin key of deployment " + entry.name(), e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // deleted meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Closes every deployment (the server is stopping); their data stays. */
    @Override
    public void close() {
        closeAll(null);
    }

    private void closeAll(@org.jspecify.annotations.Nullable RuntimeException failure) {
        Deque<Deployment> all = new ArrayDeque<>(open.values());
        open.clear();
        for (Deployment deployment : all) {
            try {
                deployment.close();
            } catch (RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    LOG.log(System.Logger.Level.WARNING, "while closing deployment " + deployment.name(), e);
                }
            }
        }
    }
}
