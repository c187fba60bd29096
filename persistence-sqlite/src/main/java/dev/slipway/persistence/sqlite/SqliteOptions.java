package dev.slipway.persistence.sqlite;

import java.time.Duration;

/**
 * How {@link SqlitePersistence} opens its file.
 *
 * @param synchronous when a commit reaches the disk; {@link Synchronous#FULL} unless asked otherwise
 * @param readers how many read-only connections serve reads concurrently (1 to {@value #MAX_READERS})
 * @param busyTimeout how long an operation waits for a lock held by another connection, for a free
 *     reader connection or for the writer, before it fails with a retryable error
 */
public record SqliteOptions(Synchronous synchronous, int readers, Duration busyTimeout) {

    /** The most reader connections a store may have. */
    public static final int MAX_READERS = 64;

    /** The default number of reader connections. */
    public static final int DEFAULT_READERS = 4;

    /** The default busy timeout. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    /** SQLite's {@code PRAGMA synchronous} in WAL mode. */
    public enum Synchronous {
        /** Every commit is fsynced before {@code write} returns: an acknowledged batch survives power loss. */
        FULL,
        /**
         * Commits are fsynced only at checkpoints: faster, and still never corrupt, but the last
         * acknowledged batches may be lost on power loss (not on a process crash). An explicit opt-in.
         */
        NORMAL
    }

    public SqliteOptions {
        if (readers < 1 || readers > MAX_READERS) {
            throw new IllegalArgumentException("the number of SQLite reader connections must be between 1 and "
                    + MAX_READERS + ", got " + readers);
        }
        if (busyTimeout.compareTo(Duration.ofMillis(1)) < 0
                || busyTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("the SQLite busy timeout must be between 1 ms and " + Integer.MAX_VALUE
                    + " ms (whole milliseconds), got " + busyTimeout);
        }
    }

    /** {@link Synchronous#FULL}, {@value #DEFAULT_READERS} readers, a 5 second busy timeout. */
    public static SqliteOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder().synchronous(synchronous).readers(readers).busyTimeout(busyTimeout);
    }

    /** Builds {@link SqliteOptions}; every setting starts at its default. */
    public static final class Builder {
        private Synchronous synchronous = Synchronous.FULL;
        private int readers = DEFAULT_READERS;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;

        private Builder() {}

        public Builder synchronous(Synchronous synchronous) {
            this.synchronous = synchronous;
            return this;
        }

        public Builder readers(int readers) {
            this.readers = readers;
            return this;
        }

        public Builder busyTimeout(Duration busyTimeout) {
            this.busyTimeout = busyTimeout;
            return this;
        }

        /** The options; fails with {@link IllegalArgumentException} naming a setting out of range. */
        public SqliteOptions build() {
            return new SqliteOptions(synchronous, readers, busyTimeout);
        }
    }
}
