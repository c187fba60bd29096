package dev.slipway.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.sync.SessionOutput;
import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 *
 * <p>The hand-off is the cost that every socket pays once per frame when a commit changes a query
 * ten thousand sockets watch, so it is kept small: a lock-free queue, and a writer that parks itself
 * only when the queue is empty. Before parking it raises {@code idle} and looks at the queue once
 * more; a producer adds its frame first and then unparks the writer if {@code idle} is up. Both
 * sides go through volatile accesses in that order, so a frame is never left in the queue with the
 * writer parked (a wake-up the writer did not need costs one loop turn).
 */
final class SocketWriter implements SessionOutput {
    private static final System.Logger LOG = System.getLogger(SocketWriter.class.getName());
    /** Text waiting to be written to one socket, in UTF-16 chars, before the socket is dropped. */
    static final long MAX_QUEUED_CHARS = 64L * 1024 * 1024;

    private sealed interface Frame {}

    private record Text(String text) implements Frame {}

    private record Ping() implements Frame {}

    private record Close(int code, String reason) implements Frame {}

    private static final Ping PING = new Ping();

    private final WsSession ws;
    private final Runnable onDead;
    private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread thread;
    /** The writer found the queue empty and is about to park, or is parked. */
    private volatile boolean idle;

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
        enqueue(new Text(text));
    }

    @Override
    public void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            enqueue(new Close(code, reason));
        }
    }

    /** Queues a protocol ping frame (the client answers with a pong, which keeps the connection alive). */
    void ping() {
        enqueue(PING);
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

    private void enqueue(Frame frame) {
        queue.add(frame);
        if (idle) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            Frame frame = queue.poll();
            if (frame == null) {
                idle = true;
                if (queue.isEmpty()) {
                    LockSupport.park(this);
                }
                idle = false;
            } else if (!write(frame)) {
                return;
            }
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
