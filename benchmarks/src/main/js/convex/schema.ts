import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  docs: defineTable({
    author: v.string(),
    body: v.string(),
    channel: v.string(),
    likes: v.number(),
    pinned: v.boolean(),
    tags: v.array(v.string()),
    meta: v.object({ lang: v.string(), revision: v.number() }),
  }).index("by_channel", ["channel"]),
  log: defineTable({ doc: v.id("docs"), likes: v.number(), at: v.number() }),
});
