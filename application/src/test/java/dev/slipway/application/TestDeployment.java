package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.database.Catalog;
import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.isolate.RuntimeOptions;
import dev.slipway.persistence.DocumentCursor;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.IndexRow;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.Timestamp;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One deployment for a test: a store (in memory, or a real SQLite file), its database and its
 * application on the JVM's shared JavaScript runtime. {@link #reopen()} is a restart: the application
 * and database close and open again on the same store.
 */
final class TestDeployment implements AutoCloseable {
    /** Where a test deployment keeps its data. */
    enum Store {
        MEMORY,
        SQLITE
    }

    private static @Nullable JsRuntime runtime;

    private final Store store;
    private final Path dir;
    private final LongSupplier clock;
    private final Persistence persistence;
    private final Database db;
    private final Application app;

    private TestDeployment(Store store, Path dir, LongSupplier clock, Persistence persistence) {
        this.store = store;
        this.dir = dir;
        this.clock = clock;
        this.persistence = persistence;
        this.db = Database.open(persistence, DatabaseOptions.defaults());
        ApplicationOptions defaults = ApplicationOptions.defaults("test");
        this.app = Application.create(
                db,
                runtime(),
                new ApplicationOptions(
                        defaults.deployment(), clock, defaults.seeds(), defaults.retries(), defaults.actionCalls()));
    }

    /** A new deployment on a new store ({@code dir} holds the SQLite file). */
    static TestDeployment open(Store store, Path dir) {
        return open(store, dir, System::currentTimeMillis);
    }

    /**
     * A new deployment on a new store whose application reads {@code clock} (scheduled times, the
     * retention of pinned versions); a test moves it and calls {@link Application#wakeScheduler()}.
     */
    static TestDeployment open(Store store, Path dir, LongSupplier clock) {
        return new TestDeployment(
                store,
                dir,
                clock,
                switch (store) {
                    case MEMORY -> MemoryPersistence.create("test");
                    case SQLITE -> SqlitePersistence.open(dir.resolve("db.sqlite3"));
                });
    }

    /** Closes the application and database and opens them again on the same data (a restart). */
    TestDeployment reopen() {
        app.close();
        db.close();
        if (store == Store.MEMORY) {
            return new TestDeployment(store, dir, clock, persistence);
        }
        persistence.close();
        return new TestDeployment(store, dir, clock, SqlitePersistence.open(dir.resolve("db.sqlite3")));
    }

    /** The runtime every test deployment of this JVM shares (GraalJS warms up once). */
    static synchronized JsRuntime runtime() {
        JsRuntime shared = runtime;
        if (shared == null) {
            shared = JsRuntime.create(
                    RuntimeOptions.builder().threads(2).prewarmInvocations(0).build());
            runtime = shared;
        }
        return shared;
    }

    Application app() {
        return app;
    }

    Database db() {
        return db;
    }

    /** Pushes app {@code name} of {@link TestApps}. */
    PushReport push(String name) {
        return app.push(PushRequest.of(TestApps.modules(name)));
    }

    /** Runs mutation {@code path} as an admin (internal functions too) and returns its value. */
    Value mutation(String path, String argsJson) {
        return value(app.mutation(call(path, argsJson)), path);
    }

    /** Runs query {@code path} as an admin and returns its value. */
    Value query(String path, String argsJson) {
        return value(app.query(call(path, argsJson)), path);
    }

    /** Runs query {@code path} and returns the failure's message. */
    String queryFailure(String path, String argsJson) {
        FunctionResult result = app.query(call(path, argsJson));
        assertThat(result).as(path).isInstanceOf(FunctionResult.Failure.class);
        return ((FunctionResult.Failure) result).message();
    }

    static FunctionCall call(String path, String argsJson) {
        return new FunctionCall(
                FunctionPath.parse(path),
                (Value.Obj) ConvexJson.decode(argsJson),
                FunctionCall.Caller.ADMIN,
                FunctionCall.RequestInfo.of("test"));
    }

    private static Value value(FunctionResult result, String path) {
        if (result instanceof FunctionResult.Failure failure) {
            throw new AssertionError(path + " failed: " + failure.message());
        }
        return ((FunctionResult.Success) result).value();
    }

    /**
     * Everything the store holds, as text that compares exactly: the max timestamp, every document
     * revision of every table (system tables included) in log order, and every live entry of every
     * index of the catalog (system indexes included) with the revision it points at.
     */
    List<String> storeContents() {
        List<String> lines = new ArrayList<>();
        Optional<Timestamp> max = persistence.maxTimestamp();
        lines.add("max " + max);
        Timestamp end = Timestamp.of(max.orElse(Timestamp.MIN).nanos() + 1);
        Optional<DocumentCursor> after = Optional.empty();
        while (true) {
            List<DocumentLogEntry> page = persistence.loadDocuments(Timestamp.MIN, end, after, 500);
            for (DocumentLogEntry entry : page) {
                lines.add("doc " + entry);
            }
            if (page.size() < 500) {
                break;
            }
            DocumentLogEntry last = page.getLast();
            after = Optional.of(new DocumentCursor(last.ts(), last.id()));
        }
        Catalog catalog = db.catalog();
        for (Catalog.Table table : catalog.tables()) {
            for (Catalog.Index index : catalog.indexes(table.number())) {
                lines.add("index " + table.name() + "." + index.definition().name() + " " + index.state());
                Optional<KeyRange> rest = Optional.of(KeyRange.ALL);
                while (rest.isPresent()) {
                    IndexPage page =
                            persistence.scan(index.id(), rest.get(), max.orElse(Timestamp.MIN), Order.ASC, 500);
                    for (IndexRow row : page.rows()) {
                        lines.add("entry " + HexFormat.of().formatHex(row.key().bytes()) + " -> "
                                + row.document().id().encode() + "@"
                                + row.document().ts().nanos());
                    }
                    rest = page.remaining();
                }
            }
        }
        return lines;
    }

    @Override
    public void close() {
        try {
            app.close();
            db.close();
        } finally {
            persistence.close();
        }
    }
}
