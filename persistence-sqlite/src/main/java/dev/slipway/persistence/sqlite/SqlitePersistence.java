package dev.slipway.persistence.sqlite;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentCursor;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.RetentionResult;
import dev.slipway.persistence.RevisionKey;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Persistence} on one SQLite file per deployment, in WAL mode.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Connections: one read-write connection ({@link SingleWriter}) that takes writes in turn,
 *       each batch one {@code BEGIN IMMEDIATE} transaction; and a pool of read-only connections
 *       ({@link ReaderPool}) whose reads run concurrently with the writer and with each other, each
 *       call in one read transaction, that is on one WAL snapshot.
 *   <li>Durability: {@code synchronous=FULL} (the default) fsyncs the WAL before a commit returns;
 *       {@code NORMAL} only at checkpoints. SQLite's atomic commit makes each batch all or nothing.
 *   <li>Opening: an existing file is first inspected through a read-only connection ({@link
 *       StoreFormat#inspect}); a damaged, foreign or too new file is rejected before anything (even
 *       the switch to WAL) can change a byte of it. Only an empty file or a current store is then
 *       opened read-write; an empty one gets the tables, inside a write transaction that inspects it
 *       again, so two processes creating the same store do not collide.
 *   <li>Closing: readers first, then the writer, which as the last connection checkpoints the WAL
 *       into the main file and removes the {@code -wal} and {@code -shm} files.
 *   <li>Errors: every SQLite failure is mapped by {@link SqliteErrors}; messages name the file.
 * </ul>
 */
public final class SqlitePersistence implements Persistence {
    private static final System.Logger LOG = System.getLogger(SqlitePersistence.class.getName());

    /** The size in bytes a WAL file is truncated to after a checkpoint. */
    static final long WAL_SIZE_LIMIT = 64L << 20;

    /** The files SQLite keeps next to the database file. */
    private static final List<String> SIDE_FILES = List.of("-wal", "-shm", "-journal");

    private final Path file;
    private final String store;
    private final SqliteOptions options;
    private final SingleWriter writer;
    private final ReaderPool readers;
    private final Reads reads;
    private final Writes writes;
    private final Retention retention;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqlitePersistence(Path file, SqliteOptions options, SingleWriter writer, ReaderPool readers) {
        this.file = file;
        this.store = file.toString();
        this.options = options;
        this.writer = writer;
        this.readers = readers;
        this.reads = new Reads(store, readers);
        this.writes = new Writes(store, writer);
        this.retention = new Retention(writer);
    }

    /**
     * Opens the store in {@code file}, creating the file (and its missing parent directories) with
     * an empty store if it does not exist.
     *
     * @throws dev.slipway.persistence.PersistenceException {@code StoreCorrupt} if the file is not a
     *     readable SQLite database, {@code StoreForeign} if it is a SQLite database but not a Slipway
     *     store, {@code StoreTooNew} if a newer Slipway wrote it (in these three cases the file is left
     *     byte for byte as it was), {@code StoreFailure} if the location cannot be written
     */
    public static SqlitePersistence open(Path file, SqliteOptions options) {
        Path path = file.toAbsolutePath().normalize();
        String store = path.toString();
        prepareLocation(path, store);
        if (Files.exists(path)) {
            checkExisting(path, store, options);
        }
        SqliteSession session = openWriter(path, store, options);
        try {
            ReaderPool readers = ReaderPool.open(path, store, options);
            LOG.log(System.Logger.Level.DEBUG, "opened SQLite store {0} ({1})", store, options);
            return new SqlitePersistence(
                    path, options, new SingleWriter(store, options.busyTimeout(), session), readers);
        } catch (SQLException e) {
            closeAfterFailure(session, e);
            throw SqliteErrors.map(store, "opening reader connections", e);
        }
    }

    /** Opens the store in {@code file} with {@link SqliteOptions#defaults()}. */
    public static SqlitePersistence open(Path file) {
        return open(file, SqliteOptions.defaults());
    }

    /** The database file (absolute). */
    public Path file() {
        return file;
    }

    /** The options this store was opened with. */
    public SqliteOptions options() {
        return options;
    }

    @Override
    public String describe() {
        return store;
    }

    @Override
    public void write(List<DocumentLogEntry> documents, List<IndexEntry> indexEntries, ConflictStrategy conflict) {
        writes.write(List.copyOf(documents), List.copyOf(indexEntries), conflict);
    }

    @Override
    public Optional<DocumentLogEntry> get(DocumentId id, Timestamp readTs) {
        return reads.get(id, readTs);
    }

    @Override
    public IndexPage scan(IndexId index, KeyRange range, Timestamp readTs, Order order, int limit) {
        requirePositive(limit);
        return reads.scan(index, range, readTs, order, limit);
    }

    @Override
    public List<DocumentLogEntry> loadDocuments(
            Timestamp fromInclusive, Timestamp toExclusive, Optional<DocumentCursor> after, int limit) {
        requirePositive(limit);
        return reads.loadDocuments(fromInclusive, toExclusive, after, limit);
    }

    @Override
    public Map<RevisionKey, DocumentLogEntry> previousRevisions(Collection<RevisionKey> keys) {
        return reads.previousRevisions(List.copyOf(keys));
    }

    @Override
    public Optional<Timestamp> maxTimestamp() {
        return reads.maxTimestamp();
    }

    @Override
    public Optional<String> global(String key) {
        return reads.global(key);
    }

    @Override
    public void writeGlobal(String key, String value) {
        writes.writeGlobal(key, value);
    }

    @Override
    public RetentionResult deleteShadowedRevisions(Timestamp cutoff, int limit) {
        requirePositive(limit);
        return retention.deleteShadowedRevisions(cutoff, limit);
    }

    /** Closes the store, then deletes its file and SQLite's side files. */
    @Override
    public void drop() {
        if (!closeOnce()) {
            throw SqliteErrors.closed(store);
        }
        for (Path path : storeFiles()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw SqliteErrors.io(store, "deleting " + path, e);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "dropped SQLite store {0}", store);
    }

    @Override
    public void close() {
        closeOnce();
    }

    @Override
    public String toString() {
        return "SqlitePersistence[" + store + "]";
    }

    /** The value of {@code PRAGMA name} on the writer connection, for tests and diagnostics. */
    String writerPragma(String name) {
        return writer.withSession(
                () -> "reading PRAGMA " + name,
                s -> s.queryText("PRAGMA " + name).orElse(""));
    }

    private boolean closeOnce() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        readers.close();
        writer.close();
        return true;
    }

    private List<Path> storeFiles() {
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(file),
                        SIDE_FILES.stream().map(suffix -> file.resolveSibling(file.getFileName() + suffix)))
                .toList();
    }

    // ---------------------------------------------------------------- opening

    /** Creates missing parent directories; rejects locations that cannot hold a store. */
    private static void prepareLocation(Path path, String store) {
        if (store.indexOf('?') >= 0) {
            throw SqliteErrors.unusableLocation(store, "its path contains '?', which a SQLite JDBC URL cannot hold");
        }
        if (Files.isDirectory(path)) {
            throw SqliteErrors.unusableLocation(store, "it is a directory, not a file");
        }
        Path parent = path.getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw SqliteErrors.io(store, "creating its directory " + parent, e);
        }
        if (parent != null && !Files.exists(path) && !Files.isWritable(parent)) {
            throw SqliteErrors.unusableLocation(store, "its directory " + parent + " is not writable");
        }
    }

    /** Inspects an existing file read-only; throws unless it is empty or a current store. */
    private static void checkExisting(Path path, String store, SqliteOptions options) {
        StoreFormat.State state;
        try (SqliteSession session = SqliteSession.openForInspection(path, options)) {
            state = StoreFormat.inspect(session);
        } catch (SQLException e) {
            throw SqliteErrors.map(store, "reading the file's header and schema", e);
        }
        rejectUnusable(store, state);
    }

    private static void rejectUnusable(String store, StoreFormat.State state) {
        switch (state) {
            case StoreFormat.State.Empty empty -> {}
            case StoreFormat.State.Current current -> {}
            case StoreFormat.State.TooNew tooNew ->
                throw SqliteErrors.tooNew(store, tooNew.version(), StoreFormat.VERSION);
            case StoreFormat.State.Damaged damaged -> throw SqliteErrors.corrupt(store, damaged.detail());
            case StoreFormat.State.Foreign foreign -> throw SqliteErrors.foreign(store, foreign.found());
        }
    }

    /** Opens the read-write connection, switches to WAL, and creates the tables in an empty file. */
    private static SqliteSession openWriter(Path path, String store, SqliteOptions options) {
        SqliteSession session;
        try {
            session = SqliteSession.openReadWrite(path, options);
        } catch (SQLException e) {
            throw SqliteErrors.map(store, "opening the file for writing", e);
        }
        try {
            configure(session, store, options);
            session.inTransaction("BEGIN IMMEDIATE", s -> {
                StoreFormat.State state = StoreFormat.inspect(s);
                rejectUnusable(store, state);
                if (state instanceof StoreFormat.State.Empty) {
                    StoreFormat.create(s);
                }
                return true;
            });
            return session;
        } catch (SQLException e) {
            closeAfterFailure(session, e);
            throw SqliteErrors.map(store, "preparing the store", e);
        } catch (RuntimeException e) {
            closeAfterFailure(session, e);
            throw e;
        }
    }

    private static void configure(SqliteSession session, String store, SqliteOptions options) throws SQLException {
        String mode = session.queryText("PRAGMA journal_mode = WAL").orElse("");
        if (!mode.equalsIgnoreCase("wal")) {
            throw SqliteErrors.unusableLocation(
                    store, "SQLite could not switch it to WAL mode (journal_mode is " + mode + ")");
        }
        session.execute("PRAGMA synchronous = " + options.synchronous().name().toLowerCase(Locale.ROOT));
        // After a checkpoint, shrink a WAL that grew large (a burst of writes during long reads) back to this.
        session.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
    }

    private static void closeAfterFailure(SqliteSession session, Exception failure) {
        try {
            session.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void requirePositive(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a limit is positive, got " + limit);
        }
    }
}
