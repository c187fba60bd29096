package dev.slipway.sync;

import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * What sessions run on, shared by every session of a server: an executor for their work (starting
 * query re-runs, handling finished calls), a scheduler for pings and waits, and the clock. The
 * executor may be a virtual thread per task; sessions never block it for long.
 */
public record SyncContext(Executor executor, Scheduler scheduler, InstantSource clock) {}
