import { actionGeneric as action, queryGeneric as query } from "convex/server";
import { v } from "convex/values";

export const spin = query(async () => {
  let i = 0;
  while (true) {
    i++;
  }
});

export const spinAction = action(async () => {
  let i = 0;
  while (true) {
    i++;
  }
});

export const memoryBomb = action(async () => {
  const hoard: number[][] = [];
  while (true) {
    hoard.push(new Array(1_000_000).fill(1.5));
  }
});

export const neverSettles = query(async () => {
  await new Promise(() => {});
  return "unreachable";
});

export const neverSettlesAction = action(async () => {
  await new Promise(() => {});
  return "unreachable";
});

export const bigResult = query({
  args: { size: v.number() },
  handler: async (_ctx, { size }) => "y".repeat(size),
});

export const fetchInQuery = query(async () => {
  await fetch("http://127.0.0.1:9/");
  return "fetched";
});

export const sleepInQuery = query(async () => {
  setTimeout(() => {}, 10);
  return "slept";
});
