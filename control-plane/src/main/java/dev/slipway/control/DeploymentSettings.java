package dev.slipway.control;

/**
 * How a deployment treats its clients and its admins; the defaults depend on the type.
 *
 * @param logsToClients whether function log lines are sent to clients (dev only by default, as in
 *     Convex: a developer sees their {@code console.log} in the browser)
 * @param errorDetailsToClients whether clients get full error messages; when false they get only
 *     {@code ConvexError} data and a message with the request id (dev only by default)
 * @param editConfirmation whether the dashboard asks before editing data (production only by default)
 */
public record DeploymentSettings(boolean logsToClients, boolean errorDetailsToClients, boolean editConfirmation) {

    /** The defaults of a deployment of {@code type}. */
    public static DeploymentSettings defaultsFor(DeploymentType type) {
        return switch (type) {
            case DEV -> new DeploymentSettings(true, true, false);
            case PROD -> new DeploymentSettings(false, false, true);
            case PREVIEW, CUSTOM -> new DeploymentSettings(false, false, false);
        };
    }
}
