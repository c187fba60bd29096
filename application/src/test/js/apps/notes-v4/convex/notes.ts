export * from "../../../shared/notes";
import { queryGeneric as query } from "convex/server";
import { v } from "convex/values";

export const byPriority = query({
  args: { priority: v.number() },
  handler: async (ctx, { priority }) => {
    const notes = await ctx.db
      .query("notes")
      .withIndex("by_priority", (q) => q.eq("priority", priority))
      .collect();
    return notes.map((n) => n.text);
  },
});
