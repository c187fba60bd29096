// notes-v3 with schemaValidation off: the document types are declared but not enforced.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema(
  {
    notes: defineTable({ text: v.string(), priority: v.number() }).index("by_text", ["text"]),
  },
  { schemaValidation: false },
);
