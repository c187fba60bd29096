import { ConvexError, v } from "convex/values";
import { mutation, query } from "./_generated/server";

/** Round-trips any Convex value unchanged (v.any()). */
export const echo = query({
  args: { value: v.any() },
  returns: v.object({ value: v.any() }),
  handler: async (_ctx, { value }) => ({ value }),
});

const typedArgs = {
  s: v.string(),
  n: v.number(),
  i: v.int64(),
  b: v.boolean(),
  z: v.null(),
  by: v.bytes(),
  id: v.id("users"),
  arr: v.array(v.number()),
  obj: v.object({ x: v.number(), y: v.optional(v.string()) }),
  rec: v.record(v.string(), v.int64()),
  u: v.union(v.string(), v.number(), v.object({ kind: v.literal("other") })),
  lit: v.literal("exact"),
  opt: v.optional(v.boolean()),
  a: v.any(),
};

/** One argument of every validator kind; returns them, checked by the same validators. */
export const echoTyped = query({
  args: typedArgs,
  returns: v.object(typedArgs),
  handler: async (_ctx, args) => args,
});

/** Console output of every level, with objects, arrays, numbers, bigints and nested values. */
export const noisy = mutation({
  args: { label: v.string(), count: v.number() },
  returns: v.number(),
  handler: async (_ctx, { label, count }) => {
    console.log("log", label, count);
    console.info("info", { label, nested: { count, list: [1, "two", null] } });
    console.warn("warn", [label, count * 2]);
    console.error("error", { big: 42n, flag: true });
    console.debug("debug", label.length);
    return 5;
  },
});

/**
 * Math.random and Date.now inside a mutation. Their values differ between backends, so only facts
 * that hold on every Convex backend are returned: the random numbers are in [0, 1) and distinct,
 * and time is frozen for the whole execution. The values themselves are stored in `events`.
 */
export const dice = mutation({
  args: { kind: v.string() },
  returns: v.object({ inRange: v.boolean(), distinct: v.boolean(), timeFrozen: v.boolean() }),
  handler: async (ctx, { kind }) => {
    const r1 = Math.random();
    const r2 = Math.random();
    const t1 = Date.now();
    const t2 = new Date().getTime();
    await ctx.db.insert("events", { kind, detail: { r2 }, at: t1, rnd: r1 });
    return {
      inRange: r1 >= 0 && r1 < 1 && r2 >= 0 && r2 < 1,
      distinct: r1 !== r2,
      timeFrozen: t1 === t2 && Date.now() === t1,
    };
  },
});

/** A plain Error thrown from a query. */
export const boom = query({
  args: { why: v.string() },
  returns: v.null(),
  handler: async (_ctx, { why }) => {
    throw new Error(`boom: ${why}`);
  },
});

/** A ConvexError whose data is whatever the caller passes (any Convex value). */
export const fail = mutation({
  args: { data: v.any() },
  returns: v.null(),
  handler: async (ctx, { data }) => {
    // The write below must be rolled back when the mutation throws.
    await ctx.db.insert("events", { kind: "fail", detail: null, at: 0, rnd: 0 });
    throw new ConvexError(data);
  },
});

/** A function that returns something its returns validator rejects. */
export const badReturn = query({
  args: { asString: v.boolean() },
  returns: v.number(),
  handler: async (_ctx, { asString }) => (asString ? ("not a number" as unknown as number) : 7),
});
