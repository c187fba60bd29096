package dev.slipway.sync;

/**
 * Names one mutation of one client across reconnects: the client resends every mutation it has not
 * seen reflected, with the same {@code sessionId} and {@code requestId}, so the backend must run each
 * key at most once and answer a repeat with the first outcome (a record written in the mutation's own
 * transaction).
 */
public record RequestKey(String sessionId, long requestId) {}
