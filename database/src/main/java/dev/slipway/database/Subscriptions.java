package dev.slipway.database;

import dev.slipway.database.subscription.CommitKeys;
import dev.slipway.database.subscription.Conflict;
import dev.slipway.database.subscription.ReadSet;
import dev.slipway.database.subscription.Registration;
import dev.slipway.database.subscription.Subscription;
import dev.slipway.database.subscription.SubscriptionIndex;
import dev.slipway.database.subscription.WriteLog;
import dev.slipway.persistence.Timestamp;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The database's side of reactivity: one-shot invalidation subscriptions on read sets. A caller runs
 * a query in a transaction, then subscribes with the transaction's {@link Transaction#readSet()} and
 * {@link Transaction#snapshotTs()}; the listener is told, once, the timestamp of the first commit
 * after that snapshot that wrote a key in the read set. The caller then re-runs the query (at a
 * snapshot that includes that commit) and subscribes again with the new read set.
 *
 * <h2>Implementation notes</h2>
 *
 * <ul>
 *   <li><b>No missed commit.</b> {@link #subscribe} uses {@link SubscriptionIndex#registerAt} with the
 *       committer's {@link WriteLog}, and the committer appends a commit to the log before it calls
 *       {@link #invalidate} for it. So a commit after {@code readTs} that touches the read set is
 *       either found in the log at registration (the subscription is stale: the listener is notified
 *       at once) or reports the subscription when it is invalidated. A {@code readTs} older than the
 *       log's horizon is also stale; the listener then gets the latest logged timestamp.
 *   <li><b>Exactly once.</b> Both paths (and {@link Handle#close}) race for the handle's one-shot flag;
 *       only the winner notifies, so a listener is called at most once, and never after {@code close}
 *       returned (unless it was already running or handed to the executor).
 *   <li><b>Threads.</b> {@link #invalidate} runs on the committer thread: it only looks up the index,
 *       unregisters and hands each notification to the injected executor ({@link
 *       DatabaseOptions#notificationExecutor()}), so a slow listener never delays commits. A listener
 *       that throws, or an executor that rejects, is logged and affects nobody else.
 * </ul>
 */
public final class Subscriptions {
    private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());

    /** Told the timestamp of the commit that invalidated a subscribed read set. */
    @FunctionalInterface
    public interface Listener {
        void invalidated(Timestamp commitTs);
    }

    private final SubscriptionIndex<Handle> index = SubscriptionIndex.create();
    private final WriteLog writeLog;
    private final Executor executor;

    Subscriptions(WriteLog writeLog, Executor executor) {
        this.writeLog = writeLog;
        this.executor = executor;
    }

    /**
     * Subscribes {@code listener} to the first commit after {@code readTs} that writes a key in {@code
     * readSet}. When such a commit already happened (or {@code readTs} is older than the write log
     * remembers), the listener is notified at once, through the executor, and the returned handle is
     * already inactive. Any thread.
     */
    public Handle subscribe(ReadSet readSet, Timestamp readTs, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        Handle handle = new Handle(listener);
        switch (index.registerAt(handle, readSet, readTs, writeLog)) {
            case Registration.Active<Handle>(Subscription<Handle> subscription) -> handle.attach(subscription);
            case Registration.Stale<Handle>(Conflict reason) -> fire(handle, staleTs(reason));
        }
        return handle;
    }

    /** The number of active subscriptions. */
    public int size() {
        return index.size();
    }

    /**
     * Notifies and unregisters every subscription whose read set contains a key the commit at {@code
     * ts} wrote. Committer thread, after the commit was appended to the write log.
     */
    void invalidate(Timestamp ts, CommitKeys keys) {
        if (keys.isEmpty()) {
            return;
        }
        for (Subscription<Handle> subscription : index.invalidated(keys)) {
            index.unregister(subscription);
            fire(subscription.token(), ts);
        }
    }

    private Timestamp staleTs(Conflict reason) {
        return switch (reason) {
            case Conflict.KeyWritten(Timestamp commitTs, var idx, var key) -> commitTs;
            case Conflict.SnapshotTooOld(var snapshot, var horizon) -> writeLog.latest();
        };
    }

    private void fire(Handle handle, Timestamp ts) {
        if (!handle.finish()) {
            return;
        }
        try {
            executor.execute(() -> notify(handle.listener, ts));
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "could not hand the invalidation at " + ts.nanos() + " to the executor",
                    e);
        }
    }

    private static void notify(Listener listener, Timestamp ts) {
        try {
            listener.invalidated(ts);
        } catch (RuntimeException | Error e) { // never break the committer (a synchronous executor runs on it)
            LOG.log(
                    System.Logger.Level.WARNING,
                    "subscription listener failed on the invalidation at " + ts.nanos(),
                    e);
        }
    }

    /** One subscription: notified at most once, then inactive. */
    public final class Handle implements AutoCloseable {
        private final Listener listener;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile @Nullable Subscription<Handle> subscription;

        private Handle(Listener listener) {
            this.listener = listener;
        }

        /** Whether it may still notify: false once notified (or handed to be notified) or closed. */
        public boolean isActive() {
            return !done.get();
        }

        /** Stops notifications that have not started; idempotent. */
        @Override
        public void close() {
            done.set(true);
            Optional.ofNullable(subscription).ifPresent(index::unregister);
        }

        private void attach(Subscription<Handle> registered) {
            this.subscription = registered;
            if (done.get()) {
                index.unregister(registered); // invalidated (or closed) before it was attached
            }
        }

        /** True for the one caller that ends it by notifying. */
        private boolean finish() {
            return done.compareAndSet(false, true);
        }

        @Override
        public String toString() {
            return "Subscriptions.Handle[" + (isActive() ? "active" : "done") + "]";
        }
    }
}
