/**
 * The WebSocket sync session: one {@link dev.slipway.sync.SyncSession} per socket turns client
 * messages into query runs, mutations, actions and authentication on a {@link
 * dev.slipway.sync.SyncBackend}, and answers with Transitions and responses in the order the
 * {@code convex} client relies on. It knows nothing of the transport: text frames come in through
 * {@code onMessage}, go out through a {@link dev.slipway.sync.SessionOutput}. The wire format lives
 * in {@code dev.slipway.sync.protocol}.
 */
@NullMarked
package dev.slipway.sync;

import org.jspecify.annotations.NullMarked;
