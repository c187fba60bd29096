package dev.slipway.server;

import dev.slipway.application.FunctionCall.Caller;
import java.util.Locale;
import java.util.Optional;

/**
 * Who makes an HTTP request, from its {@code Authorization} header (or, without one, an {@code
 * adminKey} query parameter): the deployment's admin key ({@code Convex <key>}) makes an admin, who
 * may run internal functions and push code; no credentials make a client. User JWTs ({@code Bearer})
 * are refused until authentication providers land.
 */
final class Auth {
    private Auth() {}

    /** The caller, or a 401 naming what is wrong with the credentials. */
    static Caller caller(ApiRequest request, Deployment deployment) {
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty()) {
            return request.queryParam("adminKey")
                    .map(key -> admin(key, deployment))
                    .orElse(Caller.CLIENT);
        }
        String value = header.get().strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("convex ")) {
            return admin(value.substring("convex ".length()), deployment);
        }
        if (lower.startsWith("bearer ")) {
            throw ApiException.unauthorized("NoAuthProvider", DeploymentSyncBackend.NO_AUTH);
        }
        throw ApiException.unauthorized(
                "InvalidAuthHeader",
                "The Authorization header must be \"Convex <admin key>\" or \"Bearer <token>\", got a value starting"
                        + " with \"" + value.substring(0, Math.min(value.length(), 8)) + "\"");
    }

    /** Requires the admin key for an admin-only route. */
    static void requireAdmin(ApiRequest request, Deployment deployment, String what) {
        if (caller(request, deployment) != Caller.ADMIN) {
            throw ApiException.unauthorized(
                    "MissingAdminKey",
                    what + " needs the deployment's admin key: send \"Authorization: Convex <key>\" with the key from"
                            + " admin.key in the server's data directory");
        }
    }

    private static Caller admin(String credential, Deployment deployment) {
        String key = credential.strip();
        int colon = key.indexOf(':');
        if (colon >= 0) {
            throw ApiException.unauthorized(
                    "ActingAsUserNotSupported",
                    "An admin key acting as a user (\"Convex <key>:<identity>\") is not supported yet");
        }
        if (!deployment.adminKey().matches(key)) {
            throw ApiException.unauthorized(
                    "BadAdminKey", "The provided admin key is not valid for deployment " + deployment.name());
        }
        return Caller.ADMIN;
    }
}
