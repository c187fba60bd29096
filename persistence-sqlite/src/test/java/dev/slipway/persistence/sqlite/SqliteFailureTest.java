package dev.slipway.persistence.sqlite;

import static dev.slipway.persistence.sqlite.SqliteStoreFileTest.assertFails;
import static dev.slipway.persistence.sqlite.TestData.byA;
import static dev.slipway.persistence.sqlite.TestData.docId;
import static dev.slipway.persistence.sqlite.TestData.entry;
import static dev.slipway.persistence.sqlite.TestData.inserted;
import static dev.slipway.persistence.sqlite.TestData.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.PersistenceException;
import dev.slipway.persistence.Timestamp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures after a store was opened: rejected writes and damage found while reading. */
class SqliteFailureTest {

    @TempDir
    Path dir;

    @Test
    void write_existingRevisionWithError_namesItAndWritesNothingOfTheBatch() {
        Path file = dir.resolve("db.sqlite3");
        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            store.write(List.of(inserted(docId(1, 1), 10, 1)), List.of(), ConflictStrategy.ERROR);

            assertFails(
                            () -> store.write(
                                    List.of(inserted(docId(1, 2), 10, 2), inserted(docId(1, 1), 10, 3)),
                                    List.of(),
                                    ConflictStrategy.ERROR),
                            PersistenceException.DUPLICATE_REVISION)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("document " + docId(1, 1) + " already has a revision at ts 10");

            assertThat(store.get(docId(1, 2), ts(10))).isEmpty();
            assertThat(store.get(docId(1, 1), ts(10))).contains(inserted(docId(1, 1), 10, 1));
        }
    }

    @Test
    void write_indexEntryRepeatedInTheBatch_namesIt() {
        try (SqlitePersistence store = SqlitePersistence.open(dir.resolve("db.sqlite3"))) {
            IndexEntry entry = entry(docId(1, 1), 10, 1, false);

            assertFails(
                            () -> store.write(
                                    List.of(inserted(docId(1, 1), 10, 1)),
                                    List.of(entry, entry),
                                    ConflictStrategy.ERROR),
                            PersistenceException.DUPLICATE_REVISION)
                    .hasMessageContaining("already has an entry for " + entry.key() + " at ts 10");
            assertThat(store.maxTimestamp()).isEmpty();
        }
    }

    @Test
    void scan_entryPointingAtNoRevision_failsAsDamagedNamingTheEntry() {
        try (SqlitePersistence store = SqlitePersistence.open(dir.resolve("db.sqlite3"))) {
            store.write(List.of(), List.of(entry(docId(1, 1), 10, 1, false)), ConflictStrategy.ERROR);

            assertFails(
                            () -> store.scan(byA(1), KeyRange.ALL, ts(10), Order.ASC, 10),
                            PersistenceException.STORE_CORRUPT)
                    .hasMessageContaining("points at no live revision of " + docId(1, 1));
        }
    }

    @Test
    void get_undecodableValue_failsAsDamagedNamingTheRevision() throws SQLException {
        Path file = dir.resolve("db.sqlite3");
        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            store.write(List.of(inserted(docId(1, 1), 10, 1)), List.of(), ConflictStrategy.ERROR);
        }
        execute(file, "UPDATE documents SET value = '{\"a\": ' WHERE ts = 10");

        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            assertFails(() -> store.get(docId(1, 1), ts(10)), PersistenceException.STORE_CORRUPT)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("the revision of " + docId(1, 1) + " at ts 10 cannot be read");
        }
    }

    @Test
    void loadDocuments_damagedPages_failsAsStoreCorrupt() throws IOException {
        Path file = dir.resolve("db.sqlite3");
        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            List<DocumentLogEntry> docs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                docs.add(inserted(docId(1, i), 10, i));
            }
            store.write(docs, List.of(), ConflictStrategy.ERROR);
        }
        overwriteAllButTheFirstPages(file);

        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            assertFails(
                            () -> store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 1_000),
                            PersistenceException.STORE_CORRUPT)
                    .hasMessageContaining(file.toString());
        }
    }

    /** Replaces everything after the schema pages with noise. */
    private static void overwriteAllButTheFirstPages(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] noise = new byte[(int) channel.size() - 4 * 4096];
            new Random(3).nextBytes(noise);
            channel.write(ByteBuffer.wrap(noise), 4 * 4096);
        }
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
