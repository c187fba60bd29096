package dev.slipway.sync;

/**
 * Where a session's frames go: the socket, as the server implements it.
 *
 * <p>Both methods are called with the session's lock held, in the order the frames must reach the
 * client, so they must not block: a server queues the frame and returns.
 */
public interface SessionOutput {
    /** Sends one text frame. */
    void send(String text);

    /**
     * Closes the socket with a WebSocket close code (1000 normal, 1011 internal error, 1013 try again)
     * and a short reason ({@code InternalServerError}, ...), at most 123 bytes of UTF-8. Nothing is sent
     * after it.
     */
    void close(int code, String reason);
}
