package dev.slipway.control;

/**
 * The answer of the get-or-create operations ({@link ControlPlane#devDeploymentFor}, {@link
 * ControlPlane#ensurePreview}).
 *
 * @param deployment the deployment
 * @param created whether this call created it (a preview's {@code --preview-run} runs only then)
 */
public record EnsuredDeployment(Deployment deployment, boolean created) {}
