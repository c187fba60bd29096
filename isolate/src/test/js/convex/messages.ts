import { queryGeneric as query, mutationGeneric as mutation, internalQueryGeneric as internalQuery } from "convex/server";
import { v } from "convex/values";
import { summarize } from "./lib/shared";

export const list = query({
  args: { channel: v.string() },
  returns: v.array(v.object({ channel: v.string(), body: v.string() })),
  handler: async (ctx, { channel }) => {
    const docs = await ctx.db.query("messages").collect();
    return docs.filter((d) => d.channel === channel).map((d) => ({ channel: d.channel, body: d.body }));
  },
});

export const send = mutation({
  args: { channel: v.string(), body: v.string() },
  handler: async (ctx, { channel, body }) => {
    const id = await ctx.db.insert("messages", { channel, body });
    const doc = await ctx.db.get(id);
    return { id, body: doc?.body };
  },
});

export const summary = internalQuery(async (ctx) => {
  const docs = await ctx.db.query("messages").collect();
  return summarize(docs);
});
