// Step 3 of the migration walk: fill the new field in every old document.
import { internalMutationGeneric as internalMutation } from "convex/server";

export const backfillPriority = internalMutation({
  args: {},
  handler: async (ctx) => {
    let patched = 0;
    for (const note of await ctx.db.query("notes").collect()) {
      if (note.priority === undefined) {
        await ctx.db.patch(note._id, { priority: 0 });
        patched++;
      }
    }
    return patched;
  },
});
