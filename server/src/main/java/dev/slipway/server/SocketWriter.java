package dev.slipway.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.sync.SessionOutput;
import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outgoing side of one WebSocket: frames are queued by whoever produces them (the sync session
 * sends with its lock held and must not block) and written, in order, by one virtual thread.
 *
 * <p>Implementation notes. Helidon's {@link WsSession#send} is not thread-safe (one send buffer per
 * connection), so every write, including protocol pings, happens on the writer thread under {@code
 * lock}; {@link #stop()} takes the same lock, so once it returns nothing more is written (the
 * connection's reader thread then answers the client's close itself). A write that fails means the
 * peer is gone: the writer stops and calls {@code onDead}, as it does after writing a close frame
 * (the first close wins; frames after it are dropped). A client that reads too slowly to keep its
 * queue under {@link #MAX_QUEUED_CHARS} is disconnected rather than allowed to fill the heap.
 */
final class SocketWriter implements SessionOutput {
    private static final System.Logger LOG = System.getLogger(SocketWriter.class.getName());
    /** Text waiting to be written to one socket, in UTF-16 chars, before the socket is dropped. */
    static final long MAX_QUEUED_CHARS = 64L * 1024 * 1024;

    private sealed interface Frame {}

    private record Text(String text) implements Frame {}

    private record Ping() implements Frame {}

    private record Close(int code, String reason) implements Frame {}

    private final WsSession ws;
    private final Runnable onDead;
    private final LinkedBlockingQueue<Frame> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread thread;

    @GuardedBy("lock")
    private boolean stopped;

    SocketWriter(WsSession ws, Runnable onDead) {
        this.ws = ws;
        this.onDead = onDead;
        this.thread = Thread.ofVirtual().name("slipway-ws-writer").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    @Override
    public void send(String text) {
        if (closing.get()) {
            return;
        }
        if (queuedChars.addAndGet(text.length()) > MAX_QUEUED_CHARS) {
            LOG.log(System.Logger.Level.WARNING, "dropping a WebSocket client that does not read its messages");
            queue.clear();
            close(1011, "ClientTooSlow");
            return;
        }
        queue.add(new Text(text));
    }

    @Override
    public void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            queue.add(new Close(code, reason));
        }
    }

    /** Queues a protocol ping frame (the client answers with a pong, which keeps the connection alive). */
    void ping() {
        queue.add(new Ping());
    }

    /** Stops writing; returns once no write is in progress. Idempotent. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
        } finally {
            lock.unlock();
        }
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                Frame frame = queue.take();
                if (!write(frame)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes one frame; false when the writer is done: stopped, a close frame written (the socket is
     * over for the session, whether or not the client answers it), or the peer gone. Either of the
     * last two calls {@code onDead}.
     */
    private boolean write(Frame frame) {
        lock.lock();
        try {
            if (stopped) {
                return false;
            }
            switch (frame) {
                case Text t -> {
                    ws.send(t.text(), true);
                    queuedChars.addAndGet(-t.text().length());
                    return true;
                }
                case Ping p -> {
                    ws.ping(BufferData.empty());
                    return true;
                }
                case Close c -> {
                    stopped = true;
                    ws.close(c.code(), c.reason());
                }
            }
        } catch (RuntimeException e) {
            stopped = true;
            LOG.log(System.Logger.Level.DEBUG, "WebSocket write failed; the client is gone: {0}", e.toString());
        } finally {
            lock.unlock();
        }
        onDead.run();
        return false;
    }
}
