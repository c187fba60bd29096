/**
 * The query language of {@code convex/server}: the serialized query (source, index range,
 * operators; {@link dev.slipway.database.query.SerializedQuery}), its validation against the index
 * definitions and the translation of an index range into a key range over the index keys of {@link
 * dev.slipway.database.query.IndexKeys} ({@link dev.slipway.database.query.QueryPlanner}), and the
 * filter-expression evaluator ({@link dev.slipway.database.query.Expression}). Pure functions: no
 * I/O, no state.
 */
@NullMarked
package dev.slipway.database.query;

import org.jspecify.annotations.NullMarked;
