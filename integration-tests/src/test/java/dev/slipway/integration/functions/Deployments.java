package dev.slipway.integration.functions;

import dev.slipway.application.Application;
import dev.slipway.application.ApplicationOptions;
import dev.slipway.application.SchedulerOptions;
import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.isolate.RuntimeOptions;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A deployment of the fixture app for a test: a SQLite file, its database, and an {@link
 * Application} on the one {@link JsRuntime} shared by the whole test JVM (its JIT-compiled code is
 * what makes later tests fast).
 */
final class Deployments implements AutoCloseable {
    private static final JsRuntime RUNTIME =
            JsRuntime.create(RuntimeOptions.builder().threads(4).build());

    private final SqlitePersistence store;
    private final Database db;
    private final Application app;

    private Deployments(Path dir, ApplicationOptions options, SchedulerOptions scheduling) {
        this.store = SqlitePersistence.open(dir.resolve("deployment.sqlite3"));
        this.db = Database.open(
                store,
                DatabaseOptions.builder().retentionScheduler(Optional.empty()).build());
        this.app = Application.create(db, RUNTIME, options, scheduling);
        app.deploy(FixtureApp.modules());
    }

    /** The fixture app deployed into a new SQLite file in {@code dir}. */
    static Deployments fixtureApp(Path dir) {
        return fixtureApp(dir, ApplicationOptions.defaults("fixture"));
    }

    /** The fixture app with options of the test's choosing. */
    static Deployments fixtureApp(Path dir, ApplicationOptions options) {
        return fixtureApp(dir, options, SchedulerOptions.defaults());
    }

    /** The fixture app with options and scheduler options of the test's choosing. */
    static Deployments fixtureApp(Path dir, ApplicationOptions options, SchedulerOptions scheduling) {
        return new Deployments(dir, options, scheduling);
    }

    static JsRuntime runtime() {
        return RUNTIME;
    }

    Application app() {
        return app;
    }

    @Override
    public void close() {
        app.close();
        db.close();
        store.close();
    }
}
