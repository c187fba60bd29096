package dev.slipway.control;

import java.time.Instant;
import java.util.Optional;

/**
 * A deployment: an isolated backend (its own store, code, environment variables and admin surface)
 * of a project.
 *
 * @param name its globally unique, readable name, such as {@code brave-otter-123}: lowercase
 *     letters, digits and {@code -}; it names the deployment in URLs ({@code /d/<name>}) and never
 *     changes. A deleted deployment's name is never given out again.
 * @param team the team's slug
 * @param project the project's slug
 * @param type what it is for
 * @param reference its name within the project: {@code production}, {@code dev/<member>}, {@code
 *     preview/<branch>} or another valid reference (see {@link References})
 * @param creator who created it (a member name, {@code owner}, or a deploy key's description)
 * @param createdAt when
 * @param expiresAt when the sweeper deletes it, if ever
 * @param settings client and dashboard behaviour
 * @param state whether it is in use or being deleted
 */
public record Deployment(
        String name,
        String team,
        String project,
        DeploymentType type,
        String reference,
        String creator,
        Instant createdAt,
        Optional<Instant> expiresAt,
        DeploymentSettings settings,
        DeploymentState state) {

    /** Whether it has expired at {@code now} (an expiry at exactly {@code now} has). */
    public boolean isExpiredAt(Instant now) {
        return expiresAt.filter(at -> !at.isAfter(now)).isPresent();
    }

    /** "brave-otter-123 (preview/x of acme/app)", for messages and logs. */
    public String describe() {
        return name + " (" + reference + " of " + team + "/" + project + ")";
    }
}
