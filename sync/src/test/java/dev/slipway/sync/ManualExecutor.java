package dev.slipway.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;

/** An executor that runs nothing until told: in order ({@link #runAll}) or in a seeded random order. */
final class ManualExecutor implements Executor {
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
    }

    synchronized int pending() {
        return tasks.size();
    }

    /** Runs the oldest task; false when there is none. */
    boolean runOne() {
        Runnable task;
        synchronized (this) {
            if (tasks.isEmpty()) {
                return false;
            }
            task = tasks.removeFirst();
        }
        task.run();
        return true;
    }

    /** Runs a random task; false when there is none. */
    boolean runRandom(Random random) {
        Runnable task;
        synchronized (this) {
            if (tasks.isEmpty()) {
                return false;
            }
            task = tasks.remove(random.nextInt(tasks.size()));
        }
        task.run();
        return true;
    }

    /** Runs tasks, including those they submit, until none is left. */
    void runAll() {
        int guard = 0;
        while (runOne()) {
            if (++guard > 1_000_000) {
                throw new AssertionError("the executor never became idle");
            }
        }
    }
}
