package dev.slipway.database;

import dev.slipway.persistence.IndexId;

/**
 * A running index backfill, as {@link Database#indexBackfills()} reports it.
 *
 * @param table the indexed table
 * @param index the index name
 * @param id the index id
 * @param documentsIndexed documents of the table indexed so far
 */
public record IndexBackfill(String table, String index, IndexId id, long documentsIndexed) {}
