package dev.slipway.server;

import dev.slipway.application.Application;
import dev.slipway.application.ApplicationOptions;
import dev.slipway.application.DeployedCode;
import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.persistence.Persistence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One deployment served by this server: its store, database and application, its admin key, the
 * gate through which control-plane credentials reach its admin surface, and what its sync sessions
 * share (the query cache and the mutation records). A deployment is an object with a lifecycle
 * (open, serve, close or drop), never a process-wide singleton; the {@link DeploymentRegistry} owns
 * the deployments of a server.
 *
 * <p>Its code and environment variables live in its own database: opening it ({@link
 * Application#create}) serves the version last pushed, so a restart serves the same code.
 *
 * <p>HTTP requests {@link #serve} through the deployment, which counts them, so that deleting a
 * deployment ({@link #retire}) lets the requests already inside finish before its store closes.
 */
final class Deployment implements AutoCloseable {
    private final String name;
    private final Path dir;
    private final AdminKey adminKey;
    private final ControlGate gate;
    private final Persistence store;
    private final Database db;
    private final Application app;
    private final CodeWatch watch = new CodeWatch();
    private final QueryCache queries = new QueryCache();
    private final ReentrantLock pushLock = new ReentrantLock();
    private final ReentrantLock useLock = new ReentrantLock();
    private final Condition idle = useLock.newCondition();
    private int inFlight;
    private boolean retired;

    private Deployment(
            String name,
            AdminKey adminKey,
            ControlGate gate,
            Persistence store,
            JsRuntime runtime,
            Path dir,
            java.time.Clock clock) {
        this.name = name;
        this.dir = dir;
        this.adminKey = adminKey;
        this.gate = gate;
        this.store = store;
        this.db = Database.open(store, DatabaseOptions.defaults());
        this.app = Application.create(
                db, runtime, ApplicationOptions.defaults(name).withClock(clock::millis));
    }

    /**
     * Opens deployment {@code name}: its store in {@code storage}, its database, and its application,
     * which serves the code last pushed (see {@link Application#create}).
     *
     * @param clock the time the application reads (scheduled times, the retention of pinned versions):
     *     the server's clock, which tests move instead of waiting
     *
     * @param mustBeNew whether its store must hold nothing yet: a new deployment never takes over data
     *     someone else left under its name (e.g. another server's PostgreSQL schema); else a {@link
     *     ServerException} names the store
     */
    static Deployment open(
            String name,
            Path dir,
            Storage storage,
            JsRuntime runtime,
            AdminKey adminKey,
            ControlGate gate,
            java.time.Clock clock,
            boolean mustBeNew) {
        Persistence store = storage.openDeployment(name, dir);
        if (mustBeNew && store.maxTimestamp().isPresent()) {
            store.close();
            throw new ServerException(
                    ServerException.BAD_DATA_DIR,
                    "cannot create deployment " + name + ": its store " + store.describe()
                            + " already holds data that this server does not know; remove it or choose another"
                            + " name");
        }
        try {
            return new Deployment(name, adminKey, gate, store, runtime, dir, clock);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Deletes whatever store deployment {@code name} may have left in {@code storage} (a creation or
     * deletion that a crash interrupted): opens it, which checks that it is a Slipway store, and drops
     * it.
     */
    static void dropStore(String name, Path dir, Storage storage) {
        storage.openDeployment(name, dir).drop();
    }

    String name() {
        return name;
    }

    /** The deployment's directory under the data directory (its admin key, its SQLite file, import spool files). */
    Path directory() {
        return dir;
    }

    AdminKey adminKey() {
        return adminKey;
    }

    /** Where a control-plane credential on this deployment is decided ({@link Auth}). */
    ControlGate controlGate() {
        return gate;
    }

    Application app() {
        return app;
    }

    Database database() {
        return db;
    }

    CodeWatch codeWatch() {
        return watch;
    }

    QueryCache queries() {
        return queries;
    }

    /**
     * Runs {@code work} while holding the code lock: no push runs meanwhile, so the schema cannot
     * change under an import that validated documents against it.
     */
    <T> T withCodeLock(Supplier<T> work) {
        pushLock.lock();
        try {
            return work.get();
        } finally {
            pushLock.unlock();
        }
    }

    /**
     * Tells every subscription to run again: an import swapped whole tables in, and a query whose old
     * table had nothing in its range would otherwise never hear of the new documents.
     */
    void dataReplaced() {
        watch.changed();
    }

    /**
     * Runs {@code request} as one request inside the deployment.
     *
     * @throws ApiException 404 {@code DeploymentNotFound} once the deployment is being deleted
     */
    <T> T serve(Supplier<T> request) {
        useLock.lock();
        try {
            if (retired) {
                throw notFound();
            }
            inFlight++;
        } finally {
            useLock.unlock();
        }
        try {
            return request.get();
        } finally {
            useLock.lock();
            try {
                if (--inFlight == 0) {
                    idle.signalAll();
                }
            } finally {
                useLock.unlock();
            }
        }
    }

    /**
     * Refuses new requests from now on and waits up to {@code grace} for the ones inside to finish.
     *
     * @return whether they all finished in time
     */
    boolean retire(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        useLock.lock();
        try {
            retired = true;
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            useLock.unlock();
        }
    }

    ApiException notFound() {
        return ApiException.notFound("DeploymentNotFound", "Deployment " + name + " was deleted");
    }

    /** The id of the code version being served, if any code was pushed. */
    Optional<String> versionId() {
        return app.deployed().map(DeployedCode::versionId);
    }

    @Override
    public void close() {
        try {
            app.close();
            db.close();
        } finally {
            store.close();
        }
    }

    /** Closes the deployment and deletes its store with all its data (the SQLite file, or the schema). */
    void drop() {
        try {
            app.close();
            db.close();
        } finally {
            store.drop();
        }
    }
}
