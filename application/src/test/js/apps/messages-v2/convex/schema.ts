// Version 2 declares what a message is; writes from every version, pinned ones included, must match.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ body: v.string() }),
});
