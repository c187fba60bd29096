package dev.slipway.server;

import dev.slipway.database.Database;
import dev.slipway.database.Subscriptions;
import dev.slipway.database.subscription.ReadSet;
import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.Dependency;
import dev.slipway.sync.Subscription;
import java.util.Optional;

/**
 * What one query run depends on: the database keys it read at {@code readTs} (when it got as far as
 * reading) and the code version that ran it. A commit into the read set or a code push invalidates
 * it.
 */
record ReadDependency(Database db, Optional<ReadSet> readSet, Timestamp readTs, CodeWatch code, long generation)
        implements Dependency {

    @Override
    public Subscription subscribe(Runnable invalidated) {
        Subscription onPush = code.onChange(generation, invalidated);
        if (readSet.isEmpty()) {
            return onPush;
        }
        Subscriptions.Handle onCommit = db.subscribe(readSet.get(), readTs, ts -> invalidated.run());
        return () -> {
            onCommit.close();
            onPush.cancel();
        };
    }

    @Override
    public boolean unchangedThrough(Timestamp ts) {
        return code.generation() == generation
                && readSet.map(r -> db.unchangedThrough(r, readTs, ts)).orElse(true);
    }
}
