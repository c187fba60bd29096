package dev.slipway.persistence.sqlite;

import static dev.slipway.persistence.sqlite.TestData.docId;
import static dev.slipway.persistence.sqlite.TestData.inserted;
import static dev.slipway.persistence.sqlite.TestData.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.PersistenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite file itself: how a store is created, recognised and refused. Every refused file must be
 * left byte for byte as it was, which each test checks with a hash of the file before and after.
 */
class SqliteStoreFileTest {

    @TempDir
    Path dir;

    @Test
    void open_newFile_usesWalAndFullSynchronousByDefault() {
        try (SqlitePersistence store = SqlitePersistence.open(dir.resolve("db.sqlite3"))) {
            assertThat(store.writerPragma("journal_mode")).isEqualTo("wal");
            assertThat(store.writerPragma("synchronous")).isEqualTo("2"); // FULL
            assertThat(store.writerPragma("journal_size_limit"))
                    .isEqualTo(Long.toString(SqlitePersistence.WAL_SIZE_LIMIT));
            assertThat(store.writerPragma("application_id")).isEqualTo(Integer.toString(StoreFormat.APPLICATION_ID));
            assertThat(store.writerPragma("user_version")).isEqualTo(Integer.toString(StoreFormat.VERSION));
        }
    }

    @Test
    void open_synchronousNormal_appliesIt() {
        SqliteOptions options = SqliteOptions.builder()
                .synchronous(SqliteOptions.Synchronous.NORMAL)
                .readers(1)
                .build();
        try (SqlitePersistence store = SqlitePersistence.open(dir.resolve("db.sqlite3"), options)) {
            assertThat(store.writerPragma("synchronous")).isEqualTo("1"); // NORMAL
            assertThat(store.options()).isEqualTo(options);
        }
    }

