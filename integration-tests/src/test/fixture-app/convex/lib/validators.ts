// Field validators shared by the schema and the functions. This module registers no Convex
// functions: it is bundled like any other entry file, and a runtime must load it without harm.
import { v } from "convex/values";

export const role = v.union(v.literal("admin"), v.literal("member"), v.literal("guest"));

export const userFields = {
  name: v.string(),
  email: v.string(),
  age: v.number(),
  karma: v.int64(),
  active: v.boolean(),
  role,
  avatar: v.optional(v.bytes()),
  profile: v.object({
    bio: v.string(),
    links: v.array(v.string()),
    location: v.optional(v.object({ city: v.string(), country: v.string() })),
  }),
  settings: v.record(v.string(), v.union(v.boolean(), v.number(), v.string())),
  deletedAt: v.union(v.number(), v.null()),
  extra: v.optional(v.any()),
};

export const channelFields = {
  name: v.string(),
  topic: v.optional(v.string()),
  ownerId: v.id("users"),
  archived: v.boolean(),
  nextSeq: v.int64(),
};

export const messageFormat = v.union(v.literal("text"), v.literal("markdown"));

export const messageFields = {
  channelId: v.id("channels"),
  authorId: v.id("users"),
  body: v.string(),
  seq: v.int64(),
  likes: v.number(),
  score: v.number(),
  tags: v.array(v.string()),
  format: messageFormat,
  attachment: v.optional(v.bytes()),
  edited: v.optional(v.boolean()),
};

export const priority = v.union(v.literal(1), v.literal(2), v.literal(3));

export const taskFields = {
  title: v.string(),
  priority,
  done: v.boolean(),
  assignee: v.union(v.id("users"), v.null()),
  estimate: v.optional(v.number()),
  points: v.int64(),
  labels: v.record(v.string(), v.string()),
  deps: v.array(v.id("tasks")),
};

export const eventFields = {
  kind: v.string(),
  detail: v.any(),
  at: v.number(),
  rnd: v.number(),
};

/** A whole stored document: the table's fields plus the two system fields. */
export const userDoc = v.object({ _id: v.id("users"), _creationTime: v.number(), ...userFields });
export const channelDoc = v.object({
  _id: v.id("channels"),
  _creationTime: v.number(),
  ...channelFields,
});
export const messageDoc = v.object({
  _id: v.id("messages"),
  _creationTime: v.number(),
  ...messageFields,
});
export const taskDoc = v.object({ _id: v.id("tasks"), _creationTime: v.number(), ...taskFields });

export const order = v.union(v.literal("asc"), v.literal("desc"));
