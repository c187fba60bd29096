package dev.slipway.database.subscription;

import dev.slipway.persistence.IndexKey;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The key intervals of one index that subscriptions read, for stabbing queries: which intervals
 * contain a key.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>A treap (a binary search tree that is also a max-heap on random priorities, hence balanced in
 * expectation) of distinct intervals ordered by (start, end), each node holding the set of
 * subscriptions that read exactly that interval. Every node is augmented with the greatest end in its
 * subtree ({@code maxEnd}, null for unbounded), kept up to date on every insertion, deletion and
 * rotation.
 *
 * <p>A stab for key {@code q} prunes every subtree whose {@code maxEnd <= q} and never descends right
 * of a node that starts after {@code q}. At a node that starts at or before {@code q}, every interval
 * in its left subtree starts at or before {@code q} too, so entering that subtree (its maxEnd is after
 * {@code q}) always finds at least one hit. Hence a stab that finds nothing follows one root-to-leaf
 * path, O(log n) expected, and one that finds k intervals visits the union of the paths to them, at
 * most O(log n + k log(n / k)); the owners of each hit are then listed in O(1) each.
 *
 * <p>A stab that finds nothing is bound by memory latency: one node per level. So a node holds its
 * bounds as raw byte arrays together with their first 8 bytes packed into a {@code long} (zero-padded,
 * compared unsigned). When two packed prefixes differ they decide the order, because a zero-padded
 * difference means one key is a proper prefix of the other; only when they are equal are the arrays
 * compared. Index keys begin with the encoded indexed values, so the prefix usually decides, and a
 * level costs one cache miss instead of five (node, key object, its array, for start and maxEnd).
 *
 * <p>Not thread-safe: guarded by the lock of its {@link IndexSubscriptions}. Expected depth is
 * O(log n), so the recursion is shallow.
 */
final class IntervalTreap<T> {
    private static final class Node<T> {
        final byte[] start;
        final long startPrefix;
        /** Exclusive end; null when unbounded. */
        final byte @Nullable [] end;

        final long endPrefix;
        final int priority;
        final Owners<T> owners;
        /** Greatest end in this subtree; null when any is unbounded. */
        byte @Nullable [] maxEnd;

        long maxEndPrefix;

        @Nullable
        Node<T> left;

        @Nullable
        Node<T> right;

        Node(byte[] start, byte @Nullable [] end, int priority, Subscription<T> owner) {
            this.start = start;
            this.startPrefix = prefix(start);
            this.end = end;
            this.endPrefix = end == null ? -1 : prefix(end);
            this.priority = priority;
            this.owners = new Owners<>(owner);
            this.maxEnd = end;
            this.maxEndPrefix = endPrefix;
        }
    }

    private final SplittableRandom random;
    private @Nullable Node<T> root;
    private int size;

    IntervalTreap(SplittableRandom random) {
        this.random = random;
    }

    /** The number of distinct intervals. */
    int size() {
        return size;
    }

    /** Adds {@code subscription} as an owner of {@code [start, end)} (end null for unbounded). */
    void insert(IndexKey start, @Nullable IndexKey end, Subscription<T> subscription) {
        root = insert(root, new Bounds(start, end), subscription);
    }

    /** Removes {@code subscription} from the owners of {@code [start, end)}, and the interval once it has none. */
    void remove(IndexKey start, @Nullable IndexKey end, Subscription<T> subscription) {
        root = remove(root, new Bounds(start, end), subscription);
    }

    /** Adds the owners of every interval containing {@code key} to {@code hits}. */
    void stab(IndexKey key, Hits<T> hits) {
        byte[] bytes = key.bytes();
        stab(root, bytes, prefix(bytes), hits);
    }

    /** An interval being inserted or removed, in the node's representation. */
    private record Bounds(byte[] start, long startPrefix, byte @Nullable [] end, long endPrefix) {
        Bounds(IndexKey start, @Nullable IndexKey end) {
            this(start.bytes(), end == null ? null : end.bytes());
        }

        private Bounds(byte[] start, byte @Nullable [] end) {
            this(start, prefix(start), end, end == null ? -1 : prefix(end));
        }

        int compareTo(Node<?> node) {
            int c = compare(start, startPrefix, node.start, node.startPrefix);
            return c != 0 ? c : compareEnds(end, endPrefix, node.end, node.endPrefix);
        }
    }

