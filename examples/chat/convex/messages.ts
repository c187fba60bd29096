import { ConvexError, v } from "convex/values";
import { internalMutation, mutation, query } from "./_generated/server";

const MAX_BODY = 2000;

/** The newest messages of a channel, oldest first, as the page shows them. */
export const list = query({
  args: { channel: v.string(), limit: v.optional(v.number()) },
  handler: async (ctx, { channel, limit }) => {
    const newest = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .order("desc")
      .take(limit ?? 50);
    return newest.reverse();
  },
});

/** Posts a message; an empty or oversized body is refused with a ConvexError the page can show. */
export const send = mutation({
  args: { channel: v.string(), author: v.string(), body: v.string() },
  handler: async (ctx, { channel, author, body }) => {
    const text = body.trim();
    if (text.length === 0 || text.length > MAX_BODY) {
      throw new ConvexError({ field: "body", reason: `a message has 1 to ${MAX_BODY} characters` });
    }
    console.log("new message in", channel, "from", author);
    return await ctx.db.insert("messages", { channel, author: author.trim() || "anonymous", body: text });
  },
});

/** Deletes every message of a channel (for admins: `slipway run messages:clear '{"channel":"general"}'`). */
export const clear = internalMutation({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) => {
    const messages = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .collect();
    for (const message of messages) {
      await ctx.db.delete(message._id);
    }
    return messages.length;
  },
});
