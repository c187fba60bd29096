package dev.slipway.isolate;

/** The kinds of registered Convex functions, read from their {@code isQuery}/... flags. */
public enum FunctionKind {
    QUERY("Query"),
    MUTATION("Mutation"),
    ACTION("Action"),
    HTTP_ACTION("HttpAction");

    private final String displayName;

    FunctionKind(String displayName) {
        this.displayName = displayName;
    }

    /** The name Convex uses in messages: {@code Query}, {@code Mutation}, {@code Action}, {@code HttpAction}. */
    public String displayName() {
        return displayName;
    }

    /** Whether functions of this kind must be deterministic (seeded randomness, frozen time, no I/O). */
    public boolean deterministic() {
        return this == QUERY || this == MUTATION;
    }
}
