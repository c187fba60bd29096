import { paginationOptsValidator } from "convex/server";
import { ConvexError, v } from "convex/values";
import { internalMutation, mutation, query } from "./_generated/server";
import { messageDoc, messageFormat, order } from "./lib/validators";

const MAX_BODY = 280;

export const send = mutation({
  args: {
    channelId: v.id("channels"),
    authorId: v.id("users"),
    body: v.string(),
    tags: v.array(v.string()),
    format: v.optional(messageFormat),
    attachment: v.optional(v.bytes()),
  },
  returns: v.object({ id: v.id("messages"), seq: v.int64() }),
  handler: async (ctx, args) => {
    if (args.body.trim() === "") {
      throw new Error("message body must not be empty");
    }
    if (args.body.length > MAX_BODY) {
      throw new ConvexError({ code: "TOO_LONG", max: MAX_BODY, actual: args.body.length });
    }
    const channel = await ctx.db.get(args.channelId);
    if (channel === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "channels" });
    }
    if (channel.archived) {
      throw new ConvexError(`channel ${channel.name} is archived`);
    }
    const author = await ctx.db.get(args.authorId);
    if (author === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "users" });
    }
    const seq = channel.nextSeq;
    await ctx.db.patch(channel._id, { nextSeq: seq + 1n });
    const id = await ctx.db.insert("messages", {
      channelId: args.channelId,
      authorId: args.authorId,
      body: args.body,
      seq,
      likes: 0,
      score: args.body.length / 8,
      tags: args.tags,
      format: args.format ?? "text",
      ...(args.attachment !== undefined ? { attachment: args.attachment } : {}),
    });
    console.log("sent message", { channel: channel.name, seq, tags: args.tags });
    return { id, seq };
  },
});

/** Pagination over a compound index; cursors are opaque and differ between backends. */
export const list = query({
  args: { channelId: v.id("channels"), paginationOpts: paginationOptsValidator, order: v.optional(order) },
  returns: v.object({ page: v.array(messageDoc), isDone: v.boolean(), continueCursor: v.string() }),
  handler: async (ctx, args) => {
    const result = await ctx.db
      .query("messages")
      .withIndex("by_channel_seq", (q) => q.eq("channelId", args.channelId))
      .order(args.order ?? "asc")
      .paginate(args.paginationOpts);
    return { page: result.page, isDone: result.isDone, continueCursor: result.continueCursor };
  },
});

/** Int64 range on the second index field: gte and lt. */
export const range = query({
  args: { channelId: v.id("channels"), from: v.int64(), to: v.int64() },
  returns: v.array(v.object({ seq: v.int64(), body: v.string() })),
  handler: async (ctx, args) => {
    const messages = await ctx.db
      .query("messages")
      .withIndex("by_channel_seq", (q) => q.eq("channelId", args.channelId).gte("seq", args.from).lt("seq", args.to))
      .collect();
    return messages.map((m) => ({ seq: m.seq, body: m.body }));
  },
});

export const like = mutation({
  args: { id: v.id("messages"), times: v.optional(v.number()) },
  returns: v.number(),
  handler: async (ctx, { id, times }) => {
    const message = await ctx.db.get(id);
    if (message === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "messages" });
    }
    const likes = message.likes + (times ?? 1);
    await ctx.db.patch(id, { likes });
    return likes;
  },
});

export const edit = mutation({
  args: { id: v.id("messages"), authorId: v.id("users"), body: v.string() },
  returns: messageDoc,
  handler: async (ctx, args) => {
    const message = await ctx.db.get(args.id);
    if (message === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "messages" });
    }
    if (message.authorId !== args.authorId) {
      throw new ConvexError({ code: "FORBIDDEN", action: "edit" });
    }
    await ctx.db.patch(args.id, { body: args.body, edited: true, score: args.body.length / 8 });
    return (await ctx.db.get(args.id))!;
  },
});

export const remove = mutation({
  args: { id: v.id("messages") },
  returns: v.boolean(),
  handler: async (ctx, { id }) => {
    const message = await ctx.db.get(id);
    if (message === null) {
      return false;
    }
    await ctx.db.delete(id);
    return true;
  },
});

export const byAuthor = query({
  args: { authorId: v.id("users"), limit: v.number() },
  returns: v.array(v.string()),
  handler: async (ctx, args) => {
    const messages = await ctx.db
      .query("messages")
      .withIndex("by_author", (q) => q.eq("authorId", args.authorId))
      .take(args.limit);
    return messages.map((m) => m.body);
  },
});

/** The most-liked message above a threshold: gt on a float index field, descending, first(). */
export const mostLiked = query({
  args: { channelId: v.id("channels"), above: v.number() },
  returns: v.union(v.object({ body: v.string(), likes: v.number() }), v.null()),
  handler: async (ctx, args) => {
    const message = await ctx.db
      .query("messages")
      .withIndex("by_channel_likes", (q) => q.eq("channelId", args.channelId).gt("likes", args.above))
      .order("desc")
      .first();
    return message === null ? null : { body: message.body, likes: message.likes };
  },
});

/** Filters on top of an index: tags, likes and score compared with arithmetic. */
export const search = query({
  args: {
    channelId: v.id("channels"),
    minLikes: v.number(),
    maxScore: v.number(),
    format: v.optional(messageFormat),
    edited: v.optional(v.boolean()),
  },
  returns: v.array(v.int64()),
  handler: async (ctx, args) => {
    const messages = await ctx.db
      .query("messages")
      .withIndex("by_channel_seq", (q) => q.eq("channelId", args.channelId))
      .filter((q) =>
        q.and(
          q.gte(q.field("likes"), args.minLikes),
          q.lte(q.sub(q.field("score"), q.mul(q.field("likes"), 0.5)), args.maxScore),
          args.format === undefined ? true : q.eq(q.field("format"), args.format),
          args.edited === undefined
            ? true
            : args.edited
              ? q.eq(q.field("edited"), true)
              : q.or(q.eq(q.field("edited"), false), q.eq(q.field("edited"), undefined)),
        ),
      )
      .collect();
    return messages.map((m) => m.seq);
  },
});

/** Writes many documents in one transaction. */
export const seedChannel = internalMutation({
  args: { channelId: v.id("channels"), authorId: v.id("users"), count: v.number() },
  returns: v.array(v.int64()),
  handler: async (ctx, args) => {
    const channel = await ctx.db.get(args.channelId);
    if (channel === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "channels" });
    }
    const seqs: bigint[] = [];
    let seq = channel.nextSeq;
    for (let i = 0; i < args.count; i++) {
      const body = `seeded message ${i}`;
      await ctx.db.insert("messages", {
        channelId: args.channelId,
        authorId: args.authorId,
        body,
        seq,
        likes: i % 4,
        score: body.length / 8,
        tags: i % 2 === 0 ? ["seed"] : ["seed", "odd"],
        format: i % 3 === 0 ? "markdown" : "text",
      });
      seqs.push(seq);
      seq += 1n;
    }
    await ctx.db.patch(args.channelId, { nextSeq: seq });
    return seqs;
  },
});
