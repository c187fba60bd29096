package dev.slipway.control;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A team's plan: how many deployments the team may have at once (all projects and types together,
 * its production deployments included) and how long a preview deployment lives.
 *
 * <p>The limits are a guard against runaway automation (a CI job creating a preview per commit, an
 * agent per task) on one machine, not a price list: {@code starter} allows 40 deployments and
 * previews of 5 days, {@code pro} 300 and 14 days. The first team, {@code default}, is {@code pro}.
 */
public enum Plan {
    STARTER("starter", 40, Duration.ofDays(5)),
    PRO("pro", 300, Duration.ofDays(14));

    private final String wireName;
    private final int deploymentLimit;
    private final Duration previewLifetime;

    Plan(String wireName, int deploymentLimit, Duration previewLifetime) {
        this.wireName = wireName;
        this.deploymentLimit = deploymentLimit;
        this.previewLifetime = previewLifetime;
    }

    /** The plan's name as stored and as the API spells it ({@code starter}, {@code pro}). */
    public String wireName() {
        return wireName;
    }

    /** The most deployments a team on this plan may have at once. */
    public int deploymentLimit() {
        return deploymentLimit;
    }

    /** How long after its creation a preview deployment expires. */
    public Duration previewLifetime() {
        return previewLifetime;
    }

    /**
     * The plan named {@code name}.
     *
     * @throws ControlPlaneException {@code InvalidArgument} naming the known plans
     */
    public static Plan parse(String name) {
        for (Plan plan : values()) {
            if (plan.wireName.equals(name)) {
                return plan;
            }
        }
        throw ControlPlaneException.invalid("Unknown plan \"" + name + "\": use one of "
                + Arrays.stream(values()).map(Plan::wireName).collect(Collectors.joining(", ")));
    }
}
