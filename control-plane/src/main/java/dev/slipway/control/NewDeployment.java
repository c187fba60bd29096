package dev.slipway.control;

import java.util.Optional;

/**
 * A request to create a deployment ({@code slipway deployment create REF --type T [--expiration E]}).
 *
 * @param team the team's slug
 * @param project the project's slug
 * @param type the deployment's type, which must suit the reference (see {@link References#check})
 * @param reference its reference in the project
 * @param expiration when it expires, as the user wrote it ({@link Expirations#parse}); previews
 *     without one expire after their team plan's preview lifetime
 */
public record NewDeployment(
        String team, String project, DeploymentType type, String reference, Optional<String> expiration) {

    /** A request without an expiration. */
    public static NewDeployment of(String team, String project, DeploymentType type, String reference) {
        return new NewDeployment(team, project, type, reference, Optional.empty());
    }

    /** This request, expiring as {@code expiration} says ("in 7 days", an ISO date or date-time). */
    public NewDeployment expiring(String expiration) {
        return new NewDeployment(team, project, type, reference, Optional.of(expiration));
    }
}
