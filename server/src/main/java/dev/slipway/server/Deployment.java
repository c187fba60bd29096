package dev.slipway.server;

import dev.slipway.application.Application;
import dev.slipway.application.ApplicationOptions;
import dev.slipway.application.DeployedCode;
import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresOptions;
import dev.slipway.persistence.postgres.PostgresPersistence;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import dev.slipway.value.SlipwayException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One deployment served by this server: its store, database and application, its admin key, its
 * saved code, and what its sync sessions share (the query cache and the mutation records). A
 * deployment is an object with a lifecycle (open, serve, close), never a process-wide singleton.
 */
final class Deployment implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Deployment.class.getName());

    private final String name;
    private final AdminKey adminKey;
    private final Persistence store;
    private final Database db;
    private final Application app;
    private final CodeStore code;
    private final CodeWatch watch = new CodeWatch();
    private final QueryCache queries = new QueryCache();
    private final MutationReplies mutations = new MutationReplies(System::nanoTime);
    private final ReentrantLock pushLock = new ReentrantLock();

    private Deployment(String name, AdminKey adminKey, Persistence store, JsRuntime runtime, Path dir) {
        this.name = name;
        this.adminKey = adminKey;
        this.store = store;
        this.db = Database.open(store, DatabaseOptions.defaults());
        this.app = Application.create(db, runtime, ApplicationOptions.defaults(name));
        this.code = new CodeStore(dir);
    }

    /**
     * Opens deployment {@code name}: its store in {@code storage}, its database, and the code it last
     * had pushed (a saved version that no longer loads is logged and left out, so the server still
     * starts and a new push can fix it).
     */
    static Deployment open(String name, Path dir, Storage storage, JsRuntime runtime, AdminKey adminKey) {
        Persistence store = openStore(name, dir, storage);
        Deployment deployment;
        try {
            deployment = new Deployment(name, adminKey, store, runtime, dir);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        deployment.restoreCode();
        return deployment;
    }

    private static Persistence openStore(String name, Path dir, Storage storage) {
        return switch (storage) {
            case Storage.Sqlite s -> SqlitePersistence.open(dir.resolve("data.sqlite3"));
            case Storage.Postgres p -> {
                PostgresUrl url = PostgresUrl.parse(p.url());
                PostgresOptions.Builder options = PostgresOptions.builder()
                        .jdbcUrl(url.jdbcUrl())
                        .user(url.user())
                        .schema(PostgresOptions.deploymentSchema(name));
                url.password().ifPresent(options::password);
                yield PostgresPersistence.open(options.build());
            }
        };
    }

    private void restoreCode() {
        Optional<Map<String, String>> saved = code.load();
        if (saved.isEmpty()) {
            return;
        }
        try {
            DeployedCode deployed = app.deploy(saved.get());
            LOG.log(
                    System.Logger.Level.INFO,
                    "deployment {0}: serving code version {1} ({2} functions)",
                    name,
                    deployed.versionId(),
                    deployed.functions().size());
        } catch (SlipwayException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "deployment {0}: the saved code no longer loads, push it again: {1}",
                    name,
                    e.getMessage());
        }
    }

    /** Makes {@code modules} the deployment's code, saves them, and tells every subscription. */
    DeployedCode push(Map<String, String> modules) {
        pushLock.lock();
        try {
            DeployedCode deployed = app.deploy(modules);
            code.save(modules);
            watch.changed();
            LOG.log(
                    System.Logger.Level.INFO,
                    "deployment {0}: pushed code version {1} ({2} functions)",
                    name,
                    deployed.versionId(),
                    deployed.functions().size());
            return deployed;
        } finally {
            pushLock.unlock();
        }
    }

    String name() {
        return name;
    }

    AdminKey adminKey() {
        return adminKey;
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

    MutationReplies mutations() {
        return mutations;
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
}
