package dev.slipway.persistence;

import dev.slipway.value.DocumentId;

/** Names a document as seen just before {@code ts}: used to ask for previous revisions. */
public record RevisionKey(DocumentId id, Timestamp ts) {}
