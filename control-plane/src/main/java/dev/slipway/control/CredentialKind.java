package dev.slipway.control;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of credential, each with the prefix that makes it recognizable (docs/ADMIN-API.md).
 * Secrets are the prefix followed by 52 base32 characters (256 random bits).
 */
public enum CredentialKind {
    /** The instance owner's token, created by the first start; reaches everything. */
    OWNER("sw_owner_", "owner", "owner token"),
    /** A member's login token; reaches what the member's team roles allow. */
    MEMBER("sw_member_", "member", "member token"),
    /** A project's production deploy key; reaches the project's {@code production} deployment. */
    PROD_DEPLOY_KEY("sw_prod_", "prod", "production deploy key"),
    /** A project's preview deploy key; reaches (and creates) the project's {@code preview/*} deployments. */
    PREVIEW_DEPLOY_KEY("sw_preview_", "preview", "preview deploy key"),
    /** A deployment token; reaches one deployment. */
    DEPLOYMENT_TOKEN("sw_dep_", "deployment", "deployment token");

    private final String prefix;
    private final String wireName;
    private final String description;

    CredentialKind(String prefix, String wireName, String description) {
        this.prefix = prefix;
        this.wireName = wireName;
        this.description = description;
    }

    /** The prefix of this kind's secrets, such as {@code sw_member_}. */
    public String prefix() {
        return prefix;
    }

    /** The kind's name as stored and as the API spells it. */
    public String wireName() {
        return wireName;
    }

    /** The kind in words, for messages ("preview deploy key"). */
    public String description() {
        return description;
    }

    /** The kind whose prefix {@code secret} starts with, if any. */
    public static Optional<CredentialKind> ofSecret(String secret) {
        return Arrays.stream(values()).filter(k -> secret.startsWith(k.prefix)).findFirst();
    }

    static CredentialKind parse(String name) {
        for (CredentialKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalStateException("unknown credential kind \"" + name + "\" in the control-plane store");
    }
}
