/**
 * The persistence SPI on PostgreSQL: {@link dev.slipway.persistence.postgres.PostgresPersistence}
 * keeps one deployment's store in one schema (tables described in {@code StoreSchema}), reached
 * through a HikariCP pool configured by {@link dev.slipway.persistence.postgres.PostgresOptions}.
 * The driver's and the pool's errors become {@link dev.slipway.persistence.PersistenceException}s
 * in one class, {@code PostgresErrors}.
 */
@NullMarked
package dev.slipway.persistence.postgres;

import org.jspecify.annotations.NullMarked;
