import { ConvexError, v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { channelDoc, order } from "./lib/validators";

export const create = mutation({
  args: { name: v.string(), ownerId: v.id("users"), topic: v.optional(v.string()) },
  returns: v.id("channels"),
  handler: async (ctx, args) => {
    const owner = await ctx.db.get("users", args.ownerId);
    if (owner === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "users" });
    }
    const existing = await ctx.db
      .query("channels")
      .withIndex("by_name", (q) => q.eq("name", args.name))
      .first();
    if (existing !== null) {
      throw new ConvexError({ code: "CHANNEL_EXISTS", name: args.name });
    }
    return await ctx.db.insert("channels", { ...args, archived: false, nextSeq: 0n });
  },
});

export const get = query({
  args: { id: v.id("channels") },
  returns: v.union(channelDoc, v.null()),
  handler: async (ctx, { id }) => {
    return await ctx.db.get("channels", id);
  },
});

/** A full table scan in creation order, with a filter and an optional limit. */
export const list = query({
  args: { includeArchived: v.boolean(), order: v.optional(order), limit: v.optional(v.number()) },
  returns: v.array(v.object({ name: v.string(), archived: v.boolean() })),
  handler: async (ctx, args) => {
    let q = ctx.db.query("channels").order(args.order ?? "asc");
    if (!args.includeArchived) {
      q = q.filter((f) => f.eq(f.field("archived"), false));
    }
    const channels = args.limit === undefined ? await q.collect() : await q.take(args.limit);
    return channels.map((c) => ({ name: c.name, archived: c.archived }));
  },
});

/** Compound index with equality on both fields; unique() on the result. */
export const byOwnerAndName = query({
  args: { ownerId: v.id("users"), name: v.string() },
  returns: v.union(v.string(), v.null()),
  handler: async (ctx, args) => {
    const channel = await ctx.db
      .query("channels")
      .withIndex("by_owner", (q) => q.eq("ownerId", args.ownerId).eq("name", args.name))
      .unique();
    return channel === null ? null : channel.name;
  },
});

/** Patch with the (id, value) form, after a get with the (table, id) form. */
export const archive = mutation({
  args: { id: v.id("channels"), archived: v.boolean() },
  returns: v.boolean(),
  handler: async (ctx, { id, archived }) => {
    const channel = await ctx.db.get("channels", id);
    if (channel === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "channels" });
    }
    await ctx.db.patch(id, { archived });
    return channel.archived !== archived;
  },
});

/** Patch with the (table, id, value) form; removing the topic by patching it to undefined. */
export const setTopic = mutation({
  args: { id: v.id("channels"), topic: v.union(v.string(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { id, topic }) => {
    await ctx.db.patch("channels", id, { topic: topic ?? undefined });
    return null;
  },
});

/** first() in both orders and a count over an index range. */
export const stats = query({
  args: { id: v.id("channels") },
  returns: v.object({
    name: v.string(),
    count: v.number(),
    firstBody: v.union(v.string(), v.null()),
    lastBody: v.union(v.string(), v.null()),
    nextSeq: v.int64(),
  }),
  handler: async (ctx, { id }) => {
    const channel = await ctx.db.get(id);
    if (channel === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "channels" });
    }
    const inChannel = () =>
      ctx.db.query("messages").withIndex("by_channel_seq", (q) => q.eq("channelId", id));
    const first = await inChannel().order("asc").first();
    const last = await inChannel().order("desc").first();
    const all = await inChannel().collect();
    return {
      name: channel.name,
      count: all.length,
      firstBody: first?.body ?? null,
      lastBody: last?.body ?? null,
      nextSeq: channel.nextSeq,
    };
  },
});
