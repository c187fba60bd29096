package dev.slipway.control;

/**
 * What a deployment is for. The type and the reference go together (see {@link References}): {@code
 * prod} is the project's {@code production}, {@code dev} deployments are {@code dev/...}, previews
 * are {@code preview/<branch>}, and {@code custom} ones take any other valid reference.
 */
public enum DeploymentType {
    PROD("prod"),
    DEV("dev"),
    PREVIEW("preview"),
    CUSTOM("custom");

    private final String wireName;

    DeploymentType(String wireName) {
        this.wireName = wireName;
    }

    /** The type's name as stored and as the API spells it. */
    public String wireName() {
        return wireName;
    }

    /**
     * The type named {@code name}.
     *
     * @throws ControlPlaneException {@code InvalidArgument}
     */
    public static DeploymentType parse(String name) {
        for (DeploymentType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw ControlPlaneException.invalid(
                "Unknown deployment type \"" + name + "\": use prod, dev, preview or custom");
    }
}
