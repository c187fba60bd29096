package dev.slipway.control;

import java.time.Instant;

/**
 * A project: one app, with its {@code production} deployment and any number of dev, preview and
 * custom deployments.
 *
 * @param team the team's slug
 * @param slug the project's name, unique in its team (1–40 lowercase letters, digits and {@code -})
 * @param creator who created it
 * @param createdAt when
 */
public record Project(String team, String slug, String creator, Instant createdAt) {}
