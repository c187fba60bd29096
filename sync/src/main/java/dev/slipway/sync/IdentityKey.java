package dev.slipway.sync;

import org.jspecify.annotations.Nullable;

/** A map key that compares the object it holds by identity, for the maps of shared runs and futures. */
record IdentityKey(Object ref) {
    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof IdentityKey k && k.ref == ref;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(ref);
    }
}
