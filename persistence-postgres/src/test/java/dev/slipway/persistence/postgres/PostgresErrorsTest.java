package dev.slipway.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.PersistenceException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresErrorsTest {
    private static final String STORE = "jdbc:postgresql://db/app schema dep_x";

    @ParameterizedTest
    @CsvSource({
        "40001, StoreFailure, true",
        "40P01, StoreFailure, true",
        "53300, StoreFailure, true",
        "23505, DuplicateRevision, false",
        "08001, StoreUnreachable, true",
        "08006, StoreUnreachable, true",
        "57P01, StoreUnreachable, true",
        "28P01, StoreUnreachable, false",
        "3D000, StoreUnreachable, false",
        "3F000, StoreClosed, false",
        "42P01, StoreClosed, false",
        "XX001, StoreCorrupt, false",
        "22001, StoreFailure, false",
    })
    void map_sqlState_givesCodeAndRetryability(String state, String code, boolean retryable) {
        PersistenceException e = PostgresErrors.map(new SQLException("boom", state), "write a batch", STORE);

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.getMessage()).contains(STORE, "boom", state);
    }

    @Test
    void map_batchFailure_usesTheStateAndMessageOfTheFirstFailedStatement() {
        BatchUpdateException batch =
                new BatchUpdateException("Batch entry 0 INSERT ... huge parameters", null, 0, new int[0]);
        batch.setNextException(new SQLException("duplicate key value violates unique constraint", "23505"));

        PersistenceException e = PostgresErrors.map(batch, "write a batch", STORE);

        assertThat(e.code()).isEqualTo(PersistenceException.DUPLICATE_REVISION);
        assertThat(e.getMessage()).contains("duplicate key value").doesNotContain("huge parameters");
    }

    @Test
    void map_poolTimeoutWithoutState_isRetryableAndKeepsThePoolCounts() {
        PersistenceException e = PostgresErrors.map(
                new SQLTransientConnectionException(
                        "request timed out after 250ms (total=2, active=2, idle=0, waiting=1)"),
                "read",
                STORE);

        assertThat(e.code()).isEqualTo(PersistenceException.STORE_FAILURE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("active=2", "waiting=1");
    }

    @Test
    void map_interruptedDuringAcquisition_keepsTheInterruptFlag() {
        SQLException e = new SQLException("Interrupted during connection acquisition", (String) null);
        e.initCause(new InterruptedException());
        try {
            PersistenceException mapped = PostgresErrors.map(e, "read", STORE);

            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(mapped.getMessage()).contains("interrupted");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void map_longMessage_isCut() {
        PersistenceException e = PostgresErrors.map(new SQLException("x".repeat(10_000), "22000"), "read", STORE);

        assertThat(e.getMessage()).hasSizeLessThan(1000);
    }
}
