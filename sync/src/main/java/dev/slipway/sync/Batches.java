package dev.slipway.sync;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Hands many small tasks to an executor a chunk at a time. When one event concerns thousands of
 * sessions (a commit invalidates a query they all watch; the one run they share finishes), one
 * executor task per session costs more in thread hand-offs than the sessions' own work; one per
 * {@link #CHUNK} sessions keeps the parallelism and drops most of the hand-offs.
 */
final class Batches {
    private static final System.Logger LOG = System.getLogger(Batches.class.getName());

    /** Tasks run, one after the other, by one executor task. */
    static final int CHUNK = 256;

    private Batches() {}

    /**
     * Runs {@code tasks} on {@code executor}, {@link #CHUNK} per executor task. A task that throws is
     * logged and does not keep the rest of its chunk from running; an executor that refuses (it is
     * shutting down, and so are the sessions) is logged.
     */
    static void dispatch(Executor executor, List<? extends Runnable> tasks) {
        for (int from = 0; from < tasks.size(); from += CHUNK) {
            List<? extends Runnable> chunk = tasks.subList(from, Math.min(tasks.size(), from + CHUNK));
            try {
                executor.execute(() -> chunk.forEach(Batches::runOne));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not hand " + chunk.size() + " tasks to the executor", e);
            }
        }
    }

    private static void runOne(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "a session task failed", e);
        }
    }
}
