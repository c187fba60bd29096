/**
 * The wire format of Convex's WebSocket sync protocol (§4 of the interface reference): the client
 * and server messages as records ({@link dev.slipway.sync.protocol.ClientMessage}, {@link
 * dev.slipway.sync.protocol.ServerMessage}) and their exact JSON codecs ({@link
 * dev.slipway.sync.protocol.ClientMessages}, {@link dev.slipway.sync.protocol.ServerMessages}), with
 * timestamps in the client's base64 little-endian u64 form ({@link
 * dev.slipway.sync.protocol.EncodedTs}). Both directions of both message kinds are here, so a Java
 * test client or load generator speaks the protocol with the same code the server uses.
 */
@NullMarked
package dev.slipway.sync.protocol;

import org.jspecify.annotations.NullMarked;
