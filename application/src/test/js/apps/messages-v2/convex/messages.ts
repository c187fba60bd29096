// Version 2 of the chat app of issue 9: send is renamed to post (a breaking change the function-API
// gate reports as removed plus added), sendLater goes with it, and the internal deliver gets a new
// required argument, which the jobs v1 scheduled do not carry.
import {
  anyApi,
  internalMutationGeneric as internalMutation,
  mutationGeneric as mutation,
  queryGeneric as query,
} from "convex/server";
import { v } from "convex/values";

export const post = mutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => await ctx.db.insert("messages", { body }),
});

export const list = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("messages").collect()).map((m) => m.body),
});

export const deliver = internalMutation({
  args: { body: v.string(), channel: v.string() },
  handler: async (ctx, { body, channel }) => await ctx.db.insert("messages", { body: channel + ": " + body }),
});

export const deliverLater = mutation({
  args: { body: v.string(), delayMs: v.number() },
  handler: async (ctx, { body, delayMs }) =>
    await ctx.scheduler.runAfter(delayMs, anyApi.messages.deliver, { body, channel: "general" }),
});
