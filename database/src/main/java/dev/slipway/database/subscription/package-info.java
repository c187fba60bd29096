/**
 * Read sets, the write log and the subscription index: which index intervals a transaction or query
 * read, which keys each commit wrote, and, for every commit, exactly which transactions conflict and
 * which subscriptions it invalidates.
 *
 * <p>{@link dev.slipway.database.subscription.ReadSet} (normalized intervals per index) and {@link
 * dev.slipway.database.subscription.CommitKeys} (sorted keys per index) are immutable values. {@link
 * dev.slipway.database.subscription.WriteLog} is written by the committer thread only and read from
 * any thread; {@link dev.slipway.database.subscription.SubscriptionIndex} is safe on any thread. The
 * committer appends each commit to the write log before it asks the subscription index what the
 * commit invalidated; {@link dev.slipway.database.subscription.SubscriptionIndex#registerAt} relies on
 * that order.
 */
@NullMarked
package dev.slipway.database.subscription;

import org.jspecify.annotations.NullMarked;
