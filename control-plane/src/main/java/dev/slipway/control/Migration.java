package dev.slipway.control;

import dev.slipway.database.Transaction;
import java.util.function.Consumer;

/**
 * One numbered step of the control plane's schema: tables, indexes or a transformation of the
 * documents, applied once, in one transaction together with its entry in the {@code migrations}
 * table. An index created on a table that already has documents is backfilled after the commit
 * ({@link Migrations} waits for it).
 *
 * @param version its number: 1, 2, 3, ... in the order they run
 * @param description what it does, for the log and the {@code migrations} table
 * @param apply the step
 */
record Migration(int version, String description, Consumer<Transaction> apply) {}
