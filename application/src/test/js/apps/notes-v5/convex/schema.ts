// by_priority changes its fields: rebuilt under a temporary name and switched in.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  notes: defineTable({ text: v.string(), priority: v.optional(v.number()) }).index("by_priority", [
    "priority",
    "text",
  ]),
});
