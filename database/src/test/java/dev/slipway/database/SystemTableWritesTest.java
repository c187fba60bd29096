package dev.slipway.database;

import static dev.slipway.database.V.field;
import static dev.slipway.database.V.obj;
import static dev.slipway.database.V.patch;
import static dev.slipway.database.V.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.value.DocumentId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes to system tables on behalf of user code ({@link Transaction#insertIntoSystemTable}). */
class SystemTableWritesTest {
    private final AtomicLong clock = TestStores.clock();
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(
                MemoryPersistence.create("system-writes"),
                TestStores.options(clock, 7).build());
        Transaction system = db.beginSystem();
        system.createIndex("_jobs", "by_state", List.of("state"));
        system.commit();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void insertIntoSystemTable_userTransaction_commitsWithIt() {
        Transaction tx = db.begin();
        DocumentId id = tx.insertIntoSystemTable("_jobs", obj("state", str("pending")));
        tx.commit();
        assertThat(field(db.begin().get(id).orElseThrow(), "state")).isEqualTo(str("pending"));
    }

    @Test
    void insertIntoSystemTable_abortedTransaction_leavesNothing() {
        Transaction tx = db.begin();
        DocumentId id = tx.insertIntoSystemTable("_jobs", obj("state", str("pending")));
        tx.abort();
        assertThat(db.begin().get(id)).isEmpty();
    }

    @Test
    void insertIntoSystemTable_userOrMissingTable_refused() {
        Transaction tx = db.begin();
        tx.insert("messages", obj("body", str("hi")));
        assertThatThrownBy(() -> tx.insertIntoSystemTable("messages", obj()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("Table messages is not an existing system table");
        assertThatThrownBy(() -> tx.insertIntoSystemTable("_unknown", obj()))
                .hasMessageContaining("Table _unknown is not an existing system table");
    }

    @Test
    void normalApi_systemTable_stillRefused() {
        Transaction setup = db.begin();
        DocumentId id = setup.insertIntoSystemTable("_jobs", obj("state", str("pending")));
        setup.commit();
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("_jobs", obj())).hasMessageContaining("is a system table");
        assertThatThrownBy(() -> tx.patch(id, patch("state", str("x")))).hasMessageContaining("is a system table");
        assertThatThrownBy(() -> tx.delete(id)).hasMessageContaining("is a system table");
    }

    @Test
    void patchInSystemTable_changesFieldAndRefusesUserDocuments() {
        Transaction tx = db.begin();
        DocumentId job = tx.insertIntoSystemTable("_jobs", obj("state", str("pending")));
        DocumentId message = tx.insert("messages", obj("body", str("hi")));
        tx.patchInSystemTable(job, patch("state", str("success")));
        assertThatThrownBy(() -> tx.patchInSystemTable(message, patch("body", str("x"))))
                .hasMessageContaining("Table messages is not an existing system table");
        tx.commit();
        assertThat(field(db.begin().get(job).orElseThrow(), "state")).isEqualTo(str("success"));
    }
}
