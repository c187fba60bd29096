package dev.slipway.sync;

import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * What sessions run on, shared by every session of a server: an executor for their work (starting
 * query re-runs, handling finished calls), a scheduler for pings and waits, and the clock. The
 * executor may be a virtual thread per task; sessions never block it for long.
 *
 * <p>It also holds what sessions share with each other: one subscription per query run that several
 * of them hold and its result's text ({@link SharedRuns}), and one callback per shared run they wait
 * for ({@link Continuations}). Sessions that should share must be opened with the same context.
 */
public final class SyncContext {
    private final Executor executor;
    private final Scheduler scheduler;
    private final InstantSource clock;
    private final SharedRuns runs;
    private final Continuations continuations;

    public SyncContext(Executor executor, Scheduler scheduler, InstantSource clock) {
        this.executor = executor;
        this.scheduler = scheduler;
        this.clock = clock;
        this.runs = new SharedRuns(executor);
        this.continuations = new Continuations(executor);
    }

    public Executor executor() {
        return executor;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public InstantSource clock() {
        return clock;
    }

    SharedRuns runs() {
        return runs;
    }

    Continuations continuations() {
        return continuations;
    }
}
