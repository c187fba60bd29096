// No _generated/ here: the generic builders are what _generated/server.js re-exports.
import {
  actionGeneric as action,
  internalQueryGeneric as internalQuery,
  mutationGeneric as mutation,
  paginationOptsValidator,
  queryGeneric as query,
} from "convex/server";
import { ConvexError, v } from "convex/values";

export const list = query({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) => {
    const rows = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .collect();
    return rows.map((m) => m.body);
  },
});

export const page = query({
  args: { channel: v.string(), paginationOpts: paginationOptsValidator },
  handler: async (ctx, { channel, paginationOpts }) =>
    await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .paginate(paginationOpts),
});

export const send = mutation({
  args: { channel: v.string(), body: v.string() },
  handler: async (ctx, args) => {
    console.log("sending", args.body);
    return await ctx.db.insert("messages", args);
  },
});

export const fail = mutation({
  args: {},
  handler: async () => {
    throw new ConvexError({ code: "NOPE", count: 3n });
  },
});

export const big = query({
  args: {},
  handler: async () => ({ n: 7n, bytes: new Uint8Array([1, 2, 3]).buffer, nan: NaN }),
});

export const secret = internalQuery({
  args: {},
  handler: async () => "internal",
});

export const shout = action({
  args: { text: v.string() },
  handler: async (_ctx, { text }) => text.toUpperCase(),
});
