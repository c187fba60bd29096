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
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresPersistence;
import dev.slipway.value.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
    private static final long CHILD_TIMEOUT_SECONDS = 60;
    private static final int SIGKILL_EXIT_STATUS = 128 + 9;

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
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        long[] lastAck = new long[THREADS];
        for (int round = 0; round < ACKS_BEFORE_KILL.size(); round++) {
            List<Ack> acks = runChildUntilKilled(kind, address, dir, round, ACKS_BEFORE_KILL.get(round), random);
            for (Ack ack : acks) {
                lastAck[ack.thread()] = Math.max(lastAck[ack.thread()], ack.seq());
            }
            try (Persistence store = CrashStores.open(kind, address);
                    Database db = Database.open(store, DatabaseOptions.defaults())) {
                long[] counters = check(db.begin(), lastAck, "round " + round + " (seed " + seed + ")");
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

    /**
     * Starts the child, kills it after {@code acks} acknowledgements, returns all it printed. The
     * child's output goes to a file, not a pipe: a killed process's pipe is closed under its reader,
     * while the file keeps every line written.
     */
    private static List<Ack> runChildUntilKilled(
            String kind, String address, Path dir, int round, int acks, SplittableRandom random) throws Exception {
        Path stdout = dir.resolve("storm-" + round + ".stdout");
        Path stderr = dir.resolve("storm-" + round + ".stderr");
        Process child = new ProcessBuilder(childCommand(kind, address))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            awaitAcks(child, stdout, stderr, acks);
            Thread.sleep(random.nextInt(15));
            child.destroyForcibly();
            assertThat(child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .as("child ended after the kill")
                    .isTrue();
            assertThat(child.exitValue())
                    .as("exit status of a child killed with SIGKILL; child stderr:%n%s", read(stderr))
                    .isEqualTo(SIGKILL_EXIT_STATUS);
            return acksIn(child, stdout, stderr);
        } finally {
            child.destroyForcibly();
        }
    }

    private static void awaitAcks(Process child, Path stdout, Path stderr, int acks) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
        while (acksIn(child, stdout, stderr).size() < acks) {
            if (!child.isAlive() && acksIn(child, stdout, stderr).size() < acks) {
                throw childFailure(
                        "ended (status " + child.exitValue() + ") after "
                                + acksIn(child, stdout, stderr).size() + " of " + acks + " acknowledgements",
                        child,
                        stderr);
            }
            if (System.nanoTime() - deadline > 0) {
                throw childFailure(
                        "sent fewer than " + acks + " acknowledgements in " + CHILD_TIMEOUT_SECONDS + " s",
                        child,
                        stderr);
            }
            Thread.sleep(5);
        }
    }

    /** The acknowledgements in the complete lines of the child's output, in order. */
    private static List<Ack> acksIn(Process child, Path stdout, Path stderr) throws InterruptedException {
        String output = read(stdout);
        List<Ack> acks = new ArrayList<>();
        for (String line :
                output.substring(0, output.lastIndexOf('\n') + 1).lines().toList()) {
            String[] words = line.split(" ");
            if (words.length != 3 || !words[0].equals("ACK")) {
                throw childFailure("printed '" + line + "'", child, stderr);
            }
            acks.add(new Ack(Integer.parseInt(words[1]), Long.parseLong(words[2])));
        }
        return acks;
    }

    private static AssertionError childFailure(String what, Process child, Path stderr) throws InterruptedException {
        child.waitFor(5, TimeUnit.SECONDS);
        return new AssertionError("the commit storm child process " + what + "; its stderr:\n" + read(stderr));
    }

    private static List<String> childCommand(String kind, String address) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() ->
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(
                List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("slipway."))
                .sorted()
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CommitStormWriter.class.getName()));
        command.addAll(List.of(kind, address));
        return command;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
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
