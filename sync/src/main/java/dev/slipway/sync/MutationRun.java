package dev.slipway.sync;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.Outcome;
import java.util.Optional;

/**
 * A finished mutation.
 *
 * @param commitTs when it committed: present exactly when it succeeded (a mutation that wrote nothing
 *     reports its snapshot timestamp)
 */
public record MutationRun(Outcome outcome, Optional<Timestamp> commitTs) {
    public MutationRun {
        if ((outcome instanceof Outcome.Success) != commitTs.isPresent()) {
            throw new IllegalArgumentException("a mutation run has a commit timestamp exactly when it succeeded");
        }
    }

    /** A committed mutation. */
    public static MutationRun committed(Outcome.Success outcome, Timestamp commitTs) {
        return new MutationRun(outcome, Optional.of(commitTs));
    }

    /** A failed mutation (nothing committed). */
    public static MutationRun failed(Outcome.Failure outcome) {
        return new MutationRun(outcome, Optional.empty());
    }
}
