package dev.slipway.server;

import dev.slipway.control.Action;
import dev.slipway.control.DeploymentSettings;
import dev.slipway.control.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where a deployment's admin surface sends the control plane's credentials (owner token, member
 * tokens, deploy keys, deployment tokens): {@link Auth} asks it whether a credential may do an
 * {@link Action} on a deployment, and it asks the server's {@link ControlPlaneHost}, whose rule
 * table decides.
 *
 * <p>One gate per server, shared by its deployments. It exists before the control plane because
 * the two need each other at start: the control plane's reconcile opens deployments, and the
 * deployments hold the gate. {@link SlipwayServer#start} binds it once the control plane has started
 * and before the server listens, so no request ever finds it unbound; if one did (a bug), the
 * credential is refused with a 503 rather than let through.
 */
final class ControlGate {
    /**
     * What a deployment outside the control plane (the legacy {@code default}) shows its clients: log
     * lines and error details, as before the control plane existed.
     */
    static final DeploymentSettings UNMANAGED = new DeploymentSettings(true, true, false);

    private volatile @Nullable ControlPlaneHost control;
    /** Settings by deployment name: they cannot change while a deployment exists, and names are never reused. */
    private final Map<String, DeploymentSettings> settings = new ConcurrentHashMap<>();

    /** Connects the gate to the server's control plane; once. */
    void bind(ControlPlaneHost host) {
        if (control != null) {
            throw new IllegalStateException("the control gate is already bound");
        }
        control = host;
    }

    /**
     * Whether {@code credential} may do {@code action} on deployment {@code deployment}; see {@link
     * ControlPlaneHost#authorizeAdmin}.
     *
     * @return the principal the credential stands for
     * @throws ApiException 401, 403 or 404 as {@link ControlPlaneHost#authorizeAdmin} says; 503 while the
     *     control plane is not started
     */
    Principal authorize(String credential, String deployment, Action action) {
        return host().authorizeAdmin(credential, deployment, action);
    }

    /**
     * What deployment {@code deployment} shows its clients ({@link ClientView}): its control-plane
     * settings, or {@link #UNMANAGED}.
     *
     * @throws ApiException 503 while the control plane is not started
     */
    DeploymentSettings settings(String deployment) {
        ControlPlaneHost host = host();
        return settings.computeIfAbsent(deployment, name -> host.settings(name).orElse(UNMANAGED));
    }

    /** The bound control plane; 503 while it is not started. */
    private ControlPlaneHost host() {
        ControlPlaneHost host = control;
        if (host == null) {
            throw new ApiException(
                    503,
                    "ControlPlaneUnavailable",
                    "The control plane of this server is not started yet; retry in a moment");
        }
        return host;
    }
}
