package dev.slipway.sync;

import dev.slipway.persistence.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * A reconnecting client's {@code maxObservedTimestamp} that the deployment has not reached yet: no
 * result may be served below it, so updates wait until {@code latest()} reaches it, up to a deadline.
 * Not thread-safe: the session calls it with its lock held.
 */
final class ObservedTimestamp {
    /** What the session may do now. */
    enum Check {
        /** No floor, or it has been reached: serve. */
        READY,
        /** Below the floor: wait and look again. */
        WAIT,
        /** Below the floor past the deadline: give up (close, the client retries). */
        GIVE_UP
    }

    private Optional<Timestamp> floor = Optional.empty();
    private Instant deadline = Instant.MAX;
    private boolean recheckScheduled;

    /** The client has seen {@code observed}; the deployment is at {@code latest}. */
    void require(Timestamp observed, Timestamp latest, Instant deadline) {
        if (latest.compareTo(observed) < 0) {
            this.floor = Optional.of(observed);
            this.deadline = deadline;
        }
    }

    Check check(Timestamp latest, Instant now) {
        if (floor.isEmpty()) {
            return Check.READY;
        }
        if (latest.compareTo(floor.get()) >= 0) {
            floor = Optional.empty();
            return Check.READY;
        }
        return now.isBefore(deadline) ? Check.WAIT : Check.GIVE_UP;
    }

    Optional<Timestamp> floor() {
        return floor;
    }

    /** Whether the caller should schedule a recheck (none is pending); marks one pending. */
    boolean scheduleRecheck() {
        if (recheckScheduled) {
            return false;
        }
        recheckScheduled = true;
        return true;
    }

    void rechecked() {
        recheckScheduled = false;
    }
}
