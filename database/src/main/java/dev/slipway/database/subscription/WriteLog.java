package dev.slipway.database.subscription;

import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Timestamp;
import java.util.Optional;

/**
 * The recent commits in timestamp order, each with the index keys it wrote: what OCC validation and
 * the subscription index check read sets against.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Contents.</b> The log holds every commit with a timestamp after {@link #horizon()}. It is
 * created empty with the horizon at the latest committed timestamp; {@link #append} adds commits in
 * strictly increasing timestamp order, and {@link #trimBefore} forgets commits older than the OCC
 * window, raising the horizon. A read set taken at snapshot {@code s} can be validated iff {@code s
 * >= horizon()}; otherwise {@link #conflict} answers {@link Conflict.SnapshotTooOld}, which callers
 * treat like a conflict (retry or re-run).
 *
 * <p><b>Cost.</b> {@link #conflict} binary-searches the first commit after the snapshot, then tests
 * each key written since against the read set's intervals of the same index by binary search: time
 * O(log log-length + keys written after the snapshot × log intervals), independent of how much of
 * the log is older than the snapshot and of the read set's other indexes.
 *
 * <p><b>Concurrency.</b> One writer, any number of readers, and readers never lock (H2 MVStore's
 * immutable roots). Only the committer thread may call {@link #append} and {@link #trimBefore};
 * {@link #conflict} and the other readers may run on any thread. The state readers see is one
 * immutable {@link View} (array, head, tail, horizon) published through a volatile field. The
 * entries array is shared between views, but the writer only ever stores into slots at or after the
 * tail of every published view and publishes the new view afterwards, so a reader never sees a slot
 * change; trimming only moves the head. When the array is full the writer copies the live entries
 * into a new array (twice as large as they need), so appends are amortized O(1) and trimmed entries
 * are released at the next copy. The committer appends a commit before it invalidates subscriptions,
 * which is what makes {@link SubscriptionIndex#registerAt} complete (see there).
 *
 * <p><b>Failure modes.</b> An append out of timestamp order is a bug in the caller and fails with
 * {@link IllegalArgumentException}, leaving the log unchanged.
 */
public final class WriteLog {
    private static final int INITIAL_CAPACITY = 64;

    /** One commit. */
    private record Entry(long ts, CommitKeys keys) {}

    /**
     * What readers see: the live entries are {@code entries[head, tail)}, in timestamp order, and they
     * are every commit after {@code horizon}.
     */
    private record View(Entry[] entries, int head, int tail, long horizon) {}

    /** Written only by the committer thread; read by any thread. */
    private volatile View view;

    private WriteLog(Timestamp horizon) {
        this.view = new View(new Entry[INITIAL_CAPACITY], 0, 0, horizon.nanos());
    }

    /** An empty log that will receive every commit after {@code latestCommitted}. */
    public static WriteLog startingAfter(Timestamp latestCommitted) {
        return new WriteLog(latestCommitted);
    }

    /**
     * Appends the commit at {@code ts}, which must be later than every commit already appended and
     * than the horizon. Committer thread only.
     */
    public void append(Timestamp ts, CommitKeys keys) {
        View v = view;
        long last = v.tail > v.head ? v.entries[v.tail - 1].ts : v.horizon;
        if (ts.nanos() <= last) {
            throw new IllegalArgumentException("write log append at " + ts.nanos() + " is not after " + last);
        }
        Entry[] entries = v.entries;
        int head = v.head;
        int tail = v.tail;
        if (tail == entries.length) {
            int live = tail - head;
            Entry[] grown = new Entry[Math.max(INITIAL_CAPACITY, live * 2)];
            System.arraycopy(entries, head, grown, 0, live);
            entries = grown;
            head = 0;
            tail = live;
        }
        entries[tail] = new Entry(ts.nanos(), keys);
        view = new View(entries, head, tail + 1, v.horizon);
    }

    /**
     * Forgets the commits before {@code windowStart}. Afterwards snapshots from {@code windowStart -
     * 1} on can still be validated (such a snapshot saw everything before {@code windowStart}, and
     * every commit after it is kept); older ones get {@link Conflict.SnapshotTooOld}. The horizon
     * never passes {@link #latest()}, so a snapshot at the latest commit stays valid however quiet the
     * deployment has been, and it never moves back. Committer thread only.
     */
    public void trimBefore(Timestamp windowStart) {
        View v = view;
        long latest = v.tail > v.head ? v.entries[v.tail - 1].ts : v.horizon;
        long horizon = Math.max(v.horizon, Math.min(windowStart.nanos() - 1, latest));
        if (horizon == v.horizon) {
            return;
        }
        int head = firstAfter(v, horizon);
        view = new View(v.entries, head, v.tail, horizon);
    }

    /**
     * The first commit after {@code snapshotTs} that wrote a key in {@code readSet}, naming the index
     * and the key; {@link Conflict.SnapshotTooOld} when the log cannot tell because the snapshot is
     * older than the horizon; empty when the read set is still valid. Commits at or before the
     * snapshot are ignored. Any thread.
     */
    public Optional<Conflict> conflict(ReadSet readSet, Timestamp snapshotTs) {
        View v = view;
        if (snapshotTs.nanos() < v.horizon) {
            return Optional.of(new Conflict.SnapshotTooOld(snapshotTs, Timestamp.of(v.horizon)));
        }
        if (readSet.isEmpty()) {
            return Optional.empty();
        }
        for (int i = firstAfter(v, snapshotTs.nanos()); i < v.tail; i++) {
            Entry entry = v.entries[i];
            Optional<Conflict> found = firstWritten(readSet, entry);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Conflict> firstWritten(ReadSet readSet, Entry entry) {
        CommitKeys keys = entry.keys;
        for (int i = 0; i < keys.indexCount(); i++) {
            IndexId index = keys.index(i);
            KeyIntervals intervals = readSet.intervals(index);
            if (intervals == null) {
                continue;
            }
            for (IndexKey key : keys.keysAt(i)) {
                if (intervals.contains(key)) {
                    return Optional.of(new Conflict.KeyWritten(Timestamp.of(entry.ts), index, key));
                }
            }
        }
        return Optional.empty();
    }

    /** Position in {@code v} of the first entry with a timestamp after {@code ts} ({@code v.tail} if none). */
    private static int firstAfter(View v, long ts) {
        int low = v.head;
        int high = v.tail - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (v.entries[mid].ts <= ts) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** The oldest snapshot that can still be validated: the log holds every commit after it. */
    public Timestamp horizon() {
        return Timestamp.of(view.horizon);
    }

    /** The timestamp of the newest commit appended, or the horizon when the log is empty. */
    public Timestamp latest() {
        View v = view;
        return Timestamp.of(v.tail > v.head ? v.entries[v.tail - 1].ts : v.horizon);
    }

    /** The number of commits held. */
    public int size() {
        View v = view;
        return v.tail - v.head;
    }
}
