package dev.slipway.persistence.sqlite;

import static dev.slipway.persistence.sqlite.TestData.doc;
import static dev.slipway.persistence.sqlite.TestData.docId;
import static dev.slipway.persistence.sqlite.TestData.entry;
import static dev.slipway.persistence.sqlite.TestData.inserted;
import static dev.slipway.persistence.sqlite.TestData.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.RetentionResult;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention's cursor: a pass resumes where the previous one stopped, across a reopen too. */
class SqliteRetentionTest {
    private static final DocumentId X = docId(1, 1);
    private static final DocumentId Y = docId(1, 2);

    @TempDir
    Path dir;

    @Test
    void deleteShadowedRevisions_cursorIsKeptAndLaterPassesContinueFromIt() throws SQLException {
        Path file = dir.resolve("db.sqlite3");
        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            store.write(
                    List.of(inserted(X, 10, 1), inserted(Y, 10, 2)),
                    List.of(entry(X, 10, 1, false), entry(Y, 10, 2, false)),
                    ConflictStrategy.ERROR);
            store.write(
                    List.of(doc(X, 20, 1, Optional.of(10L)), DocumentLogEntry.tombstone(Y, ts(20), ts(10))),
                    List.of(entry(X, 20, 1, false), entry(Y, 20, 2, true)),
                    ConflictStrategy.ERROR);
            store.write(
                    List.of(doc(X, 30, 3, Optional.of(20L))),
                    List.of(entry(X, 30, 1, true), entry(X, 30, 3, false)),
                    ConflictStrategy.ERROR);

            // x@10 (shadowed by x@20), y@10 and the newest tombstone y@20; entries likewise.
            assertThat(pass(store, 25, 1)).isEqualTo(new RetentionResult(3, 3));
        }
        assertThat(cursor(file, "documents")).isEqualTo(20);
        assertThat(cursor(file, "indexes")).isEqualTo(20);

        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            assertThat(pass(store, 25, 10)).isEqualTo(new RetentionResult(0, 0));
            store.write(
                    List.of(doc(X, 40, 3, Optional.of(30L))), List.of(entry(X, 40, 3, false)), ConflictStrategy.ERROR);

            // x@20 and x@30 are shadowed by x@40; entries (x,1)@20, (x,1)@30 deleted-newest, (x,3)@30.
            assertThat(pass(store, 40, 2)).isEqualTo(new RetentionResult(2, 3));
            assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 100))
                    .containsExactly(doc(X, 40, 3, Optional.of(30L)));
            assertThat(store.get(X, ts(40))).contains(doc(X, 40, 3, Optional.of(30L)));
            assertThat(store.maxTimestamp()).contains(ts(40));
        }
        assertThat(cursor(file, "documents")).isEqualTo(40);
    }

    private static RetentionResult pass(SqlitePersistence store, long cutoff, int limit) {
        long documents = 0;
        long entries = 0;
        for (RetentionResult step = store.deleteShadowedRevisions(ts(cutoff), limit);
                step.total() > 0;
                step = store.deleteShadowedRevisions(ts(cutoff), limit)) {
            documents += step.documentRevisionsRemoved();
            entries += step.indexEntriesRemoved();
        }
        return new RetentionResult(documents, entries);
    }

    private static long cursor(Path file, String log) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT gc_" + log + "_ts FROM slipway_meta")) {
            row.next();
            return row.getLong(1);
        }
    }
}
