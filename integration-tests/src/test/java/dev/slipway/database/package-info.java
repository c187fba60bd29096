/**
 * The database module's backend suite ({@code AbstractDatabaseTest}, from its test-jar) over the real
 * stores, which the database module itself may not depend on. Same package, so the suite's
 * package-private fixtures are reachable.
 */
@NullMarked
package dev.slipway.database;

import org.jspecify.annotations.NullMarked;
