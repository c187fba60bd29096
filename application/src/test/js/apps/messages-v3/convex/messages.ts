// Version 3 of the chat app of issue 9, for staged deploys: every message now needs a channel (a
// required field the staged schema enforces on writes of the current version too), with an index on it.
import { mutationGeneric as mutation, queryGeneric as query } from "convex/server";
import { v } from "convex/values";

export const post = mutation({
  args: { body: v.string(), channel: v.string() },
  handler: async (ctx, { body, channel }) => await ctx.db.insert("messages", { body, channel }),
});

export const list = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("messages").collect()).map((m) => m.body),
});

export const inChannel = query({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) =>
    (await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .collect()).map((m) => m.body),
});
