package dev.slipway.control;

/** A member's role in a team: an {@code admin} manages the team and its production; a {@code member} develops. */
public enum Role {
    ADMIN("admin"),
    MEMBER("member");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** The role's name as stored and as the API spells it. */
    public String wireName() {
        return wireName;
    }

    /**
     * The role named {@code name}.
     *
     * @throws ControlPlaneException {@code InvalidArgument}
     */
    public static Role parse(String name) {
        for (Role role : values()) {
            if (role.wireName.equals(name)) {
                return role;
            }
        }
        throw ControlPlaneException.invalid("Unknown role \"" + name + "\": use admin or member");
    }
}