    @Test
    void open_missingParentDirectories_createsThem() {
        Path file = dir.resolve("data/deployments/happy-cat-123/db.sqlite3");
        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            assertThat(store.file()).isEqualTo(file.toAbsolutePath());
            assertThat(store.describe()).isEqualTo(file.toAbsolutePath().toString());
        }
        assertThat(file).isRegularFile();
    }

    @Test
    void open_parentIsAFile_failsNamingTheLocation() throws IOException {
        Path blocker = Files.writeString(dir.resolve("data"), "not a directory");
        Path file = blocker.resolve("db.sqlite3");

        assertFails(() -> SqlitePersistence.open(file), PersistenceException.STORE_FAILURE)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("creating its directory");
    }

    @Test
    void open_pathIsADirectory_failsNamingIt() throws IOException {
        Path file = Files.createDirectories(dir.resolve("db.sqlite3"));

        assertFails(() -> SqlitePersistence.open(file), PersistenceException.STORE_FAILURE)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is a directory");
    }

    @Test
    void open_randomBytes_storeCorruptAndFileUnchanged() throws IOException {
        byte[] noise = new byte[8192];
        new Random(7).nextBytes(noise);
        Path file = Files.write(dir.resolve("db.sqlite3"), noise);

        assertRefusedUnchanged(file, PersistenceException.STORE_CORRUPT).hasMessageContaining("not a SQLite database");
    }

    @Test
    void open_truncatedHeader_storeCorruptAndFileUnchanged() throws IOException {
        Path file = dir.resolve("db.sqlite3");
        SqlitePersistence.open(file).close();
        byte[] whole = Files.readAllBytes(file);

        for (int length : List.of(10, 50, 99, 1000)) {
            Files.write(file, Arrays.copyOf(whole, length));
            assertRefusedUnchanged(file, PersistenceException.STORE_CORRUPT);
        }
    }

    @Test
    void open_foreignDatabase_storeForeignNamingWhatItHoldsAndFileUnchanged() throws Exception {
        Path file = dir.resolve("db.sqlite3");
        execute(file, "CREATE TABLE users (name TEXT)", "CREATE TABLE posts (body TEXT)", "CREATE VIEW v AS SELECT 1");

        assertRefusedUnchanged(file, PersistenceException.STORE_FOREIGN)
                .hasMessageContaining("table posts, table users, view v")
                .hasMessageContaining("application_id 0x00000000");
    }

    @Test
    void open_foreignDatabaseInWalMode_storeForeignAndFileUnchanged() throws Exception {
        Path file = dir.resolve("db.sqlite3");
        execute(file, "PRAGMA journal_mode = WAL", "CREATE TABLE users (name TEXT)", "INSERT INTO users VALUES ('a')");

        assertRefusedUnchanged(file, PersistenceException.STORE_FOREIGN).hasMessageContaining("table users");
    }

    @Test
    void open_foreignDatabaseInUseByItsApplication_storeForeignAndMainFileUnchanged() throws Exception {
        Path file = dir.resolve("db.sqlite3");
        execute(file, "PRAGMA journal_mode = WAL", "CREATE TABLE users (name TEXT)");
        try (Connection owner = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = owner.createStatement()) {
            statement.execute("INSERT INTO users VALUES ('only in the WAL')");
            assertThat(dir.resolve("db.sqlite3-wal")).exists();
            String before = sha256(file);

            assertFails(() -> SqlitePersistence.open(file), PersistenceException.STORE_FOREIGN)
                    .hasMessageContaining("table users");

            assertThat(sha256(file)).isEqualTo(before);
            try (var rows = statement.executeQuery("SELECT count(*) FROM users")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void open_emptyDatabaseOfAnotherApplication_storeForeign() throws Exception {
        Path file = dir.resolve("db.sqlite3");
        execute(file, "PRAGMA application_id = 1234");

        assertRefusedUnchanged(file, PersistenceException.STORE_FOREIGN)
                .hasMessageContaining("no tables")
                .hasMessageContaining("application_id 0x000004d2");
    }

    @Test
    void open_newerFormat_storeTooNewNamingBothVersionsAndFileUnchanged() throws Exception {
        Path file = dir.resolve("db.sqlite3");
        SqlitePersistence.open(file).close();
        execute(file, "PRAGMA user_version = " + (StoreFormat.VERSION + 1));

        assertRefusedUnchanged(file, PersistenceException.STORE_TOO_NEW)
                .hasMessageContaining("format version " + (StoreFormat.VERSION + 1))
                .hasMessageContaining("up to " + StoreFormat.VERSION);
    }

    @Test
    void open_markedStoreMissingATable_storeCorruptAndFileUnchanged() throws Exception {
        Path file = dir.resolve("db.sqlite3");
        SqlitePersistence.open(file).close();
        execute(file, "DROP TABLE globals");

        assertRefusedUnchanged(file, PersistenceException.STORE_CORRUPT).hasMessageContaining("[globals]");
    }

    @Test
    void open_emptyFile_createsStore() throws IOException {
        Path file = Files.createFile(dir.resolve("db.sqlite3"));

        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            assertThat(store.maxTimestamp()).isEmpty();
        }
    }

    @Test
    void open_afterClose_keepsDataAndRemovesWalFiles() {
        Path file = dir.resolve("db.sqlite3");
        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            store.write(List.of(inserted(docId(1, 1), 10, 5)), List.of(), ConflictStrategy.ERROR);
            store.writeGlobal("k", "v");
        }
        assertThat(dir.resolve("db.sqlite3-wal")).doesNotExist();
        assertThat(dir.resolve("db.sqlite3-shm")).doesNotExist();

        try (SqlitePersistence store = SqlitePersistence.open(file)) {
            assertThat(store.get(docId(1, 1), ts(10))).contains(inserted(docId(1, 1), 10, 5));
            assertThat(store.maxTimestamp()).contains(ts(10));
            assertThat(store.global("k")).contains("v");
        }
    }

    @Test
    void drop_deletesTheFileAndItsSideFiles() {
        Path file = dir.resolve("db.sqlite3");
        SqlitePersistence store = SqlitePersistence.open(file);
        store.write(List.of(inserted(docId(1, 1), 10, 5)), List.of(), ConflictStrategy.ERROR);

        store.drop();

        assertThat(dir).isEmptyDirectory();
        assertFails(() -> store.get(docId(1, 1), ts(10)), PersistenceException.STORE_CLOSED)
                .hasMessageContaining(file.toString());
    }

    @Test
    void close_twice_isHarmlessAndLaterCallsFailClosed() {
        SqlitePersistence store = SqlitePersistence.open(dir.resolve("db.sqlite3"));
        store.close();
        store.close();

        assertFails(() -> store.writeGlobal("k", "v"), PersistenceException.STORE_CLOSED);
        assertFails(store::maxTimestamp, PersistenceException.STORE_CLOSED);
        assertFails(store::drop, PersistenceException.STORE_CLOSED);
    }

    private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefusedUnchanged(
            Path file, String code) throws IOException {
        String before = sha256(file);
        var failure = assertFails(() -> SqlitePersistence.open(file), code).hasMessageContaining(file.toString());
        assertThat(sha256(file)).as("hash of %s after the refused open", file).isEqualTo(before);
        try (var files = Files.list(file.getParent())) {
            assertThat(files.toList()).as("files next to the refused one").containsExactly(file);
        }
        return failure;
    }

    static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFails(
            ThrowingCallable call, String code) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        PersistenceException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static void execute(Path file, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
