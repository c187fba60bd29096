/**
 * The persistence SPI on SQLite: {@link dev.slipway.persistence.sqlite.SqlitePersistence} keeps one
 * deployment's document log, index entries and globals in one WAL-mode file, opened with {@link
 * dev.slipway.persistence.sqlite.SqliteOptions}. Everything else here is package-private: the
 * writer and reader connections, the reads, writes and retention in SQL, the file format and how a
 * file is recognised, and {@code SqliteErrors}, the one class that turns SQLite's failures into
 * {@link dev.slipway.persistence.PersistenceException}s.
 */
@NullMarked
package dev.slipway.persistence.sqlite;

import org.jspecify.annotations.NullMarked;
