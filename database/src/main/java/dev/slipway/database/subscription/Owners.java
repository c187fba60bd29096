package dev.slipway.database.subscription;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The subscriptions that read one interval of one index: a non-empty set, kept compact for the
 * common case of a single owner. Not thread-safe; guarded by its {@link IndexSubscriptions}' lock.
 */
final class Owners<T> {
    private Subscription<T> first;
    private @Nullable Set<Subscription<T>> rest;

    Owners(Subscription<T> first) {
        this.first = first;
    }

    void add(Subscription<T> subscription) {
        if (subscription == first) {
            return;
        }
        Set<Subscription<T>> more = rest;
        if (more == null) {
            more = new HashSet<>();
            rest = more;
        }
        more.add(subscription);
    }

    /** Removes {@code subscription}; true if it was the last owner, and then this set must be dropped. */
    boolean remove(Subscription<T> subscription) {
        Set<Subscription<T>> more = rest;
        if (subscription != first) {
            if (more != null) {
                more.remove(subscription);
            }
            return false;
        }
        if (more == null || more.isEmpty()) {
            return true;
        }
        Iterator<Subscription<T>> it = more.iterator();
        first = it.next();
        it.remove();
        return false;
    }

    void collectInto(Hits<T> hits) {
        hits.add(first);
        Set<Subscription<T>> more = rest;
        if (more != null) {
            for (Subscription<T> subscription : more) {
                hits.add(subscription);
            }
        }
    }
}
