package dev.slipway.persistence.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.PersistenceException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqliteErrorsTest {
    private static final String STORE = "/data/deployments/happy-cat/db.sqlite3";

    @ParameterizedTest
    @CsvSource({
        "SQLITE_BUSY, StoreFailure, true",
        "SQLITE_BUSY_SNAPSHOT, StoreFailure, true",
        "SQLITE_LOCKED, StoreFailure, true",
        "SQLITE_INTERRUPT, StoreFailure, true",
        "SQLITE_CORRUPT, StoreCorrupt, false",
        "SQLITE_NOTADB, StoreCorrupt, false",
        "SQLITE_CONSTRAINT_PRIMARYKEY, DuplicateRevision, false",
        "SQLITE_CONSTRAINT_UNIQUE, DuplicateRevision, false",
        "SQLITE_CONSTRAINT_NOTNULL, StoreFailure, false",
        "SQLITE_CONSTRAINT_CHECK, StoreFailure, false",
        "SQLITE_FULL, StoreFailure, false",
        "SQLITE_IOERR_FSYNC, StoreFailure, false",
        "SQLITE_CANTOPEN, StoreFailure, false",
        "SQLITE_READONLY, StoreFailure, false",
        "SQLITE_ERROR, StoreFailure, false",
    })
    void map_sqliteResultCode_givesCodeAndRetryability(SQLiteErrorCode code, String expected, boolean retryable) {
        PersistenceException e =
                SqliteErrors.map(STORE, "writing a batch", new SQLiteException("sqlite says no", code));

        assertThat(e.code()).isEqualTo(expected);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.getMessage())
                .startsWith("SQLite store " + STORE + ": writing a batch failed: ")
                .contains("sqlite says no");
        assertThat(e.getCause()).isInstanceOf(SQLiteException.class);
    }

    @Test
    void map_plainSqlExceptionWithBusyCode_isRetryable() {
        PersistenceException e = SqliteErrors.map(STORE, "reading", new SQLException("busy", null, 5));

        assertThat(e.code()).isEqualTo(PersistenceException.STORE_FAILURE);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void map_diskFull_saysSoInWords() {
        PersistenceException e =
                SqliteErrors.map(STORE, "writing", new SQLiteException("full", SQLiteErrorCode.SQLITE_FULL));

        assertThat(e.getMessage()).contains("the disk is full");
    }

    @Test
    void isDuplicate_onlyForKeyViolations() {
        assertThat(SqliteErrors.isDuplicate(new SQLiteException("", SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)))
                .isTrue();
        assertThat(SqliteErrors.isDuplicate(new SQLiteException("", SQLiteErrorCode.SQLITE_CONSTRAINT_NOTNULL)))
                .isFalse();
        assertThat(SqliteErrors.isDuplicate(new SQLiteException("", SQLiteErrorCode.SQLITE_BUSY)))
                .isFalse();
    }

    @Test
    void duplicate_namesTheRevision() {
        PersistenceException e = SqliteErrors.duplicate(
                STORE,
                "writing a batch",
                "document x already has a revision at ts 5",
                new SQLiteException("", SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY));

        assertThat(e.code()).isEqualTo(PersistenceException.DUPLICATE_REVISION);
        assertThat(e.getMessage())
                .startsWith("SQLite store " + STORE
                        + ": writing a batch failed: document x already has a revision at ts 5");
    }

    @Test
    void noFreeReader_carriesThePoolState() {
        PersistenceException e = SqliteErrors.noFreeReader(STORE, Duration.ofMillis(250), 4, 3);

        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains(STORE, "250 ms", "readers=4", "threads waiting=3");
    }

    @Test
    void interrupted_restoresTheInterruptFlag() {
        PersistenceException e = SqliteErrors.interrupted(STORE, "a reader connection", new InterruptedException());

        assertThat(Thread.interrupted()).isTrue();
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains(STORE, "interrupted while waiting for a reader connection");
    }

    @Test
    void everyOtherFactory_namesTheStore() {
        assertThat(SqliteErrors.closed(STORE).code()).isEqualTo(PersistenceException.STORE_CLOSED);
        assertThat(SqliteErrors.tooNew(STORE, 7, 1).getMessage()).contains(STORE, "format version 7", "up to 1");
        assertThat(SqliteErrors.foreign(STORE, "the tables a, b").getMessage()).contains(STORE, "the tables a, b");
        assertThat(SqliteErrors.corrupt(STORE, "x").code()).isEqualTo(PersistenceException.STORE_CORRUPT);
        assertThat(SqliteErrors.io(STORE, "deleting it", new IOException("nope"))
                        .getMessage())
                .contains(STORE, "deleting it", "nope");
        assertThat(SqliteErrors.writerBusy(STORE, "writing", Duration.ofMillis(5), 2)
                        .getMessage())
                .contains(STORE, "5 ms", "waiting for it=2");
    }
}
