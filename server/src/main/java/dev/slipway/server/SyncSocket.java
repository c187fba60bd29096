package dev.slipway.server;

import dev.slipway.sync.SyncSession;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket of the sync protocol, bridging Helidon's listener calls to a {@link SyncSession}: the
 * upgrade picks the deployment from the path ({@code /d/<deployment>/api/<client version>/sync}),
 * text messages go to the session in order (fragments are joined, up to the frame limit), and the
 * session's frames go out through a {@link SocketWriter}, which also sends a protocol ping every
 * {@link ServerConfig#socketPingInterval()}. A new instance serves each connection.
 *
 * <p>Helidon calls {@code onHttpUpgrade}, then {@code onOpen}, then the message and close methods,
 * all from the connection's reader thread. The end of the socket (a close frame, an error, a failed
 * write, or server shutdown) runs {@link #finish} once.
 */
final class SyncSocket implements WsListener {
    private static final System.Logger LOG = System.getLogger(SyncSocket.class.getName());

    private final SyncEndpoint endpoint;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final StringBuilder partial = new StringBuilder();
    private volatile SyncEndpoint.@Nullable Target target;
    private volatile Optional<String> userAgent = Optional.empty();
    private volatile @Nullable SocketWriter writer;
    private volatile @Nullable SyncSession session;
    private volatile @Nullable ScheduledFuture<?> pings;

    SyncSocket(SyncEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        Optional<SyncEndpoint.Target> found = endpoint.target(prologue.uriPath().rawPath());
        if (found.isEmpty()) {
            // refused: the request falls through to HTTP routing, which explains the 404
            throw new WsUpgradeException(
                    "no sync endpoint at " + prologue.uriPath().rawPath());
        }
        target = found.get();
        userAgent = headers.first(io.helidon.http.HeaderNames.USER_AGENT);
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession ws) {
        SyncEndpoint.Target t = target;
        if (t == null) {
            ws.close(1011, "InternalServerError");
            return;
        }
        SocketWriter out = new SocketWriter(ws, this::finish);
        writer = out;
        DeploymentSyncBackend backend = new DeploymentSyncBackend(
                t.deployment(), t.pinnedVersion(), endpoint.blocking(), endpoint.metrics(), ip(ws), userAgent);
        endpoint.opened(this);
        endpoint.metrics().socketOpened();
        out.start();
        session = SyncSession.open(backend, out, endpoint.options(t.clientVersion()), endpoint.context());
        long every = endpoint.config().socketPingInterval().toNanos();
        pings = endpoint.timers().scheduleAtFixedRate(out::ping, every, every, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        SyncSession s = session;
        if (s == null) {
            return;
        }
        if (partial.length() + text.length() > endpoint.config().maxFrameBytes()) {
            partial.setLength(0);
            closeWith(1009, "MessageTooBig");
            return;
        }
        if (last && partial.isEmpty()) {
            s.onMessage(text);
            return;
        }
        partial.append(text);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            s.onMessage(message);
        }
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        closeWith(1003, "BinaryFramesNotSupported");
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        finish();
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, "sync socket error: {0}", t.toString());
        finish();
    }

    /** Whether this socket's session belongs to {@code deployment}. */
    boolean serves(Deployment deployment) {
        SyncEndpoint.Target t = target;
        return t != null && t.deployment() == deployment;
    }

    /**
     * Ends the session and queues a close frame: 1012 (service restart) when the server is stopping,
     * so the client reconnects, or 1001 when the deployment is deleted; the transport then drops the
     * connection.
     */
    void shutdown(int code, String reason) {
        SyncSession s = session;
        if (s != null) {
            s.onClose();
        }
        SocketWriter out = writer;
        if (out != null) {
            out.close(code, reason);
        }
    }

    private void closeWith(int code, String reason) {
        SocketWriter out = writer;
        if (out != null) {
            out.close(code, reason);
        }
        SyncSession s = session;
        if (s != null) {
            s.onClose();
        }
    }

    /** Ends the session and the writer, once. */
    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> p = pings;
        if (p != null) {
            p.cancel(false);
        }
        SyncSession s = session;
        if (s != null) {
            s.onClose();
        }
        SocketWriter out = writer;
        if (out != null) {
            out.stop();
            endpoint.metrics().socketClosed();
        }
        endpoint.closed(this);
    }

    private static Optional<String> ip(WsSession ws) {
        return ws.socketContext().remotePeer().address() instanceof InetSocketAddress address
                        && address.getAddress() != null
                ? Optional.of(address.getAddress().getHostAddress())
                : Optional.empty();
    }
}
