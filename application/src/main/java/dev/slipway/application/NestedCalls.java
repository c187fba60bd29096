package dev.slipway.application;

import dev.slipway.value.Value;

/** Runs {@code 1.0/runUdf}: a query or mutation called from a query or mutation, inside the caller's transaction. */
interface NestedCalls {
    Value runUdf(SyscallArgs args);
}
