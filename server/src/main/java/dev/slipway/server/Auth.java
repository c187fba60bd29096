package dev.slipway.server;

import dev.slipway.application.FunctionCall.Caller;
import dev.slipway.control.Action;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who makes an HTTP request to a deployment, from its {@code Authorization: Convex <credential>}
 * header (or, without one, an {@code adminKey} query parameter). Two kinds of credential make an
 * admin, who may run internal functions and use the admin API:
 *
 * <ul>
 *   <li>the deployment's own admin key, checked here;
 *   <li>a control-plane credential (prefixed {@code sw_}: the owner token, a member token, a deploy
 *       key or a deployment token), decided by the control plane's rule table through the
 *       deployment's {@link ControlGate}, for the {@link Action} of the request: the admin endpoint
 *       ({@link ControlPlaneHost#adminAction}; a push with {@code "dryRun": true} is {@link
 *       Action#PUSH_DRY_RUN}), or {@link Action#RUN_FUNCTION} for a call through the function API. It
 *       is checked on every request, so a revoked credential fails at once.
 * </ul>
 *
 * No credential makes a client. User JWTs ({@code Bearer}) are refused until authentication
 * providers land.
 */
final class Auth {
    private Auth() {}

    /**
     * The caller of a function API request: a client, or an admin (who may run {@link
     * Action#RUN_FUNCTION}).
     *
     * @throws ApiException 401 naming what is wrong with the credential, 403 when the control plane's
     *     rule table refuses it
     */
    static Caller caller(ApiRequest request, Deployment deployment) {
        Optional<String> credential = credential(request);
        if (credential.isEmpty()) {
            return Caller.CLIENT;
        }
        admin(credential.get(), deployment, () -> Action.RUN_FUNCTION);
        return Caller.ADMIN;
    }

    /**
     * Requires an admin for an admin-only route of {@code /d/<deployment>/admin/...}: the deployment's
     * admin key, or a control-plane credential allowed the route's action.
     *
     * @param what the operation in words, for the message when there is no credential
     * @throws ApiException 401 (no credential, a wrong key, an unknown or revoked credential), 403 (the
     *     rule table says no)
     */
    static void requireAdmin(ApiRequest request, Deployment deployment, String what) {
        String credential = credential(request)
                .orElseThrow(() -> ApiException.unauthorized(
                        "MissingAdminKey",
                        what + " needs an admin credential: send \"Authorization: Convex <key>\" with the"
                                + " deployment's admin key, a deploy key or deployment token, or a member token"));
        admin(credential, deployment, () -> adminAction(request));
    }

    /** The credential of the request, if it has one. */
    private static Optional<String> credential(ApiRequest request) {
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty()) {
            return request.queryParam("adminKey").map(String::strip);
        }
        String value = header.get().strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("convex ")) {
            return Optional.of(value.substring("convex ".length()).strip());
        }
        if (lower.startsWith("bearer ")) {
            throw ApiException.unauthorized("NoAuthProvider", DeploymentSyncBackend.NO_AUTH);
        }
        throw ApiException.unauthorized(
                "InvalidAuthHeader",
                "The Authorization header must be \"Convex <admin key>\" or \"Bearer <token>\", got a value starting"
                        + " with \"" + value.substring(0, Math.min(value.length(), 8)) + "\"");
    }

    /** Checks that {@code credential} makes an admin of {@code deployment} for the action. */
    private static void admin(String credential, Deployment deployment, Supplier<Action> action) {
        if (ControlPlaneHost.isControlCredential(credential)) {
            deployment.controlGate().authorize(credential, deployment.name(), action.get());
            return;
        }
        if (credential.indexOf(':') >= 0) {
            throw ApiException.unauthorized(
                    "ActingAsUserNotSupported",
                    "An admin key acting as a user (\"Convex <key>:<identity>\") is not supported yet");
        }
        if (!deployment.adminKey().matches(credential)) {
            throw ApiException.unauthorized(
                    "BadAdminKey", "The provided admin key is not valid for deployment " + deployment.name());
        }
    }

    /**
     * The action of an admin request, from its method and endpoint ({@code /d/<dep>/admin/<endpoint>}),
     * and for a push from its {@code dryRun} flag.
     *
     * @throws ApiException 403 for an endpoint the rule table has no action for (so no credential but
     *     the admin key reaches it)
     */
    static Action adminAction(ApiRequest request) {
        String path = request.rawPath();
        int at = path.indexOf("/admin/");
        String endpoint = at < 0 ? "" : path.substring(at + "/admin/".length());
        Action action = ControlPlaneHost.adminAction(request.method(), endpoint)
                .orElseThrow(() -> new ApiException(
                        403,
                        "Forbidden",
                        "The admin endpoint " + request.method() + " /admin/" + endpoint
                                + " takes the deployment's admin key: the control plane's rule table has no action for"
                                + " it"));
        if (action == Action.PUSH && dryRun(request)) {
            return Action.PUSH_DRY_RUN;
        }
        return action;
    }

    /** Whether a push body asks for a dry run; a body that is not JSON is left to the push to refuse. */
    private static boolean dryRun(ApiRequest request) {
        try {
            return JsonIn.parse(request.bodyText(), "the push body")
                    .raw("dryRun")
                    .map(String::strip)
                    .filter("true"::equals)
                    .isPresent();
        } catch (ApiException notJson) {
            return false; // a malformed body is refused by the push itself, with the push's message
        }
    }
}
