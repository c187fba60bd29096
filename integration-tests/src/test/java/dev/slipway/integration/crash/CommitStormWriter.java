package dev.slipway.integration.crash;

import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.database.MutationRunner;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.persistence.Persistence;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The child process of {@link CommitStormCrashTest}: opens the database in the store named on the
 * command line and runs {@link #THREADS} writer threads until it is killed. Each commit of thread
 * {@code t} inserts {@link #PARTS} documents {@code {thread: "t<t>", seq, part}} into table {@code
 * docs} and patches the thread's counter document (table {@code counters}) to {@code seq}; after the
 * commit returns, the child prints {@code ACK <t> <seq>} on standard output and flushes. A restarted
 * child continues every thread after its counter. On any failure it prints the stack trace on
 * standard error and exits 1.
 *
 * <p>Usage: {@code CommitStormWriter <sqlite|postgres> <file or schema>}.
 */
public final class CommitStormWriter {
    static final int THREADS = 8;
    static final int PARTS = 3;
    static final String DOCS = "docs";
    static final String COUNTERS = "counters";
    /** Index of {@code docs} on {@code (thread, seq, part)}. */
    static final String BY_TAG = "by_tag";
    /** Index of {@code counters} on {@code thread}. */
    static final String BY_THREAD = "by_thread";

    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

    private CommitStormWriter() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: CommitStormWriter <sqlite|postgres> <file or schema>");
            System.exit(2);
        }
        try (Persistence store = CrashStores.open(args[0], args[1])) {
            Database db = Database.open(store, DatabaseOptions.defaults());
            List<DocumentId> counters = counters(db);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                DocumentId counter = counters.get(t);
                writers.add(
                        Thread.ofPlatform().name("storm-writer-" + t).start(() -> writeForever(db, thread, counter)));
            }
            for (Thread writer : writers) {
                writer.join();
            }
        } catch (Throwable failure) {
            fail(failure);
        }
    }

    /** The counter document of every thread, created with both indexes on the first run. */
    private static List<DocumentId> counters(Database db) {
        Transaction tx = db.begin();
        List<Value.Obj> existing = all(tx, fullScan(COUNTERS));
        if (existing.isEmpty()) {
            tx.createIndex(DOCS, BY_TAG, List.of("thread", "seq", "part"));
            tx.createIndex(COUNTERS, BY_THREAD, List.of("thread"));
            List<DocumentId> created = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                created.add(tx.insert(COUNTERS, counter(t, 0)));
            }
            tx.commit();
            return created;
        }
        DocumentId[] byThread = new DocumentId[THREADS];
        for (Value.Obj doc : existing) {
            byThread[thread(doc)] = id(doc);
        }
        return List.of(byThread);
    }

    private static void writeForever(Database db, int thread, DocumentId counter) {
        try {
            MutationRunner runner = MutationRunner.withDefaults(db, new SplittableRandom(thread));
            while (true) {
                long seq = runner.run(tx -> commitNext(tx, thread, counter)).value();
                synchronized (OUT) {
                    OUT.println("ACK " + thread + " " + seq);
                    OUT.flush();
                }
            }
        } catch (Throwable failure) {
            fail(failure);
        }
    }

    private static long commitNext(Transaction tx, int thread, DocumentId counter) {
        long seq = seq(tx.get(counter).orElseThrow(() -> new IllegalStateException("counter " + counter + " is gone")))
                + 1;
        for (int part = 0; part < PARTS; part++) {
            tx.insert(
                    DOCS,
                    Value.Obj.of(
                            Map.of("thread", tag(thread), "seq", new Value.Int64(seq), "part", new Value.Int64(part))));
        }
        tx.patch(counter, Map.of("seq", Optional.of(new Value.Int64(seq))));
        return seq;
    }

    private static void fail(Throwable failure) {
        synchronized (System.err) {
            failure.printStackTrace();
        }
        System.exit(1);
    }

    // ---------------------------------------------------------------- shared with the test

    static Value.Obj counter(int thread, long seq) {
        return Value.Obj.of(Map.of("thread", tag(thread), "seq", new Value.Int64(seq)));
    }

    static Value.Str tag(int thread) {
        return new Value.Str("t" + thread);
    }

    static int thread(Value.Obj doc) {
        return Integer.parseInt(((Value.Str) field(doc, "thread")).value().substring(1));
    }

    static long seq(Value.Obj doc) {
        return ((Value.Int64) field(doc, "seq")).value();
    }

    static long part(Value.Obj doc) {
        return ((Value.Int64) field(doc, "part")).value();
    }

    static DocumentId id(Value.Obj doc) {
        String id = ((Value.Str) field(doc, "_id")).value();
        return DocumentId.decode(id).orElseThrow(() -> new IllegalStateException("bad _id " + id));
    }

    private static Value field(Value.Obj doc, String name) {
        Value value = doc.fields().get(name);
        if (value == null) {
            throw new IllegalStateException("document has no field " + name + ": " + doc);
        }
        return value;
    }

    static List<Value.Obj> all(Transaction tx, String queryJson) {
        List<Value.Obj> docs = new ArrayList<>();
        tx.query(SerializedQuery.parse(queryJson)).forEachRemaining(docs::add);
        return docs;
    }

    static String fullScan(String table) {
        return "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"" + table
                + "\",\"order\":\"asc\"},\"operators\":[]}";
    }

    /** The documents of {@code index} (on {@code thread} first) whose thread is {@code thread}. */
    static String byThread(String index, int thread) {
        return "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"" + index + "\",\"order\":\"asc\","
                + "\"range\":[{\"type\":\"Eq\",\"fieldPath\":\"thread\",\"value\":\""
                + tag(thread).value()
                + "\"}]},\"operators\":[]}";
    }
}
