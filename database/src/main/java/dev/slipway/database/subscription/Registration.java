package dev.slipway.database.subscription;

/**
 * What {@link SubscriptionIndex#registerAt} did with a read set taken at a timestamp.
 *
 * @param <T> the caller's token type
 */
public sealed interface Registration<T> {
    /** Registered, and no commit since the read timestamp touched it: later commits will report it. */
    record Active<T>(Subscription<T> subscription) implements Registration<T> {}

    /**
     * Not registered: a commit since the read timestamp wrote a key it read, or the read timestamp is
     * older than the write log remembers. The query must run again at a newer timestamp.
     */
    record Stale<T>(Conflict reason) implements Registration<T> {}
}
