import { mutationGeneric as mutation, queryGeneric as query } from "convex/server";
import { v } from "convex/values";

/** The 10 newest messages of a channel: an indexed query that reads exactly 10 documents. */
export const recent = query({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) =>
    await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .order("desc")
      .take(10),
});

/** The newest message's body, or null: what every fan-out subscriber watches. */
export const latest = query({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) => {
    const newest = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .order("desc")
      .first();
    return newest === null ? null : newest.body;
  },
});

export const send = mutation({
  args: { channel: v.string(), body: v.string(), author: v.string() },
  handler: async (ctx, message) => await ctx.db.insert("messages", message),
});

/** Inserts `count` messages into `channel` (the harness seeds the tables with it). */
export const seed = mutation({
  args: { channel: v.string(), count: v.number() },
  handler: async (ctx, { channel, count }) => {
    for (let i = 0; i < count; i++) {
      await ctx.db.insert("messages", { channel, body: `seed ${i}`, author: "seed" });
    }
    return count;
  },
});
