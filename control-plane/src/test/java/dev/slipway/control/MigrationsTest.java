package dev.slipway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The control plane's own schema versions: upgrading an existing store, and refusing a newer one. */
class MigrationsTest {
    private final TestClock clock = new TestClock(Instant.parse("2025-06-01T10:00:00Z"));
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path dir;

    /** A test-only version 2: a data transformation of every team, and an index on a table that has documents. */
    private static final Migration V2 = new Migration(2, "teams get a motto; teams.by_plan", tx -> {
        for (Value.Obj team : Store.scan(tx, Tables.TEAMS)) {
            long runs = team.fields().containsKey("runs") ? Codec.int64(team, "runs") : 0;
            Map<String, Optional<Value>> patch = new LinkedHashMap<>();
            patch.put("motto", Optional.of(new Value.Str("ship it")));
            patch.put("runs", Optional.of(new Value.Int64(runs + 1)));
            tx.patch(Store.id(team), patch);
        }
        tx.createIndex(Tables.TEAMS, "by_plan", List.of("plan"));
    });

    private Persistence create(String kind) {
        return switch (kind) {
            case "memory" -> MemoryPersistence.create("control");
            case "sqlite" -> SqlitePersistence.open(dir.resolve("control.sqlite3"));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static Persistence reopen(Persistence store) {
        store.close();
        return switch (store) {
            case MemoryPersistence memory -> memory.reopen();
            case SqlitePersistence sqlite -> SqlitePersistence.open(sqlite.file());
            default -> throw new IllegalArgumentException(store.describe());
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite"})
    void open_version1Store_upgradesOnce_andRefusesToGoBack(String kind) {
        Persistence store = create(kind);
        String ownerSecret;
        try (ControlPlane v1 = ControlPlane.open(store, clock, random, List.of(Tables.V1))) {
            ownerSecret = v1.bootstrap().orElseThrow().secret();
            v1.createTeam(v1.authenticate(ownerSecret), "acme", Plan.STARTER);
            assertThat(v1.schemaVersion()).isEqualTo(1);
        }

        store = reopen(store);
        try (ControlPlane v2 = ControlPlane.open(store, clock, random, List.of(Tables.V1, V2))) {
            assertThat(v2.schemaVersion()).isEqualTo(2);
            Principal owner = v2.authenticate(ownerSecret);
            assertThat(v2.teams(owner)).extracting(Team::slug).containsExactly("acme", "default");
        }
        store = reopen(store);
        try (ControlPlane again = ControlPlane.open(store, clock, random, List.of(Tables.V1, V2))) {
            assertThat(again.schemaVersion()).isEqualTo(2);
        }
        List<String> teams = raw(
                store,
                tx -> Store.all(tx, Tables.TEAMS, "by_plan", Store.eq("plan", "starter")).stream()
                        .map(team -> Codec.string(team, "slug") + ":" + Codec.string(team, "motto") + ":"
                                + Codec.int64(team, "runs"))
                        .toList());
        assertThat(teams).containsExactly("acme:ship it:1");
        List<String> applied = raw(
                store,
                tx -> Store.all(tx, Tables.MIGRATIONS, Tables.BY_VERSION).stream()
                        .map(m -> Codec.int64(m, "version") + " " + Codec.string(m, "description"))
                        .toList());
        assertThat(applied)
                .containsExactly(
                        "1 teams, members, projects, deployments, credentials", "2 teams get a motto; teams.by_plan");

        Persistence newer = reopen(store);
        assertThatThrownBy(() -> ControlPlane.open(newer, clock, random, List.of(Tables.V1)))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ControlPlaneException.Kind.INCOMPATIBLE_STORE);
                    assertThat(e.getMessage())
                            .contains(newer.describe())
                            .contains("has schema version 2, but this Slipway knows versions up to 1");
                });
        try (ControlPlane stillFine = ControlPlane.open(newer, clock, random, List.of(Tables.V1, V2))) {
            assertThat(stillFine.authenticate(ownerSecret)).isInstanceOf(Principal.Owner.class);
        }
        newer.close();
    }

    @Test
    void open_newStore_isAtTheNewestVersion() {
        try (Persistence store = MemoryPersistence.create("control");
                ControlPlane cp = ControlPlane.open(store, clock, random)) {
            assertThat(cp.schemaVersion()).isEqualTo(Migrations.ALL.size()).isEqualTo(1);
        }
    }

    @Test
    void open_migrationsNotNumberedInOrder_isABug() {
        Migration three = new Migration(3, "skips 2", tx -> {});
        try (Persistence store = MemoryPersistence.create("control")) {
            assertThatThrownBy(() -> ControlPlane.open(store, clock, random, List.of(Tables.V1, three)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("found 3 at position 2");
        }
    }

    /** Reads the store directly, below the control plane. */
    private static <T> T raw(Persistence persistence, Function<dev.slipway.database.Transaction, T> read) {
        try (Store store = Store.open(persistence, new SplittableRandom(1))) {
            return store.read(read);
        }
    }
}
