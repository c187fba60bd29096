/**
 * Convex values: the sealed {@link dev.slipway.value.Value} type, the Convex-JSON codec and the other
 * output formats, the total order, the order-preserving index-key encoding, document IDs and size
 * limits. Depends on nothing but Jackson's streaming core.
 */
@NullMarked
package dev.slipway.value;

import org.jspecify.annotations.NullMarked;
