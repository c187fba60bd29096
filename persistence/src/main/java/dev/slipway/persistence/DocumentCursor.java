package dev.slipway.persistence;

import dev.slipway.value.DocumentId;

/** A position in the document log, which is ordered by {@code (ts, id)}. */
public record DocumentCursor(Timestamp ts, DocumentId id) {}
