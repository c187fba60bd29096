package dev.slipway.server;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.sqlite.SqlitePersistence;

/** The control API on the control store the server keeps by default: {@code <data>/control.sqlite3}. */
class ControlApiSqliteTest extends ControlApiContract {
    @Override
    Persistence createStore() {
        return reopenStore();
    }

    @Override
    Persistence reopenStore() {
        return SqlitePersistence.open(data.resolve(ControlPlaneHost.SQLITE_FILE));
    }
}
