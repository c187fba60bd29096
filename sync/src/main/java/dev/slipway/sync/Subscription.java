package dev.slipway.sync;

/** A registration that can be cancelled; cancelling twice, or after it fired, does nothing. */
@FunctionalInterface
public interface Subscription {
    void cancel();
}
