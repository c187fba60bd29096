// The functions every version of the notes app has. No _generated/ here: the generic builders are
// what _generated/server.js re-exports.
import { internalMutationGeneric as internalMutation, mutationGeneric as mutation, queryGeneric as query } from "convex/server";
import { v } from "convex/values";

export const add = mutation({
  args: { text: v.string() },
  handler: async (ctx, { text }) => await ctx.db.insert("notes", { text }),
});

// Inserts a note with any fields: how data that a later schema rejects gets in while no schema forbids it.
export const addRaw = internalMutation({
  args: { doc: v.any() },
  handler: async (ctx, { doc }) => await ctx.db.insert("notes", doc),
});

export const list = query({
  args: {},
  handler: async (ctx) => {
    const notes = await ctx.db.query("notes").collect();
    return notes.map(({ _id, _creationTime, ...fields }) => fields);
  },
});
