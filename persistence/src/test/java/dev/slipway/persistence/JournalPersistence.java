package dev.slipway.persistence;

import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A toy file-backed store, only so that this module can run {@link
 * AbstractPersistenceDurabilityTest} on itself: a {@link MemoryPersistence} whose batches are also
 * appended, one line each, to a journal file that is replayed on open (a torn last line is
 * ignored). It journals documents whose fields are int64s and strings, and no globals.
 */
final class JournalPersistence implements Persistence {
    private final Path file;
    private final MemoryPersistence memory;
    private final FileChannel journal;

    private JournalPersistence(Path file, MemoryPersistence memory, FileChannel journal) {
        this.file = file;
        this.memory = memory;
        this.journal = journal;
    }

    static JournalPersistence open(Path file) {
        try {
            MemoryPersistence memory = MemoryPersistence.create(file.toString());
            if (Files.exists(file)) {
                String[] lines =
                        Files.readString(file, StandardCharsets.US_ASCII).split("\n", -1);
                for (int i = 0; i < lines.length - 1; i++) { // the part after the last newline is torn or empty
                    replay(memory, lines[i]);
                }
            }
            FileChannel journal = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new JournalPersistence(file, memory, journal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String describe() {
        return "journal:" + file;
    }

    @Override
    public synchronized void write(
            List<DocumentLogEntry> documents, List<IndexEntry> indexEntries, ConflictStrategy conflict) {
        memory.write(documents, indexEntries, conflict);
        byte[] line = (Base64.getEncoder().encodeToString(encode(documents, indexEntries, conflict)) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                journal.write(buffer);
            }
            journal.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<DocumentLogEntry> get(DocumentId id, Timestamp readTs) {
        return memory.get(id, readTs);
    }

    @Override
    public IndexPage scan(IndexId index, KeyRange range, Timestamp readTs, Order order, int limit) {
        return memory.scan(index, range, readTs, order, limit);
    }

    @Override
    public List<DocumentLogEntry> loadDocuments(
            Timestamp fromInclusive, Timestamp toExclusive, Optional<DocumentCursor> after, int limit) {
        return memory.loadDocuments(fromInclusive, toExclusive, after, limit);
    }

    @Override
    public Map<RevisionKey, DocumentLogEntry> previousRevisions(Collection<RevisionKey> keys) {
        return memory.previousRevisions(keys);
    }

    @Override
    public Optional<Timestamp> maxTimestamp() {
        return memory.maxTimestamp();
    }

    @Override
    public Optional<String> global(String key) {
        throw new UnsupportedOperationException("the journal store keeps no globals");
    }

    @Override
    public void writeGlobal(String key, String value) {
        throw new UnsupportedOperationException("the journal store keeps no globals");
    }

    @Override
    public RetentionResult deleteShadowedRevisions(Timestamp cutoff, int limit) {
        throw new UnsupportedOperationException("the journal store does not collect");
    }

    @Override
    public void drop() {
        memory.drop();
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        memory.close();
        try {
            journal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void replay(MemoryPersistence memory, String line) throws IOException {
        DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(line)));
        ConflictStrategy conflict = ConflictStrategy.valueOf(in.readUTF());
        List<DocumentLogEntry> documents = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            documents.add(readDocument(in));
        }
        List<IndexEntry> entries = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            entries.add(new IndexEntry(
                    new IndexId(readInternalId(in)),
                    new IndexKey(in.readNBytes(in.readInt())),
                    Timestamp.of(in.readLong()),
                    readId(in),
                    in.readBoolean()));
        }
        memory.write(documents, entries, conflict);
    }

    private static byte[] encode(
            List<DocumentLogEntry> documents, List<IndexEntry> entries, ConflictStrategy conflict) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(conflict.name());
            out.writeInt(documents.size());
            for (DocumentLogEntry doc : documents) {
                writeDocument(out, doc);
            }
            out.writeInt(entries.size());
            for (IndexEntry entry : entries) {
                out.write(entry.indexId().id().bytes());
                out.writeInt(entry.key().bytes().length);
                out.write(entry.key().bytes());
                out.writeLong(entry.ts().nanos());
                writeId(out, entry.documentId());
                out.writeBoolean(entry.deleted());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeDocument(DataOutputStream out, DocumentLogEntry doc) throws IOException {
        writeId(out, doc.id());
        out.writeLong(doc.ts().nanos());
        out.writeLong(doc.prevTs().map(Timestamp::nanos).orElse(-1L));
        out.writeInt(doc.value().map(value -> value.fields().size()).orElse(-1));
        for (Map.Entry<String, Value> field :
                doc.value().map(value -> value.fields().entrySet()).orElse(Set.of())) {
            out.writeUTF(field.getKey());
            switch (field.getValue()) {
                case Value.Int64(long n) -> {
                    out.writeByte('i');
                    out.writeLong(n);
                }
                case Value.Str(String s) -> {
                    out.writeByte('s');
                    out.writeUTF(s);
                }
                default ->
                    throw new IllegalArgumentException(
                            "the journal store keeps int64 and string fields only, not " + field);
            }
        }
    }

    private static DocumentLogEntry readDocument(DataInputStream in) throws IOException {
        DocumentId id = readId(in);
        Timestamp ts = Timestamp.of(in.readLong());
        long prev = in.readLong();
        Optional<Timestamp> prevTs = prev < 0 ? Optional.empty() : Optional.of(Timestamp.of(prev));
        int fields = in.readInt();
        if (fields < 0) {
            return new DocumentLogEntry(id, ts, Optional.empty(), prevTs);
        }
        TreeMap<String, Value> value = new TreeMap<>();
        for (int i = 0; i < fields; i++) {
            String name = in.readUTF();
            value.put(name, in.readByte() == 'i' ? new Value.Int64(in.readLong()) : new Value.Str(in.readUTF()));
        }
        return DocumentLogEntry.live(id, ts, new Value.Obj(value), prevTs);
    }

    private static void writeId(DataOutputStream out, DocumentId id) throws IOException {
        out.writeInt(id.tableNumber());
        out.write(id.internalId().bytes());
    }

    private static DocumentId readId(DataInputStream in) throws IOException {
        int table = in.readInt();
        return new DocumentId(table, readInternalId(in));
    }

    private static InternalId readInternalId(DataInputStream in) throws IOException {
        return new InternalId(in.readNBytes(InternalId.LENGTH));
    }
}
