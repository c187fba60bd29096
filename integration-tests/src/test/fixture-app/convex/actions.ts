import { ConvexError, v } from "convex/values";
import { api, internal } from "./_generated/api";
import { action, internalAction } from "./_generated/server";

/** ctx.runMutation then ctx.runQuery, each its own transaction. */
export const postAndCount = action({
  args: { channelId: v.id("channels"), authorId: v.id("users"), body: v.string() },
  returns: v.object({ seq: v.int64(), count: v.number() }),
  handler: async (ctx, args): Promise<{ seq: bigint; count: number }> => {
    const sent: { id: string; seq: bigint } = await ctx.runMutation(api.messages.send, { ...args, tags: ["via-action"] });
    const stats: { count: number } = await ctx.runQuery(api.channels.stats, { id: args.channelId });
    return { seq: sent.seq, count: stats.count };
  },
});

export const shout = internalAction({
  args: { text: v.string() },
  returns: v.string(),
  handler: async (_ctx, { text }) => `${text.toUpperCase()}!`,
});

/** ctx.runAction from an action, twice in sequence. */
export const pipeline = action({
  args: { text: v.string() },
  returns: v.array(v.string()),
  handler: async (ctx, { text }): Promise<string[]> => {
    const once: string = await ctx.runAction(internal.actions.shout, { text });
    const twice: string = await ctx.runAction(internal.actions.shout, { text: once });
    return [once, twice];
  },
});

/**
 * A nested mutation fails; the action catches it. A ConvexError keeps its data across the call;
 * for other errors only the fact of failure is reported, since their messages are backend-specific.
 */
export const trySend = action({
  args: { channelId: v.id("channels"), authorId: v.id("users"), body: v.string() },
  returns: v.object({ ok: v.boolean(), isConvexError: v.boolean(), data: v.any() }),
  handler: async (ctx, args) => {
    try {
      await ctx.runMutation(api.messages.send, { ...args, tags: [] });
      return { ok: true, isConvexError: false, data: null };
    } catch (e) {
      if (e instanceof ConvexError) {
        return { ok: false, isConvexError: true, data: e.data };
      }
      return { ok: false, isConvexError: false, data: null };
    }
  },
});

export const explode = action({
  args: { structured: v.boolean() },
  returns: v.null(),
  handler: async (_ctx, { structured }) => {
    if (structured) {
      throw new ConvexError({ code: "ACTION_FAILED", retryable: false, attempts: 3n });
    }
    throw new Error("action exploded");
  },
});

/** An action without validators. */
export const ping = action(async (ctx) => {
  const counts: Record<string, number> = await ctx.runQuery(internal.admin.stats.tableCounts, {});
  return { pong: true, users: counts.users };
});
