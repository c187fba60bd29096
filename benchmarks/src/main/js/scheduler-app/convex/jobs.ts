// The scheduler benchmark's app (SchedulerBenchmark, docs/BENCHMARKS.md "Scheduler (issue 8)"):
// no-op scheduled mutations, scheduled in batches that all come due at one time.
import { internalMutationGeneric as internalMutation, makeFunctionReference, mutationGeneric as mutation } from "convex/server";
import { v } from "convex/values";

const noopRef = makeFunctionReference<"mutation", { i: number }>("jobs:noop");

/** Does nothing: what is measured is the scheduler's own work around it. */
export const noop = internalMutation({
  args: { i: v.number() },
  handler: async () => {},
});

/** Schedules noop({i}) for i in [from, from + count), all due at `at` (ms since the epoch). */
export const scheduleMany = mutation({
  args: { from: v.number(), count: v.number(), at: v.number() },
  handler: async (ctx, { from, count, at }) => {
    for (let i = from; i < from + count; i++) {
      await ctx.scheduler.runAt(at, noopRef, { i });
    }
  },
});
