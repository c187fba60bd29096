/**
 * The Slipway server, the composition root: {@link dev.slipway.server.SlipwayServer} opens each
 * deployment's store (SQLite or PostgreSQL), database, JavaScript runtime and application, and serves
 * Convex's HTTP API ({@code /d/<deployment>/api/...}), the WebSocket sync protocol, HTTP actions, the
 * admin push endpoint, {@code /health} and {@code /metrics}. Routing and the API are plain Java over
 * {@code ApiRequest}/{@code ApiResponse}; only {@code HttpTransport} and {@code SyncSocket} touch the
 * HTTP library (Helidon SE).
 */
@NullMarked
package dev.slipway.server;

import org.jspecify.annotations.NullMarked;
