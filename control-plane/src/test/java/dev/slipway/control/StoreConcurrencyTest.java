package dev.slipway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.database.OccConflict;
import dev.slipway.database.Transaction;
import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.value.Value;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The uniqueness pattern every creation uses (read the unique key's index range, insert if absent,
 * in one transaction), with two transactions interleaved by hand: the second cannot commit.
 */
class StoreConcurrencyTest {

    @Test
    void checkThenInsert_interleaved_secondCommitConflicts() {
        try (MemoryPersistence persistence = MemoryPersistence.create("control");
                Store store = Store.open(persistence, new SplittableRandom(7))) {
            Migrations.apply(store, Migrations.ALL, Clock.systemUTC(), "memory:control");
            Transaction first = store.database().begin();
            Transaction second = store.database().begin();

            for (Transaction tx : List.of(first, second)) {
                assertThat(Store.first(tx, Tables.TEAMS, Tables.BY_SLUG, Store.eq("slug", "acme")))
                        .isEmpty();
                tx.insert(Tables.TEAMS, Codec.teamDocument(new Team("acme", Plan.STARTER, "owner", Instant.EPOCH)));
            }
            first.commit();

            assertThatThrownBy(second::commit).isInstanceOf(OccConflict.class).hasMessageContaining("teams");
            List<Value.Obj> teams = store.read(tx -> Store.all(tx, Tables.TEAMS, Tables.BY_SLUG));
            assertThat(teams).hasSize(1);
        }
    }
}
