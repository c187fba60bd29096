package dev.slipway.sync;

import dev.slipway.value.SlipwayException;

/**
 * {@link SyncBackend#authenticate} refused a token. The session sends the message to the client in
 * an {@code AuthError} and closes the socket; the client fetches a fresh token and reconnects.
 */
public final class AuthenticationException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super("AuthenticationFailed", message);
    }
}
