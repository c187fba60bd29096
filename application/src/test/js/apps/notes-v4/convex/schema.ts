// Indexes: by_priority is new, by_text is gone.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  notes: defineTable({ text: v.string(), priority: v.optional(v.number()) }).index("by_priority", ["priority"]),
});
