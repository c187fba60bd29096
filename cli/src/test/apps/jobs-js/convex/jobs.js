import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation, mutation } from "./_generated/server";

/** Schedules jobs:noted after `delayMs`; answers the job id. */
export const later = mutation({
  args: { note: v.string(), delayMs: v.number() },
  handler: async (ctx, { note, delayMs }) => await ctx.scheduler.runAfter(delayMs, internal.jobs.noted, { note }),
});

export const noted = internalMutation({
  args: { note: v.string() },
  handler: async (_ctx, { note }) => {
    console.log("noted", note);
  },
});

/** Succeeds without logging: `slipway logs` shows it only with --success. */
export const quiet = mutation({
  args: {},
  handler: async () => "ok",
});

export const fail = mutation({
  args: {},
  handler: async () => {
    throw new Error("this one fails");
  },
});
