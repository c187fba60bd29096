import { defineSchema, defineTable } from "convex/server";
import { channelFields, eventFields, messageFields, taskFields, userFields } from "./lib/validators";

// schemaValidation is left at its default (true): every write is checked against these tables.
export default defineSchema({
  users: defineTable(userFields)
    .index("by_email", ["email"])
    .index("by_role_age", ["role", "age"])
    .index("by_city", ["profile.location.city"])
    .index("by_karma", ["karma"]),
  channels: defineTable(channelFields)
    .index("by_name", ["name"])
    .index("by_owner", ["ownerId", "name"]),
  messages: defineTable(messageFields)
    .index("by_channel_seq", ["channelId", "seq"])
    .index("by_author", ["authorId"])
    .index("by_channel_likes", ["channelId", "likes"]),
  tasks: defineTable(taskFields)
    .index("by_done_priority", ["done", "priority"])
    .index("by_assignee", ["assignee"]),
  events: defineTable(eventFields).index("by_kind", ["kind"]),
});
