package dev.slipway.control;

/**
 * A project just created, with the {@code production} deployment created with it.
 *
 * @param project the project
 * @param production its production deployment
 */
public record CreatedProject(Project project, Deployment production) {}
