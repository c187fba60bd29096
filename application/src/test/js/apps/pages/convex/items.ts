import { mutationGeneric as mutation, queryGeneric as query } from "convex/server";
import { v } from "convex/values";

// A paginated query and its misuse, for PageJournalTest.
const paginationOpts = v.object({
  numItems: v.number(),
  cursor: v.union(v.string(), v.null()),
  endCursor: v.optional(v.union(v.string(), v.null())),
  id: v.optional(v.number()),
  maximumRowsRead: v.optional(v.number()),
  maximumBytesRead: v.optional(v.number()),
});

export const add = mutation({
  args: { n: v.number() },
  handler: async (ctx, { n }) => await ctx.db.insert("items", { n }),
});

export const page = query({
  args: { paginationOpts },
  handler: async (ctx, { paginationOpts }) => {
    const result = await ctx.db.query("items").withIndex("by_n").paginate(paginationOpts);
    return { ns: result.page.map((item) => item.n), isDone: result.isDone, continueCursor: result.continueCursor };
  },
});

export const twoPages = query({
  args: {},
  handler: async (ctx) => {
    await ctx.db.query("items").paginate({ numItems: 1, cursor: null });
    await ctx.db.query("items").paginate({ numItems: 1, cursor: null });
    return null;
  },
});
