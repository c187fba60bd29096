package dev.slipway.control;

import java.time.Instant;

/**
 * A team: the unit of membership, of the deployment limit and of isolation (no credential of one
 * team reaches another team's projects).
 *
 * @param slug the team's unique name (1–40 lowercase letters, digits and {@code -})
 * @param plan its deployment limit and preview lifetime
 * @param creator who created it (a member name, {@code owner} for the owner)
 * @param createdAt when
 */
public record Team(String slug, Plan plan, String creator, Instant createdAt) {}
