package dev.slipway.sync.protocol;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;

/**
 * How a value becomes its Convex-JSON text inside a server message. Sessions that send the same
 * query result to many sockets give one that returns text encoded once ({@code
 * dev.slipway.sync.SharedRuns}); {@link #ENCODE} encodes every time.
 */
@FunctionalInterface
public interface ValueText {
    /** Encodes each value anew. */
    ValueText ENCODE = ConvexJson::encode;

    /** The Convex-JSON text of {@code value}. */
    String json(Value value);
}
