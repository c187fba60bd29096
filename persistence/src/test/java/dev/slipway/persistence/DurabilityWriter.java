package dev.slipway.persistence;

import static dev.slipway.persistence.ContractFixture.docId;

import dev.slipway.value.DocumentId;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The child process of {@link AbstractPersistenceDurabilityTest}: opens a store through a {@link
 * StoreFactory} named on the command line and writes batches until it is killed, printing {@code ACK
 * <n>} on standard output (flushed) after the {@link Persistence#write} of batch {@code n} returns.
 * It continues after the store's newest batch, so a store can be killed and resumed several times.
 * On any failure it prints {@code ERROR <failure>}, the stack trace on standard error, and exits 1.
 *
 * <p>Usage: {@code DurabilityWriter <factory class> <store address> <documents per batch>}.
 */
public final class DurabilityWriter {
    /** The document that every batch updates: {@code a} is the batch number. */
    static final DocumentId COUNTER = docId(2, 0);

    private DurabilityWriter() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (args.length != 3) {
            out.println("ERROR usage: DurabilityWriter <factory class> <store address> <documents per batch>");
            out.flush();
            System.exit(2);
        }
        try {
            StoreFactory factory = Class.forName(args[0])
                    .asSubclass(StoreFactory.class)
                    .getDeclaredConstructor()
                    .newInstance();
            int perBatch = Integer.parseInt(args[2]);
            try (Persistence store = factory.open(args[1])) {
                for (long n = store.maxTimestamp().map(Timestamp::nanos).orElse(0L) + 1; ; n++) {
                    LogBuilder.Batch batch = batch(n, perBatch);
                    store.write(batch.documents(), batch.indexEntries(), ConflictStrategy.ERROR);
                    out.println("ACK " + n);
                    out.flush();
                }
            }
        } catch (Throwable failure) {
            out.println("ERROR " + failure);
            out.flush();
            failure.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * Batch {@code n}, all at timestamp {@code n}: {@code perBatch} new documents {@code value(n,
     * "batch")} in table 1 (ids {@code n * perBatch + i}) and the {@link #COUNTER} (table 2) set to
     * {@code a = n}, moving its key in index {@link ContractFixture#BY_A}.
     */
    static LogBuilder.Batch batch(long n, int perBatch) {
        LogBuilder log = new LogBuilder();
        if (n > 1) {
            log.batch(n - 1).put(COUNTER, n - 1, "counter").remember();
        }
        LogBuilder.Batch batch = log.batch(n);
        for (int i = 0; i < perBatch; i++) {
            batch.put(docId(1, n * perBatch + i), n, "batch");
        }
        return batch.put(COUNTER, n, "counter");
    }
}
