// The three functions of the function-runtime benchmark (docs/BENCHMARKS.md, "Function runtime"):
// the same bundle runs on Slipway's GraalJS runtime (RuntimeBenchmark) and on Node's V8
// (v8-bench.mjs), each against the same in-memory syscall stubs.
import { actionGeneric as action, mutationGeneric as mutation, queryGeneric as query } from "convex/server";
import { v } from "convex/values";

// Does nothing: what a call costs by itself (argument and result encoding in convex/server, and the
// runtime's own work around a call).
export const empty = query({
  args: {},
  handler: async () => null,
});

// Reads the whole 1,000-document table (one queryStreamNext syscall per document) and returns a
// small aggregate.
export const readAll = query({
  args: {},
  handler: async (ctx) => {
    const docs = await ctx.db.query("docs").collect();
    let likes = 0;
    let pinned = 0;
    let chars = 0;
    const authors = new Set<string>();
    const perChannel: Record<string, number> = {};
    for (const doc of docs) {
      likes += doc.likes;
      pinned += doc.pinned ? 1 : 0;
      chars += doc.body.length;
      authors.add(doc.author);
      perChannel[doc.channel] = (perChannel[doc.channel] ?? 0) + 1;
    }
    return { count: docs.length, likes, pinned, chars, authors: authors.size, perChannel };
  },
});

// A small mutation: one get, one patch, one insert.
export const touch = mutation({
  args: { id: v.id("docs") },
  handler: async (ctx, { id }) => {
    const doc = await ctx.db.get(id);
    if (doc === null) {
      throw new Error(`no document ${id}`);
    }
    const likes = doc.likes + 1;
    await ctx.db.patch(id, { likes });
    const logId = await ctx.db.insert("log", { doc: id, likes, at: doc._creationTime });
    return { logId, likes };
  },
});

// CPU-bound work with no syscalls: records built with a seeded generator, a JSON round trip, a
// sort, word counting with a Map, string building, a sieve and a string hash.
export const crunch = action({
  args: { seed: v.number(), size: v.number() },
  handler: async (_ctx, { seed, size }) => {
    let state = seed >>> 0;
    const next = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state;
    };
    const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];
    const records = [];
    for (let i = 0; i < size; i++) {
      const n = next();
      records.push({
        id: `r${i}`,
        score: (n % 10007) / 7.5,
        title: `${words[n % 10]} ${words[(n >>> 4) % 10]} ${words[(n >>> 8) % 10]}`,
        tags: [words[(n >>> 12) % 10], words[(n >>> 16) % 10]],
        nested: { a: n & 0xff, b: (n >>> 8) & 0xff },
      });
    }
    const parsed: typeof records = JSON.parse(JSON.stringify(records));
    parsed.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));

    const counts = new Map<string, number>();
    for (const r of parsed) {
      for (const word of r.title.split(" ")) {
        counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    }
    const summary = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([word, count]) => `${word}=${count}`)
      .join(",");

    const limit = size * 10;
    const composite = new Uint8Array(limit + 1);
    let primes = 0;
    for (let i = 2; i <= limit; i++) {
      if (composite[i] === 0) {
        primes++;
        for (let j = i * i; j <= limit; j += i) {
          composite[j] = 1;
        }
      }
    }

    const text = parsed.map((r) => `${r.id}:${r.title.toUpperCase()}:${r.score.toFixed(3)}`).join("|");
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    return { top: parsed[0].id, summary, primes, hash, length: text.length };
  },
});
