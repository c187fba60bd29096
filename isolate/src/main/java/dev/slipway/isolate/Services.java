package dev.slipway.isolate;

import java.security.SecureRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a {@link Call} needs from its runtime.
 *
 * @param options the runtime's settings
 * @param executor the bounded pool of platform threads that run JavaScript
 * @param scheduler fires timers (and ticks the watchdog)
 * @param killer runs interrupts, which may block for their grace period
 * @param watchdog enforces time and memory limits
 * @param pool leases and takes back contexts
 * @param fetcher the network under {@code fetch}
 * @param random seeds actions' randomness
 */
record Services(
        RuntimeOptions options,
        Executor executor,
        ScheduledExecutorService scheduler,
        Executor killer,
        Watchdog watchdog,
        ContextPool pool,
        Fetcher fetcher,
        SecureRandom random) {}
