package dev.slipway.sync;

import dev.slipway.persistence.Timestamp;

/** The dependency on nothing ({@link Dependency#none()}): never invalidated. */
enum NoDependency implements Dependency {
    INSTANCE;

    @Override
    public Subscription subscribe(Runnable invalidated) {
        return () -> {};
    }

    @Override
    public boolean unchangedThrough(Timestamp ts) {
        return true;
    }
}
