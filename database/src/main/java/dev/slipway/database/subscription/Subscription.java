package dev.slipway.database.subscription;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A read set registered in a {@link SubscriptionIndex} on behalf of a caller's token (a query
 * subscription, a cached query result). Identity matters: two registrations of equal tokens are two
 * subscriptions. It is active from registration until it is unregistered.
 *
 * @param <T> the caller's token type
 */
public final class Subscription<T> {
    private final SubscriptionIndex<T> index;
    private final T token;
    private final ReadSet readSet;
    private final AtomicBoolean active = new AtomicBoolean(true);

    Subscription(SubscriptionIndex<T> index, T token, ReadSet readSet) {
        this.index = index;
        this.token = token;
        this.readSet = readSet;
    }

    public T token() {
        return token;
    }

    public ReadSet readSet() {
        return readSet;
    }

    /** Whether it is still registered: false once {@link SubscriptionIndex#unregister} has begun. */
    public boolean isActive() {
        return active.get();
    }

    SubscriptionIndex<T> index() {
        return index;
    }

    /** Marks it inactive; true for the one caller that did. */
    boolean deactivate() {
        return active.compareAndSet(true, false);
    }

    @Override
    public String toString() {
        return "Subscription[" + token + (isActive() ? "" : ", inactive") + "]";
    }
}
