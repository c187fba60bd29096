package dev.slipway.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock that moves only when told, and a scheduler whose tasks run when the clock passes their time. */
final class ManualTime implements InstantSource, Scheduler {
    private record Task(Instant due, long seq, Runnable task) {}

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long seq;
    private final List<Task> tasks = new ArrayList<>();

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized Subscription schedule(Runnable task, Duration delay) {
        Task t = new Task(now.plus(delay), seq++, task);
        tasks.add(t);
        return () -> {
            synchronized (this) {
                tasks.remove(t);
            }
        };
    }

    synchronized int scheduled() {
        return tasks.size();
    }

    /** Moves the clock forward, running each task as its time comes. */
    void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(t -> !t.due().isAfter(target))
                        .min(Comparator.comparing(Task::due).thenComparingLong(Task::seq))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                if (next.due().isAfter(now)) {
                    now = next.due();
                }
            }
            next.task().run();
        }
    }
}
