/**
 * The persistence SPI: a log-structured, multi-version store of document revisions and index
 * entries, read at a timestamp. {@link dev.slipway.persistence.Persistence} is what every backend
 * implements; {@link dev.slipway.persistence.MemoryPersistence} is the reference implementation
 * that tests compare against. The contract test kit lives in this module's test-jar.
 */
@NullMarked
package dev.slipway.persistence;

import org.jspecify.annotations.NullMarked;
