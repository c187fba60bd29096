import { v } from "convex/values";
import { internalQuery, mutation, query } from "./_generated/server";

export const add = mutation({
  args: { text: v.string() },
  handler: async (ctx, { text }) => await ctx.db.insert("tasks", { text, done: false }),
});

export const count = query({
  args: {},
  handler: async (ctx): Promise<number> => (await ctx.db.query("tasks").collect()).length,
});

export const secret = internalQuery({
  args: {},
  handler: async () => "internal",
});
