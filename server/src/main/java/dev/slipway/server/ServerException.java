package dev.slipway.server;

import dev.slipway.value.SlipwayException;

/** The server cannot start or serve as configured; the message says what to change. */
public final class ServerException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** A setting is invalid (port, URL, sizes). */
    public static final String BAD_CONFIG = "BadServerConfig";
    /** The data directory holds something the server cannot use. */
    public static final String BAD_DATA_DIR = "BadDataDirectory";
    /** A deployment name that cannot be used. */
    public static final String BAD_DEPLOYMENT_NAME = "BadDeploymentName";
    /** A deployment of that name exists already. */
    public static final String DEPLOYMENT_EXISTS = "DeploymentExists";
    /** No deployment of that name exists. */
    public static final String DEPLOYMENT_NOT_FOUND = "DeploymentNotFound";
    /** The control plane manages that deployment: it is deleted through the control API. */
    public static final String DEPLOYMENT_MANAGED = "DeploymentManaged";
    /** The port cannot be bound. */
    public static final String PORT_UNAVAILABLE = "PortUnavailable";

    public ServerException(String code, String message) {
        super(code, message);
    }

    public ServerException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
