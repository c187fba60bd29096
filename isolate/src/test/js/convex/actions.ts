import { actionGeneric as action, makeFunctionReference } from "convex/server";
import { v } from "convex/values";

export const sleepThenQuery = action({
  args: { channel: v.string(), ms: v.number() },
  handler: async (ctx, { channel, ms }) => {
    const started = Date.now();
    const order: string[] = [];
    const cleared = setTimeout(() => order.push("cleared timer ran"), 1);
    clearTimeout(cleared);
    await new Promise<void>((resolve) => setTimeout(() => {
      order.push("timer");
      resolve();
    }, ms));
    const rows = await ctx.runQuery(makeFunctionReference<"query">("messages:list"), { channel });
    order.push("query");
    return { order, rows, waited: Date.now() - started >= ms, random: typeof Math.random() };
  },
});

export const fetchText = action({
  args: { url: v.string() },
  handler: async (_ctx, { url }) => {
    const response = await fetch(url, { method: "POST", body: "ping", headers: { "x-test": "yes" } });
    return { status: response.status, text: await response.text(), type: response.headers.get("content-type") };
  },
});

export const failingCall = action(async (ctx) => {
  try {
    await ctx.runMutation(makeFunctionReference<"mutation">("behaviour:convexErrorString"), {});
    return "no error";
  } catch (e: any) {
    return { name: e.name, message: e.message, data: e.data ?? null };
  }
});
