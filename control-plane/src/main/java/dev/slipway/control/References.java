package dev.slipway.control;

import java.util.regex.Pattern;

/**
 * Deployment references: a deployment's name within its project, as people and CLI flags use it.
 *
 * <p>A reference is 3–100 characters of {@code [A-Za-z0-9/-]}, neither starting nor ending with
 * {@code /} and without {@code //}. Its form and the deployment's type go together, so that the
 * reference alone says what a deployment is (and the rule table can trust it): {@code production}
 * is the one {@link DeploymentType#PROD} deployment of a project; {@code dev/...} references are
 * {@link DeploymentType#DEV}, {@code dev/<member>} being the member's own; {@code preview/<branch>}
 * references are {@link DeploymentType#PREVIEW}; every other valid reference is {@link
 * DeploymentType#CUSTOM}.
 */
public final class References {
    /** The reference of a project's production deployment. */
    public static final String PRODUCTION = "production";
    /** The prefix of dev deployments' references. */
    public static final String DEV_PREFIX = "dev/";
    /** The prefix of preview deployments' references. */
    public static final String PREVIEW_PREFIX = "preview/";

    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 100;

    private static final Pattern CHARS = Pattern.compile("[A-Za-z0-9/-]+");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9/-]+");

    private References() {}

    /** {@code dev/<member>}, the member's own dev deployment. */
    public static String dev(String member) {
        Identifiers.checkSlug("member name", member);
        return DEV_PREFIX + member;
    }

    /**
     * {@code preview/<branch>} for a branch name that is already a valid reference part.
     *
     * @throws ControlPlaneException {@code InvalidArgument} naming the branch and the rule
     */
    public static String preview(String branch) {
        String reference = PREVIEW_PREFIX + branch;
        check(reference);
        return reference;
    }

    /**
     * {@code preview/<branch>} for any git branch name, as CI variables give it: characters outside
     * {@code [A-Za-z0-9/-]} become {@code -} ({@code feature_x} gives {@code preview/feature-x}),
     * and the result is cut to the reference length limit.
     *
     * @throws ControlPlaneException {@code InvalidArgument} when nothing usable is left
     */
    public static String previewForBranch(String branch) {
        String cleaned = NOT_ALLOWED.matcher(branch).replaceAll("-").replaceAll("/{2,}", "/");
        cleaned = trim(cleaned);
        if (cleaned.length() > MAX_LENGTH - PREVIEW_PREFIX.length()) {
            cleaned = trim(cleaned.substring(0, MAX_LENGTH - PREVIEW_PREFIX.length()));
        }
        if (cleaned.isEmpty()) {
            throw ControlPlaneException.invalid("Branch name \"" + branch
                    + "\" gives no preview reference: it has no letters or digits; name the preview explicitly");
        }
        return preview(cleaned);
    }

    /**
     * Checks the reference's characters and length.
     *
     * @throws ControlPlaneException {@code InvalidArgument} naming the reference and what is wrong
     */
    public static void check(String reference) {
        String problem = null;
        if (reference.length() < MIN_LENGTH || reference.length() > MAX_LENGTH) {
            problem = "it has " + reference.length() + " characters, not " + MIN_LENGTH + "-" + MAX_LENGTH;
        } else if (!CHARS.matcher(reference).matches()) {
            problem = "only letters, digits, '-' and '/' are allowed";
        } else if (reference.startsWith("/") || reference.endsWith("/") || reference.contains("//")) {
            problem = "it may not start or end with '/' or contain '//'";
        }
        if (problem != null) {
            throw ControlPlaneException.invalid("Invalid deployment reference \"" + reference + "\": " + problem);
        }
    }

    /**
     * Checks the reference and that it suits a deployment of {@code type}.
     *
     * @throws ControlPlaneException {@code InvalidArgument} naming the reference, the type and the rule
     */
    public static void check(DeploymentType type, String reference) {
        check(reference);
        DeploymentType implied = typeOf(reference);
        if (implied != type) {
            String rule = switch (implied) {
                case PROD -> "\"production\" is the project's prod deployment and only that";
                case DEV -> "references starting with dev/ are for dev deployments";
                case PREVIEW -> "references starting with preview/ are for preview deployments";
                case CUSTOM ->
                    switch (type) {
                        case PROD -> "a prod deployment's reference is \"production\"";
                        case DEV -> "a dev deployment's reference starts with dev/ (dev/<member>)";
                        case PREVIEW -> "a preview deployment's reference starts with preview/ (preview/<branch>)";
                        case CUSTOM -> throw new AssertionError("unreachable");
                    };
            };
            throw ControlPlaneException.invalid("Deployment reference \"" + reference + "\" does not suit type "
                    + type.wireName() + ": " + rule + " (use --type " + implied.wireName() + ")");
        }
    }

    /** The type a valid {@code reference} implies. */
    static DeploymentType typeOf(String reference) {
        if (reference.equals(PRODUCTION)) {
            return DeploymentType.PROD;
        } else if (reference.startsWith(DEV_PREFIX)) {
            return DeploymentType.DEV;
        } else if (reference.startsWith(PREVIEW_PREFIX)) {
            return DeploymentType.PREVIEW;
        }
        return DeploymentType.CUSTOM;
    }

    /** Whether {@code reference} is in {@code member}'s dev namespace: {@code dev/<member>} or below it. */
    static boolean isDevOf(String member, String reference) {
        String own = DEV_PREFIX + member;
        return reference.equals(own) || reference.startsWith(own + "/");
    }

    private static String trim(String part) {
        int start = 0;
        int end = part.length();
        while (start < end && (part.charAt(start) == '-' || part.charAt(start) == '/')) {
            start++;
        }
        while (end > start && (part.charAt(end - 1) == '-' || part.charAt(end - 1) == '/')) {
            end--;
        }
        return part.substring(start, end);
    }
}
