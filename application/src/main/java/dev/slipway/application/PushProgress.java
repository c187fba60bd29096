package dev.slipway.application;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a running push is ({@link PushListener}, {@link Application#pushProgress()}).
 *
 * @param versionId the version being pushed
 * @param phase the current phase
 * @param target what the phase works on: the table being validated, {@code table.index} being
 *     backfilled
 * @param step the target's place among the phase's targets, from 1 (0 when the phase has none)
 * @param steps how many targets the phase has
 * @param documents documents validated or indexed so far in the target (0 where it means nothing)
 * @param startedAtMillis when the push started (wall clock, ms)
 */
public record PushProgress(
        String versionId,
        Phase phase,
        Optional<String> target,
        int step,
        int steps,
        long documents,
        long startedAtMillis) {

    public PushProgress {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(target, "target");
    }

    /** The phases of a push, in order; a dry run ends after {@link #VALIDATING}. */
    public enum Phase {
        /** Loading and analyzing the modules, and diffing them against the current version. */
        ANALYZING,
        /** Gate 1: existing documents against the new schema. */
        VALIDATING,
        /** Storing the version's modules in the deployment's database. */
        WRITING_MODULES,
        /** Creating new indexes and waiting for their backfill. */
        BACKFILLING,
        /** The one transaction that makes the version, its schema and its indexes current. */
        SWITCHING,
        /** Dropping the indexes the new schema no longer declares. */
        DROPPING;

        /** The lower-case name the HTTP API uses ({@code writing_modules}). */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A phase without a target. */
    static PushProgress of(String versionId, Phase phase, long startedAtMillis) {
        return new PushProgress(versionId, phase, Optional.empty(), 0, 0, 0, startedAtMillis);
    }

    /** One line for people: {@code validating table messages (1/2): 1500 documents checked}. */
    public String message() {
        String where = target.map(t -> " " + t + (steps > 0 ? " (" + step + "/" + steps + ")" : ""))
                .orElse("");
        return switch (phase) {
            case ANALYZING -> "analyzing the modules";
            case VALIDATING -> "validating table" + where + ": " + documents + " documents checked";
            case WRITING_MODULES -> "storing the modules of version " + versionId;
            case BACKFILLING -> "backfilling index" + where + ": " + documents + " documents indexed";
            case SWITCHING -> "switching to version " + versionId;
            case DROPPING -> "dropping removed indexes";
        };
    }
}
