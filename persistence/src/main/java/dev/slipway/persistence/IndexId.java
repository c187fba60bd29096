package dev.slipway.persistence;

import dev.slipway.value.InternalId;

/** Identifies one index of one table; it is the internal id of the index's {@code _index} document. */
public record IndexId(InternalId id) {}
