package dev.slipway.control;

import dev.slipway.value.SlipwayException;

/**
 * A control-plane operation failed; {@link #kind()} says how, so the server can map it to an HTTP
 * status, and the message names the team, project, deployment, credential or argument concerned.
 */
public final class ControlPlaneException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure, each with its stable error code. */
    public enum Kind {
        /** A malformed argument: a bad slug, reference, expiration or name (HTTP 400). */
        INVALID_ARGUMENT("InvalidArgument"),
        /** No valid credential: unknown, malformed or revoked (HTTP 401). */
        UNAUTHENTICATED("Unauthenticated"),
        /** The credential is valid but the rule table denies the request (HTTP 403). */
        FORBIDDEN("Forbidden"),
        /** The named team, project, member, deployment or credential does not exist (HTTP 404). */
        NOT_FOUND("NotFound"),
        /** The slug, reference, member or name is taken (HTTP 409). */
        ALREADY_EXISTS("AlreadyExists"),
        /** The request is valid but the state forbids it, such as removing a team's last admin (HTTP 409). */
        FAILED_PRECONDITION("FailedPrecondition"),
        /** A team reached its plan's deployment limit (HTTP 429 or 403). */
        LIMIT_REACHED("LimitReached"),
        /** Concurrent changes kept the transaction from committing even after retries; retryable (HTTP 503). */
        CONFLICT("Conflict"),
        /** The store was written by a newer Slipway whose schema this code does not know (fatal at start). */
        INCOMPATIBLE_STORE("IncompatibleStore");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The stable code, as {@link SlipwayException#code()} returns it. */
        public String code() {
            return code;
        }
    }

    private final Kind kind;

    public ControlPlaneException(Kind kind, String message) {
        super(kind.code(), message);
        this.kind = kind;
    }

    public ControlPlaneException(Kind kind, String message, Throwable cause) {
        super(kind.code(), message, cause);
        this.kind = kind;
    }

    /** How the operation failed. */
    public Kind kind() {
        return kind;
    }

    static ControlPlaneException invalid(String message) {
        return new ControlPlaneException(Kind.INVALID_ARGUMENT, message);
    }

    static ControlPlaneException notFound(String message) {
        return new ControlPlaneException(Kind.NOT_FOUND, message);
    }

    static ControlPlaneException alreadyExists(String message) {
        return new ControlPlaneException(Kind.ALREADY_EXISTS, message);
    }

    static ControlPlaneException failedPrecondition(String message) {
        return new ControlPlaneException(Kind.FAILED_PRECONDITION, message);
    }

    static ControlPlaneException unauthenticated(String message) {
        return new ControlPlaneException(Kind.UNAUTHENTICATED, message);
    }
}
