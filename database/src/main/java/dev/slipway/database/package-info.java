/**
 * The transactional core of a deployment's database: {@link dev.slipway.database.Database} opens a
 * {@link dev.slipway.persistence.Persistence} store (bootstrapping the system tables {@code _tables}
 * and {@code _index} on first open), hands out {@link dev.slipway.database.Transaction}s that read a
 * snapshot and see their own writes, and commits them through one committer thread with serializable
 * OCC and group commit. {@link dev.slipway.database.MutationRunner} retries conflicting mutations.
 * Subpackages hold the query language ({@code query}) and read sets, write log and subscriptions
 * ({@code subscription}).
 */
@NullMarked
package dev.slipway.database;

import org.jspecify.annotations.NullMarked;
