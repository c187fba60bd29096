package dev.slipway.database.subscription;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The active subscriptions one invalidation found; allocates nothing until the first one. */
final class Hits<T> {
    private @Nullable Set<Subscription<T>> found;

    void add(Subscription<T> subscription) {
        if (!subscription.isActive()) {
            return;
        }
        Set<Subscription<T>> set = found;
        if (set == null) {
            set = new HashSet<>();
            found = set;
        }
        set.add(subscription);
    }

    Set<Subscription<T>> result() {
        Set<Subscription<T>> set = found;
        return set == null ? Set.of() : Collections.unmodifiableSet(set);
    }
}
