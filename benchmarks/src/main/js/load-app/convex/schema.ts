import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

// The client-protocol load harness's app (load.mjs): one indexed table of chat messages.
export default defineSchema({
  messages: defineTable({ channel: v.string(), body: v.string(), author: v.string() }).index(
    "by_channel",
    ["channel"],
  ),
});
