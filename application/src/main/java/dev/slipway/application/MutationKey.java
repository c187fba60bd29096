package dev.slipway.application;

import java.util.Objects;

/**
 * The name a WebSocket client gives a mutation: its session id (stable across reconnects) and the
 * request id it numbered the mutation with. A mutation run with a key runs at most once per key (see
 * {@link Application#mutation(FunctionCall, java.util.Optional)}).
 */
public record MutationKey(String sessionId, long requestId) {
    public MutationKey {
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
