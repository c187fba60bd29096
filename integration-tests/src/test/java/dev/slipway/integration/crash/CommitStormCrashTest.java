package dev.slipway.integration.crash;

import static dev.slipway.integration.crash.CommitStormWriter.BY_TAG;
import static dev.slipway.integration.crash.CommitStormWriter.BY_THREAD;
import static dev.slipway.integration.crash.CommitStormWriter.COUNTERS;
import static dev.slipway.integration.crash.CommitStormWriter.DOCS;
import static dev.slipway.integration.crash.CommitStormWriter.PARTS;
import static dev.slipway.integration.crash.CommitStormWriter.THREADS;
import static dev.slipway.integration.crash.CommitStormWriter.all;
import static dev.slipway.integration.crash.CommitStormWriter.byThread;
import static dev.slipway.integration.crash.CommitStormWriter.fullScan;
import static dev.slipway.integration.crash.CommitStormWriter.id;
import static dev.slipway.integration.crash.CommitStormWriter.part;
import static dev.slipway.integration.crash.CommitStormWriter.seq;
import static dev.slipway.integration.crash.CommitStormWriter.thread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.database.Transaction;
import dev.slipway.persistence.KilledChild;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresPersistence;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash durability of the database under a commit storm: a child JVM ({@link CommitStormWriter})
 * commits small multi-document transactions from several threads and acknowledges each after {@link
 * Transaction#commit} returns; the test kills it with SIGKILL, reopens the database in this JVM and
 * checks that every acknowledged commit is there and that no commit is half-applied, then lets a new
 * child continue the same store. Three rounds, killed after different numbers of acknowledgements.
 *
 * <p>What "whole" means: for every thread the documents present are exactly sequences {@code
 * 1..counter} with all {@value CommitStormWriter#PARTS} parts each, the counter is at least the
 * thread's last acknowledged sequence and at most one more (a commit made durable but killed before
 * its acknowledgement), and the full table scan, the index range queries and point gets all agree.
 */
class CommitStormCrashTest {
    /** Acknowledgements (over all threads) to wait for in each round before the kill. */
    private static final List<Integer> ACKS_BEFORE_KILL = List.of(1, 40, 150);

    private static final System.Logger LOG = System.getLogger(CommitStormCrashTest.class.getName());

    @Test
    void commitStorm_sqliteChildKilledWithSigkill_acknowledgedCommitsSurviveWhole(@TempDir Path dir) throws Exception {
        runRounds(CrashStores.SQLITE, dir.resolve("storm.sqlite").toString(), dir);
    }

    @Test
    @Tag("postgres")
    void commitStorm_postgresChildKilledWithSigkill_acknowledgedCommitsSurviveWhole(@TempDir Path dir)
            throws Exception {
        String schema = "it_crash_storm_" + ProcessHandle.current().pid();
        try {
            runRounds(CrashStores.POSTGRES, schema, dir);
        } catch (Exception | Error failure) {
            try {
                dropSchema(schema);
            } catch (Exception | Error dropFailure) {
                failure.addSuppressed(dropFailure);
            }
            throw failure;
        }
        dropSchema(schema);
    }

    private static void dropSchema(String schema) {
        PostgresPersistence.open(CrashStores.postgresOptions(schema)).drop();
    }

    private static void runRounds(String kind, String address, Path dir) throws Exception {
        long[] lastAck = new long[THREADS];
        for (int round = 0; round < ACKS_BEFORE_KILL.size(); round++) {
            List<Ack> acks = runChildUntilKilled(kind, address, dir, round, ACKS_BEFORE_KILL.get(round));
            for (Ack ack : acks) {
                lastAck[ack.thread()] = Math.max(lastAck[ack.thread()], ack.seq());
            }
            try (Persistence store = CrashStores.open(kind, address);
                    Database db = Database.open(store, DatabaseOptions.defaults())) {
                long[] counters = check(db.begin(), lastAck, "round " + round);
                LOG.log(
                        System.Logger.Level.INFO,
                        "{0} round {1}: {2} acknowledgements, last acknowledged {3}, counters after reopen {4}",
                        kind,
                        round,
                        acks.size(),
                        Arrays.toString(lastAck),
                        Arrays.toString(counters));
            }
        }
    }

    private record Ack(int thread, long seq) {}

    // ---------------------------------------------------------------- the child

    /** Starts the child, kills it after {@code acks} acknowledgements, returns all it printed. */
    private static List<Ack> runChildUntilKilled(String kind, String address, Path dir, int round, int acks)
            throws Exception {
        List<String> payloads = KilledChild.runUntilKilled(
                "the commit storm child process",
                CommitStormWriter.class,
                List.of(kind, address),
                dir,
                "storm-" + round,
                acks,
                15);
        List<Ack> parsed = new ArrayList<>();
        for (String payload : payloads) {
            String[] words = payload.split(" ");
            if (words.length != 2) {
                throw new AssertionError("the commit storm child acknowledged '" + payload + "', not '<thread> <seq>'");
            }
            parsed.add(new Ack(Integer.parseInt(words[0]), Long.parseLong(words[1])));
        }
        return parsed;
    }

    // ---------------------------------------------------------------- the check

    private static final Comparator<Value.Obj> BY_TAG_ORDER = Comparator.comparingInt(CommitStormWriter::thread)
            .thenComparingLong(CommitStormWriter::seq)
            .thenComparingLong(CommitStormWriter::part);

    private static long[] check(Transaction tx, long[] lastAck, String when) {
        List<Value.Obj> counters = all(tx, fullScan(COUNTERS));
        assertThat(counters).as("counter documents after %s", when).hasSize(THREADS);
        long[] counter = new long[THREADS];
        for (Value.Obj doc : counters) {
            counter[thread(doc)] = seq(doc);
            assertThat(tx.get(id(doc)))
                    .as("get of counter %s after %s", doc, when)
                    .contains(doc);
            assertThat(all(tx, byThread(COUNTERS + "." + BY_THREAD, thread(doc))))
                    .as("index query of counter %d after %s", thread(doc), when)
                    .containsExactly(doc);
        }
        List<Value.Obj> scanned = new ArrayList<>(all(tx, fullScan(DOCS)));
        scanned.sort(BY_TAG_ORDER);
        List<Value.Obj> indexed = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            assertThat(counter[t])
                    .as(
                            "counter of thread %d after %s: at least its last acknowledged sequence, at most one more",
                            t, when)
                    .isBetween(lastAck[t], lastAck[t] + 1);
            List<Value.Obj> ofThread = all(tx, byThread(DOCS + "." + BY_TAG, t));
            assertThat(ofThread.stream().map(CrashTags::of).toList())
                    .as("(seq, part) of thread %d's documents via the index after %s; counter %d", t, when, counter[t])
                    .containsExactlyElementsOf(CrashTags.expected(t, counter[t]));
            indexed.addAll(ofThread);
        }
        assertThat(scanned)
                .as("full scan of %s versus the index queries after %s", DOCS, when)
                .containsExactlyElementsOf(indexed);
        for (Value.Obj doc : scanned) {
            assertThat(tx.get(id(doc))).as("get of %s after %s", doc, when).contains(doc);
        }
        return counter;
    }

    /** A document's {@code (thread, seq, part)}, for readable failures. */
    private record CrashTags(int thread, long seq, long part) {
        static CrashTags of(Value.Obj doc) {
            return new CrashTags(
                    CommitStormWriter.thread(doc), CommitStormWriter.seq(doc), CommitStormWriter.part(doc));
        }

        static List<CrashTags> expected(int thread, long counter) {
            List<CrashTags> tags = new ArrayList<>();
            for (long seq = 1; seq <= counter; seq++) {
                for (long part = 0; part < PARTS; part++) {
                    tags.add(new CrashTags(thread, seq, part));
                }
            }
            return tags;
        }
    }
}
