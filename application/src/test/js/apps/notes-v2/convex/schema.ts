// Step 2 of the migration walk: the new field, optional while old documents lack it.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  notes: defineTable({ text: v.string(), priority: v.optional(v.number()) }).index("by_text", ["text"]),
});
