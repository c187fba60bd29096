import { v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { normalize } from "./lib/text.js";

export const add = mutation({
  args: { text: v.string() },
  handler: async (ctx, { text }) => {
    console.info("adding", normalize(text));
    return await ctx.db.insert("notes", { text: normalize(text), at: Date.now() });
  },
});

export const all = query({
  handler: async (ctx) => (await ctx.db.query("notes").collect()).map((n) => n.text),
});
