import { ConvexError, v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation, internalQuery, mutation, query } from "../_generated/server";

const counts = v.object({
  users: v.number(),
  channels: v.number(),
  messages: v.number(),
  tasks: v.number(),
  events: v.number(),
});

export const tableCounts = internalQuery({
  args: {},
  returns: counts,
  handler: async (ctx) => ({
    users: (await ctx.db.query("users").collect()).length,
    channels: (await ctx.db.query("channels").collect()).length,
    messages: (await ctx.db.query("messages").collect()).length,
    tasks: (await ctx.db.query("tasks").collect()).length,
    events: (await ctx.db.query("events").collect()).length,
  }),
});

/** A query calling another query. */
export const summary = query({
  args: {},
  returns: v.object({ counts, activeUsers: v.number() }),
  handler: async (ctx): Promise<{ counts: typeof counts.type; activeUsers: number }> => {
    const c: typeof counts.type = await ctx.runQuery(internal.admin.stats.tableCounts, {});
    const active: { active: number } = await ctx.runQuery(internal.users.countActive, {});
    return { counts: c, activeUsers: active.active };
  },
});

export const recordEvent = internalMutation({
  args: { kind: v.string(), detail: v.any() },
  returns: v.id("events"),
  handler: async (ctx, { kind, detail }) => {
    return await ctx.db.insert("events", { kind, detail, at: Date.now(), rnd: Math.random() });
  },
});

export const doomed = internalMutation({
  args: { note: v.string() },
  returns: v.null(),
  handler: async (ctx, { note }) => {
    await ctx.db.insert("events", { kind: "doomed", detail: note, at: 0, rnd: 0 });
    throw new ConvexError({ code: "DOOMED", note });
  },
});

/**
 * ctx.runQuery and ctx.runMutation from a mutation: the nested calls run inside this transaction
 * and see its writes; a nested mutation that throws is rolled back alone, and the caller goes on.
 */
export const audit = mutation({
  args: { note: v.string() },
  returns: v.object({
    before: counts,
    after: counts,
    doomedError: v.any(),
    doomedVisible: v.number(),
    eventsOfKind: v.number(),
  }),
  handler: async (ctx, { note }) => {
    const before: typeof counts.type = await ctx.runQuery(internal.admin.stats.tableCounts, {});
    await ctx.runMutation(internal.admin.stats.recordEvent, { kind: "audit", detail: { note } });
    let doomedError: unknown = null;
    try {
      await ctx.runMutation(internal.admin.stats.doomed, { note });
    } catch (e) {
      doomedError = e instanceof ConvexError ? e.data : "not a ConvexError";
    }
    const after: typeof counts.type = await ctx.runQuery(internal.admin.stats.tableCounts, {});
    const doomedVisible = (
      await ctx.db
        .query("events")
        .withIndex("by_kind", (q) => q.eq("kind", "doomed"))
        .collect()
    ).length;
    const eventsOfKind = (
      await ctx.db
        .query("events")
        .withIndex("by_kind", (q) => q.eq("kind", "audit"))
        .collect()
    ).length;
    console.info("audit", { note, before, after });
    return { before, after, doomedError, doomedVisible, eventsOfKind };
  },
});
