// Step 4 of the migration walk: the field is required.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  notes: defineTable({ text: v.string(), priority: v.number() }).index("by_text", ["text"]),
});
