// Scheduled functions (issue 8), for SchedulerIT. Not known to the differential test's generator.
import { makeFunctionReference, paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import type { Id } from "./_generated/dataModel";
import { action, internalAction, internalMutation, mutation, query } from "./_generated/server";

const recordRef = makeFunctionReference<"mutation", { tag: string }>("jobs:record");
const noopRef = makeFunctionReference<"mutation", { i: number }>("jobs:noop");
const chainBRef = makeFunctionReference<"mutation", { tag: string }>("jobs:chainB");
const chainCRef = makeFunctionReference<"mutation", { tag: string }>("jobs:chainC");
const actRef = makeFunctionReference<"action", { tag: string }>("jobs:act");
const selfCancelRef = makeFunctionReference<"mutation", { tag: string }>("jobs:selfCancel");
const selfCancelActionRef = makeFunctionReference<"action", { tag: string }>("jobs:selfCancelAction");
const runningJobRef = makeFunctionReference<"query", { name: string }, string | null>("jobs:runningJob");
const slowActionRef = makeFunctionReference<"action", { tag: string; ms: number }>("jobs:slowAction");
const noteClockRef = makeFunctionReference<"mutation", { source: string; before: number; after: number }>(
  "jobs:noteClock",
);
const clockActionRef = makeFunctionReference<"action", Record<string, never>>("jobs:clockAction");

/** What a job did: an `events` row of kind "job", tagged, with the code version that ran it. */
export const record = internalMutation({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    await ctx.db.insert("events", { kind: "job", detail: { tag, version: "v1" }, at: Date.now(), rnd: 0 });
  },
});

export const noop = internalMutation({
  args: { i: v.number() },
  handler: async (ctx, { i }) => {
    await ctx.db.insert("events", { kind: "noop", detail: i, at: 0, rnd: 0 });
  },
});

export const scheduleRecord = mutation({
  args: { tag: v.string(), delayMs: v.number() },
  handler: async (ctx, { tag, delayMs }) => await ctx.scheduler.runAfter(delayMs, recordRef, { tag }),
});

export const scheduleThenThrow = mutation({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    await ctx.scheduler.runAfter(0, recordRef, { tag });
    throw new Error("changed my mind");
  },
});

export const scheduleBadArgs = mutation({
  args: {},
  handler: async (ctx) => await ctx.scheduler.runAfter(0, recordRef, { tag: 42 } as unknown as { tag: string }),
});

export const scheduleTooMany = mutation({
  args: {},
  handler: async (ctx) => {
    for (let i = 0; i < 1001; i++) {
      await ctx.scheduler.runAfter(0, noopRef, { i });
    }
  },
});

export const scheduleFarFuture = mutation({
  args: {},
  handler: async (ctx) => await ctx.scheduler.runAt(Date.now() + 6 * 366 * 24 * 3600 * 1000, noopRef, { i: 0 }),
});

export const scheduleMany = mutation({
  args: { from: v.number(), count: v.number() },
  handler: async (ctx, { from, count }) => {
    for (let i = from; i < from + count; i++) {
      await ctx.scheduler.runAfter(0, noopRef, { i });
    }
  },
});

export const chainA = mutation({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    await ctx.db.insert("events", { kind: "job", detail: { tag: tag + "A", version: "v1" }, at: 0, rnd: 0 });
    await ctx.scheduler.runAfter(0, chainBRef, { tag });
  },
});

export const chainB = internalMutation({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    await ctx.db.insert("events", { kind: "job", detail: { tag: tag + "B", version: "v1" }, at: 0, rnd: 0 });
    await ctx.scheduler.runAfter(0, chainCRef, { tag });
  },
});

export const chainC = internalMutation({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    await ctx.db.insert("events", { kind: "job", detail: { tag: tag + "C", version: "v1" }, at: 0, rnd: 0 });
  },
});

export const cancel = mutation({
  args: { id: v.id("_scheduled_functions") },
  handler: async (ctx, { id }) => {
    await ctx.scheduler.cancel(id);
  },
});

export const act = internalAction({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    await ctx.runMutation(recordRef, { tag });
  },
});

export const scheduleAction = mutation({
  args: { tag: v.string(), delayMs: v.number() },
  handler: async (ctx, { tag, delayMs }) => await ctx.scheduler.runAfter(delayMs, actRef, { tag }),
});

/** ctx.scheduler from an action: its own transaction. */
export const scheduleFromAction = action({
  args: { tag: v.string() },
  handler: async (ctx, { tag }): Promise<string> => await ctx.scheduler.runAfter(0, recordRef, { tag }),
});

export const jobs = query({
  args: {},
  handler: async (ctx) => await ctx.db.system.query("_scheduled_functions").collect(),
});

export const job = query({
  args: { id: v.id("_scheduled_functions") },
  handler: async (ctx, { id }) => await ctx.db.system.get(id),
});

