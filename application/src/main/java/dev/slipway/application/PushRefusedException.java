package dev.slipway.application;

import dev.slipway.value.SlipwayException;

/**
 * A push refused by a gate. Nothing changed; the {@link #report()} is the complete report of every
 * gate. {@link #code()} names the gate that refused: {@link #SCHEMA_VALIDATION_FAILED} when existing
 * documents do not match the pushed schema (gate 1, which nothing overrides; per table, field path,
 * expected validator and type found, the number of offending documents and some of their ids), else
 * {@link #BREAKING_CHANGES} when the function API or pending scheduled jobs break (gates 2 and 3;
 * {@link PushRequest#allowBreaking()} lets such a push through).
 */
public final class PushRefusedException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** The code of a push refused because existing documents fail the new schema. */
    public static final String SCHEMA_VALIDATION_FAILED = "SchemaValidationFailed";

    /** The code of a push refused because it breaks callers of the function API or pending jobs. */
    public static final String BREAKING_CHANGES = "BreakingChanges";

    @SuppressWarnings("serial") // records of values; exceptions are not serialized here
    private final PushReport report;

    PushRefusedException(String code, String message, PushReport report) {
        super(code, message);
        this.report = report;
    }

    /** What the push found, with the violations. */
    public PushReport report() {
        return report;
    }
}
