import { queryGeneric as query, mutationGeneric as mutation } from "convex/server";
import { ConvexError, v } from "convex/values";
import { GREETING } from "./lib/shared";

export const convexError = query({
  args: {},
  handler: async () => {
    throw new ConvexError({ code: "NotAllowed", limit: 3n, tags: ["a", "b"] });
  },
});

export const convexErrorString = mutation(async () => {
  throw new ConvexError("plain message");
});

export const plainError = query(async () => {
  function deeper() {
    throw new Error("something broke");
  }
  deeper();
});

export const logs = query(async () => {
  console.log("hi", 1, true, null, undefined);
  console.info({ a: 1, nested: { s: "x", list: [1, "two"] } });
  console.warn([1, 2, 3], "it's");
  console.error(new Error("bad thing"));
  console.debug(10n, -0, Symbol("s"), function named() {}, new Map([["k", 1]]));
  return GREETING;
});

export const manyLogs = query({
  args: { lines: v.number(), width: v.number() },
  handler: async (_ctx, { lines, width }) => {
    for (let i = 0; i < lines; i++) {
      console.log("x".repeat(width));
    }
    return null;
  },
});

export const determinism = query(async () => {
  const d = new Date();
  return {
    randoms: [Math.random(), Math.random(), Math.random()],
    now: Date.now(),
    iso: d.toISOString(),
    called: Date(),
    perf: performance.now(),
    uuid: typeof crypto === "object" ? crypto.randomUUID() : "no crypto",
  };
});

export const env = query(async () => {
  return { secret: process.env.SECRET ?? null, missing: process.env.MISSING === undefined };
});

export const echo = query({
  args: { value: v.any() },
  handler: async (_ctx, { value }) => value,
});
