import { ConvexError, v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { priority, taskDoc, taskFields } from "./lib/validators";

export const create = mutation({
  args: {
    title: v.string(),
    priority,
    assignee: v.union(v.id("users"), v.null()),
    estimate: v.optional(v.number()),
    points: v.int64(),
    labels: taskFields.labels,
    deps: taskFields.deps,
  },
  returns: v.id("tasks"),
  handler: async (ctx, args) => {
    if (args.assignee !== null && (await ctx.db.get(args.assignee)) === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "users" });
    }
    for (const dep of args.deps) {
      if ((await ctx.db.get(dep)) === null) {
        throw new ConvexError({ code: "MISSING_DEPENDENCY", index: args.deps.indexOf(dep) });
      }
    }
    return await ctx.db.insert("tasks", { ...args, done: false });
  },
});

export const get = query({
  args: { id: v.id("tasks") },
  returns: v.union(taskDoc, v.null()),
  handler: async (ctx, { id }) => await ctx.db.get(id),
});

export const toggle = mutation({
  args: { id: v.id("tasks") },
  returns: v.boolean(),
  handler: async (ctx, { id }) => {
    const task = await ctx.db.get(id);
    if (task === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "tasks" });
    }
    await ctx.db.patch(id, { done: !task.done });
    return !task.done;
  },
});

/** null removes the estimate field (patch to undefined). */
export const setEstimate = mutation({
  args: { id: v.id("tasks"), estimate: v.union(v.number(), v.null()) },
  returns: taskDoc,
  handler: async (ctx, { id, estimate }) => {
    await ctx.db.patch(id, { estimate: estimate ?? undefined });
    return (await ctx.db.get(id))!;
  },
});

/** Replace keeps the id and creation time; labels and deps are rewritten wholesale. */
export const rewrite = mutation({
  args: { id: v.id("tasks"), title: v.string(), labels: taskFields.labels },
  returns: taskDoc,
  handler: async (ctx, { id, title, labels }) => {
    const task = await ctx.db.get(id);
    if (task === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "tasks" });
    }
    const { _id, _creationTime, ...rest } = task;
    await ctx.db.replace(id, { ...rest, title, labels, deps: [] });
    return (await ctx.db.get(id))!;
  },
});

export const remove = mutation({
  args: { id: v.id("tasks") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    await ctx.db.delete(id);
    return null;
  },
});

/** Index on a union of id and null: eq with an id or with null. */
export const byAssignee = query({
  args: { assignee: v.union(v.id("users"), v.null()) },
  returns: v.array(v.string()),
  handler: async (ctx, { assignee }) => {
    const tasks = await ctx.db
      .query("tasks")
      .withIndex("by_assignee", (q) => q.eq("assignee", assignee))
      .collect();
    return tasks.map((t) => t.title);
  },
});

/** Compound index: eq on a boolean, then a range on a literal-union number field, descending. */
export const board = query({
  args: { done: v.boolean(), minPriority: v.optional(v.number()), maxPriority: v.optional(v.number()), limit: v.number() },
  returns: v.array(v.object({ title: v.string(), priority: v.number() })),
  handler: async (ctx, args) => {
    const tasks = await ctx.db
      .query("tasks")
      .withIndex("by_done_priority", (q) => {
        const byDone = q.eq("done", args.done);
        // Priorities are the literals 1 | 2 | 3; bounds may be any number.
        const min = args.minPriority as 1 | 2 | 3;
        const max = args.maxPriority as 1 | 2 | 3;
        if (args.minPriority !== undefined && args.maxPriority !== undefined) {
          return byDone.gt("priority", min).lte("priority", max);
        }
        if (args.minPriority !== undefined) {
          return byDone.gt("priority", min);
        }
        return byDone;
      })
      .order("desc")
      .take(args.limit);
    return tasks.map((t) => ({ title: t.title, priority: t.priority }));
  },
});

/**
 * Every comparison, boolean and arithmetic operator of the filter language except neg (see
 * `negated`). Operands always have one numeric type (int64 with int64, float64 with float64), the
 * optional `estimate` is guarded against being absent before it is compared, and divisors are
 * never zero: those are the cases where backends legitimately differ or fail.
 */
export const filtered = query({
  args: {
    done: v.optional(v.boolean()),
    minPriority: v.number(),
    pointsDivisor: v.int64(),
    pointsRemainder: v.int64(),
    pointsCeiling: v.int64(),
    maxEstimate: v.optional(v.number()),
    excludeTitle: v.optional(v.string()),
  },
  returns: v.array(v.string()),
  handler: async (ctx, args) => {
    if (args.pointsDivisor <= 0n) {
      throw new ConvexError({ code: "BAD_DIVISOR" });
    }
    const tasks = await ctx.db
      .query("tasks")
      .filter((q) =>
        q.and(
          args.done === undefined ? true : q.eq(q.field("done"), args.done),
          q.gte(q.field("priority"), args.minPriority),
          q.or(
            q.eq(q.mod(q.field("points"), args.pointsDivisor), args.pointsRemainder),
            q.lt(q.add(q.field("points"), 1n), q.div(args.pointsCeiling, 2n)),
            q.gt(q.sub(q.mul(q.field("points"), 2n), q.field("points")), args.pointsCeiling),
          ),
          args.maxEstimate === undefined
            ? true
            : q.and(
                q.neq(q.field("estimate"), undefined),
                q.lte(q.div(q.field("estimate"), 2), args.maxEstimate / 2),
              ),
          args.excludeTitle === undefined ? true : q.not(q.eq(q.field("title"), args.excludeTitle)),
        ),
      )
      .collect();
    return tasks.map((t) => t.title);
  },
});

/** q.neg on an int64 field. */
export const negated = query({
  args: { threshold: v.int64() },
  returns: v.array(v.string()),
  handler: async (ctx, { threshold }) => {
    const tasks = await ctx.db
      .query("tasks")
      .filter((q) => q.lt(q.neg(q.field("points")), q.neg(threshold)))
      .collect();
    return tasks.map((t) => t.title);
  },
});

/** No args or returns validators at all: any args object is accepted, and echoed back. */
export const summary = query(async (ctx, args: Record<string, unknown>) => {
  const tasks = await ctx.db.query("tasks").collect();
  const open = tasks.filter((t) => !t.done).length;
  return { total: tasks.length, open, echo: args };
});
