// Scheduled functions for the admin API tests (LogsAndJobsApiTest).
import { internalMutationGeneric as internalMutation, makeFunctionReference, mutationGeneric as mutation } from "convex/server";
import { v } from "convex/values";

const notedRef = makeFunctionReference<"mutation", { note: string }>("jobs:noted");

/** Schedules jobs:noted after `delayMs`; returns the job id. */
export const later = mutation({
  args: { note: v.string(), delayMs: v.number() },
  handler: async (ctx, { note, delayMs }) => await ctx.scheduler.runAfter(delayMs, notedRef, { note }),
});

export const noted = internalMutation({
  args: { note: v.string() },
  handler: async (ctx, { note }) => {
    console.log("noted", note);
    await ctx.db.insert("messages", { channel: "jobs", body: note });
  },
});