    private Node<T> insert(@Nullable Node<T> node, Bounds bounds, Subscription<T> owner) {
        if (node == null) {
            size++;
            return new Node<>(bounds.start, bounds.end, random.nextInt(), owner);
        }
        int c = bounds.compareTo(node);
        if (c == 0) {
            node.owners.add(owner);
            return node;
        }
        if (c < 0) {
            Node<T> left = insert(node.left, bounds, owner);
            node.left = left;
            if (left.priority > node.priority) {
                return rotateRight(node, left);
            }
        } else {
            Node<T> right = insert(node.right, bounds, owner);
            node.right = right;
            if (right.priority > node.priority) {
                return rotateLeft(node, right);
            }
        }
        update(node);
        return node;
    }

    private @Nullable Node<T> remove(@Nullable Node<T> node, Bounds bounds, Subscription<T> owner) {
        if (node == null) {
            return null;
        }
        int c = bounds.compareTo(node);
        if (c < 0) {
            node.left = remove(node.left, bounds, owner);
        } else if (c > 0) {
            node.right = remove(node.right, bounds, owner);
        } else if (node.owners.remove(owner)) {
            size--;
            return join(node.left, node.right);
        } else {
            return node;
        }
        update(node);
        return node;
    }

    /** Joins two treaps where every interval of {@code a} precedes every interval of {@code b}. */
    private static <T> @Nullable Node<T> join(@Nullable Node<T> a, @Nullable Node<T> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.priority > b.priority) {
            a.right = join(a.right, b);
            update(a);
            return a;
        }
        b.left = join(a, b.left);
        update(b);
        return b;
    }

    private static <T> void stab(@Nullable Node<T> subtree, byte[] key, long keyPrefix, Hits<T> hits) {
        Node<T> node = subtree;
        while (node != null && endsAfter(node.maxEnd, node.maxEndPrefix, key, keyPrefix)) {
            if (compare(node.start, node.startPrefix, key, keyPrefix) > 0) {
                node = node.left; // everything to the right starts after key too
                continue;
            }
            stab(node.left, key, keyPrefix, hits); // all start at or before key: a hit if maxEnd allows
            if (endsAfter(node.end, node.endPrefix, key, keyPrefix)) {
                node.owners.collectInto(hits);
            }
            node = node.right;
        }
    }

    /** Lifts {@code left} above {@code node}. */
    private static <T> Node<T> rotateRight(Node<T> node, Node<T> left) {
        node.left = left.right;
        left.right = node;
        update(node);
        update(left);
        return left;
    }

    /** Lifts {@code right} above {@code node}. */
    private static <T> Node<T> rotateLeft(Node<T> node, Node<T> right) {
        node.right = right.left;
        right.left = node;
        update(node);
        update(right);
        return right;
    }

    private static <T> void update(Node<T> node) {
        node.maxEnd = node.end;
        node.maxEndPrefix = node.endPrefix;
        raiseMaxEnd(node, node.left);
        raiseMaxEnd(node, node.right);
    }

    private static <T> void raiseMaxEnd(Node<T> node, @Nullable Node<T> child) {
        if (child != null && compareEnds(child.maxEnd, child.maxEndPrefix, node.maxEnd, node.maxEndPrefix) > 0) {
            node.maxEnd = child.maxEnd;
            node.maxEndPrefix = child.maxEndPrefix;
        }
    }

    /** The first 8 bytes of {@code key}, zero-padded, as an unsigned big-endian number. */
    static long prefix(byte[] key) {
        long prefix = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            prefix = (prefix << 8) | (i < key.length ? key[i] & 0xFF : 0);
        }
        return prefix;
    }

    /** Unsigned lexicographic order, shorter first, decided by the prefixes when they differ. */
    static int compare(byte[] a, long aPrefix, byte[] b, long bPrefix) {
        int c = Long.compareUnsigned(aPrefix, bPrefix);
        return c != 0 ? c : Arrays.compareUnsigned(a, b);
    }

    /** Compares exclusive ends, where null (unbounded) is greater than every key. */
    private static int compareEnds(byte @Nullable [] a, long aPrefix, byte @Nullable [] b, long bPrefix) {
        if (a == null) {
            return b == null ? 0 : 1;
        }
        return b == null ? -1 : compare(a, aPrefix, b, bPrefix);
    }

    /** Whether an interval ending at {@code end} (exclusive, null for unbounded) contains keys after {@code key}. */
    private static boolean endsAfter(byte @Nullable [] end, long endPrefix, byte[] key, long keyPrefix) {
        return end == null || compare(key, keyPrefix, end, endPrefix) < 0;
    }
}