/** Job states by kind, and the tags of the "job" events in creation order. */
export const summary = query({
  args: {},
  handler: async (ctx) => {
    const states: Record<string, number> = {};
    for (const j of await ctx.db.system.query("_scheduled_functions").collect()) {
      states[j.state.kind] = (states[j.state.kind] ?? 0) + 1;
    }
    const events = await ctx.db
      .query("events")
      .withIndex("by_kind", (q) => q.eq("kind", "job"))
      .collect();
    return { states, tags: events.map((e) => `${e.detail.tag}@${e.detail.version}`) };
  },
});

/**
 * One page of the noop runs, as the `i` each was given. The 10,000-job test reads them a page at a
 * time: one query over all 10,000 could pass the 1 s user-code limit on a loaded machine.
 */
export const noopPage = query({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }) => {
    const result = await ctx.db
      .query("events")
      .withIndex("by_kind", (q) => q.eq("kind", "noop"))
      .paginate(paginationOpts);
    return { runs: result.page.map((e) => e.detail), isDone: result.isDone, continueCursor: result.continueCursor };
  },
});

/** The id of the job named `name` (as stored: "jobs.js:selfCancel") that its reader sees in progress. */
export const runningJob = query({
  args: { name: v.string() },
  handler: async (ctx, { name }) => {
    const jobs = await ctx.db.system.query("_scheduled_functions").collect();
    return jobs.find((j) => j.name === name && j.state.kind === "inProgress")?._id ?? null;
  },
});

/**
 * A scheduled mutation that finds itself (in progress, as Convex shows a running mutation to itself),
 * cancels itself, schedules a child (which is born canceled), and records: the record commits, the
 * job ends canceled.
 */
export const selfCancel = internalMutation({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    const me = await ctx.runQuery(runningJobRef, { name: "jobs.js:selfCancel" });
    if (me === null) {
      throw new Error("the running mutation does not see its own job in progress");
    }
    await ctx.scheduler.cancel(me as Id<"_scheduled_functions">);
    await ctx.scheduler.runAfter(0, recordRef, { tag: tag + "-child" });
    await ctx.db.insert("events", { kind: "job", detail: { tag, version: "v1" }, at: 0, rnd: 0 });
  },
});

export const scheduleSelfCancel = mutation({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => await ctx.scheduler.runAfter(0, selfCancelRef, { tag }),
});

/** The same for an action: it keeps running after canceling itself, but what it schedules is canceled. */
export const selfCancelAction = internalAction({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    const me = await ctx.runQuery(runningJobRef, { name: "jobs.js:selfCancelAction" });
    if (me === null) {
      throw new Error("the running action does not find its own job in progress");
    }
    await ctx.scheduler.cancel(me as Id<"_scheduled_functions">);
    await ctx.scheduler.runAfter(0, recordRef, { tag: tag + "-child" });
    await ctx.runMutation(recordRef, { tag });
  },
});

export const scheduleSelfCancelAction = mutation({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => await ctx.scheduler.runAfter(0, selfCancelActionRef, { tag }),
});

/** Sleeps `ms` on a timer, then records: long enough to be running when its server is killed. */
export const slowAction = internalAction({
  args: { tag: v.string(), ms: v.number() },
  handler: async (ctx, { tag, ms }) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await ctx.runMutation(recordRef, { tag });
  },
});

export const scheduleSlowActions = mutation({
  args: { count: v.number(), ms: v.number() },
  handler: async (ctx, { count, ms }) => {
    for (let i = 0; i < count; i++) {
      await ctx.scheduler.runAfter(0, slowActionRef, { tag: "slow" + i, ms });
    }
  },
});

/** Records the clocks a function saw: `before`/`after` from its caller, `now` its own Date.now(). */
export const noteClock = internalMutation({
  args: { source: v.string(), before: v.number(), after: v.number() },
  handler: async (ctx, { source, before, after }) => {
    await ctx.db.insert("events", { kind: "clock", detail: { source, before, after, now: Date.now() }, at: 0, rnd: 0 });
  },
});

/** Reads Date.now() around a timer and hands both readings to noteClock. */
export const clockAction = internalAction({
  args: {},
  handler: async (ctx) => {
    const before = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ctx.runMutation(noteClockRef, { source: "action", before, after: Date.now() });
  },
});

/** Schedules clockAction and, directly, noteClock (whose own Date.now() is the mutation clock). */
export const scheduleClocks = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, clockActionRef, {});
    await ctx.scheduler.runAfter(0, noteClockRef, { source: "mutation", before: 0, after: 0 });
  },
});

export const clocks = query({
  args: {},
  handler: async (ctx) =>
    (
      await ctx.db
        .query("events")
        .withIndex("by_kind", (q) => q.eq("kind", "clock"))
        .collect()
    ).map((e) => e.detail),
});
