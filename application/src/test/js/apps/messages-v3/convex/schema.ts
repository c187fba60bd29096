// Version 3 requires a channel on every message and indexes it.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ body: v.string(), channel: v.string() }).index("by_channel", ["channel"]),
});
