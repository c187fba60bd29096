package dev.slipway.control;

/**
 * Where a deployment is in its life. Deleting is two-phase: the record is marked {@code deleting}
 * (so nothing new uses it) before the server deletes its data, and removed after; a deletion that
 * failed half-way stays {@code deleting} and the next sweep finishes it.
 */
public enum DeploymentState {
    ACTIVE("active"),
    DELETING("deleting");

    private final String wireName;

    DeploymentState(String wireName) {
        this.wireName = wireName;
    }

    /** The state's name as stored and as the API spells it. */
    public String wireName() {
        return wireName;
    }

    static DeploymentState parse(String name) {
        for (DeploymentState state : values()) {
            if (state.wireName.equals(name)) {
                return state;
            }
        }
        throw new IllegalStateException("unknown deployment state \"" + name + "\" in the control-plane store");
    }
}
