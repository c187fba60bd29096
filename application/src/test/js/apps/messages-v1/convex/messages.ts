// Version 1 of the chat app of issue 9 (skew protection and the deploy gates): messages:send, and
// jobs that call it or the internal deliver later.
import {
  anyApi,
  internalMutationGeneric as internalMutation,
  mutationGeneric as mutation,
  queryGeneric as query,
} from "convex/server";
import { v } from "convex/values";

export const send = mutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => await ctx.db.insert("messages", { body }),
});

export const list = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("messages").collect()).map((m) => m.body),
});

// Inserts any document: how a pinned old version can try a write the current schema refuses.
export const sendRaw = internalMutation({
  args: { doc: v.any() },
  handler: async (ctx, { doc }) => await ctx.db.insert("messages", doc),
});

export const deliver = internalMutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => await ctx.db.insert("messages", { body }),
});

export const sendLater = mutation({
  args: { body: v.string(), delayMs: v.number() },
  handler: async (ctx, { body, delayMs }) => await ctx.scheduler.runAfter(delayMs, anyApi.messages.send, { body }),
});

export const deliverLater = mutation({
  args: { body: v.string(), delayMs: v.number() },
  handler: async (ctx, { body, delayMs }) =>
    await ctx.scheduler.runAfter(delayMs, anyApi.messages.deliver, { body }),
});
