// Test harness for the Slipway web prelude (isolate/src/main/resources/dev/slipway/isolate/web).
//
// Each prelude is loaded into a fresh `vm` context whose global object has only the ECMAScript
// built-ins (none of Node's URL, Headers, Blob, TextEncoder, ...), so the prelude's own code runs.
// Node's built-in web APIs in the main realm are the oracle: `compare` runs the same function
// source in both realms and compares realm-independent summaries of the results.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const PRELUDE_DIR = path.resolve(__dirname, "../../../main/resources/dev/slipway/isolate/web");

/** The prelude files in evaluation order. */
const preludeFiles = () =>
  fs
    .readdirSync(PRELUDE_DIR)
    .filter((f) => f.endsWith(".js"))
    .sort()
    .map((f) => ({ name: f, path: path.join(PRELUDE_DIR, f), source: fs.readFileSync(path.join(PRELUDE_DIR, f), "utf8") }));

/** The globals the prelude provides; a bare context must lack all of them. */
const WEB_GLOBALS = [
  "URL",
  "URLSearchParams",
  "Headers",
  "Request",
  "Response",
  "Blob",
  "File",
  "FormData",
  "TextEncoder",
  "TextDecoder",
  "atob",
  "btoa",
  "DOMException",
  "structuredClone",
  "Event",
  "CustomEvent",
  "EventTarget",
  "AbortController",
  "AbortSignal",
  "queueMicrotask",
  "self",
  "crypto",
  "Crypto",
];

// Helpers available as the global `T` in both realms, for test functions that run in both.
const HELPERS_SOURCE = `({
  attempt(f) {
    try {
      return f();
    } catch (e) {
      return "throws " + (e && e.name);
    }
  },
  async attemptAsync(f) {
    try {
      return await f();
    } catch (e) {
      return "throws " + (e && e.name);
    }
  },
})`;
globalThis.T = (0, eval)(HELPERS_SOURCE);

/**
 * Creates a bare context and evaluates the prelude in it.
 * options.before(ctx): runs before the prelude (e.g. to delete or preset globals).
 * options.files: a filter on file names.
 */
const loadPrelude = (options = {}) => {
  const ctx = vm.createContext({});
  // Node adds nothing but ECMAScript built-ins to a new context; check, so a test never passes
  // because Node's own implementation was used.
  const present = vm.runInContext(`${JSON.stringify(WEB_GLOBALS)}.filter((n) => typeof globalThis[n] !== "undefined")`, ctx);
  assert.deepEqual([...present], [], `the bare context already has ${present}`);
  vm.runInContext("globalThis.reportedErrors = []; globalThis.reportError = (e) => globalThis.reportedErrors.push(e);", ctx);
  if (options.before) options.before(ctx);
  for (const f of preludeFiles()) {
    if (options.files && !options.files(f.name)) continue;
    vm.runInContext(f.source, ctx, { filename: f.path });
  }
  vm.runInContext(`globalThis.T = ${HELPERS_SOURCE};`, ctx);
  return ctx;
};

let sharedContext = null;
/** One prelude context shared by the comparisons of a test file. */
const context = () => {
  if (sharedContext === null) sharedContext = loadPrelude();
  return sharedContext;
};

/** Evaluates an expression in the prelude context. */
const run = (source, ctx = context()) => vm.runInContext(source, ctx);

const tagOf = (v) => Object.prototype.toString.call(v).slice(8, -1);

/**
 * A realm-independent, JSON-like summary of a value: typed arrays and buffers become byte lists,
 * errors their name, Maps/Sets their entries, platform objects a tagged marker.
 */
const summarize = async (value, seen = new Set()) => {
  if (value === undefined) return { undefined: true };
  if (value === null || typeof value === "number" || typeof value === "string" || typeof value === "boolean") {
    if (typeof value === "number" && !Number.isFinite(value)) return { number: String(value) };
    if (Object.is(value, -0)) return { number: "-0" };
    return value;
  }
  if (typeof value === "bigint") return { bigint: String(value) };
  if (typeof value === "symbol" || typeof value === "function") return { [typeof value]: true };
  if (seen.has(value)) return { cycle: true };
  const tag = tagOf(value);
  if (tag === "Promise") {
    try {
      return { resolved: await summarize(await value, seen) };
    } catch (e) {
      return { rejected: await summarize(e, seen) };
    }
  }
  if (tag === "Error" || tag === "DOMException" || (value && typeof value.name === "string" && typeof value.message === "string" && "stack" in value)) {
    const out = { error: value.name };
    if (tag === "DOMException" || value.constructor?.name === "DOMException") out.code = value.code;
    return out;
  }
  if (tag === "ArrayBuffer") return { ArrayBuffer: [...new Uint8Array(value)] };
  if (ArrayBuffer.isView(value)) {
    const bytes = [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)];
    return { [tag === "DataView" ? "DataView" : tag]: bytes };
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const out = [];
      for (const v of value) out.push(await summarize(v, seen));
      return out;
    }
    if (tag === "Map") {
      const out = [];
      for (const [k, v] of value) out.push([await summarize(k, seen), await summarize(v, seen)]);
      return { Map: out };
    }
    if (tag === "Set") {
      const out = [];
      for (const v of value) out.push(await summarize(v, seen));
      return { Set: out };
    }
    if (tag === "Date") return { Date: value.getTime() };
    if (tag === "RegExp") return { RegExp: String(value) };
    if (tag === "Blob" || tag === "File") {
      const out = { [tag]: [...new Uint8Array(await value.arrayBuffer())], type: value.type };
      if (tag === "File") out.name = value.name;
      return out;
    }
    if (tag === "Headers" || tag === "URLSearchParams" || tag === "FormData") {
      const out = [];
      for (const [k, v] of value) out.push([k, await summarize(v, seen)]);
      return { [tag]: out };
    }
    if (tag === "URL") return { URL: value.href };
    if (tag === "Object") {
      const out = {};
      for (const k of Object.keys(value)) out[k] = await summarize(value[k], seen);
      return out;
    }
    return { object: tag };
  } finally {
    seen.delete(value);
  }
};

/**
 * Runs fn (which may only use globals and T) in the prelude context and in Node's realm, and
 * asserts equal summaries. Returns the summary.
 */
const compare = async (fn, ctx = context(), label = undefined) => {
  const ours = await summarize(await callSafely(vm.runInContext(`(${fn.toString()})`, ctx)));
  const node = await summarize(await callSafely(fn));
  assert.deepEqual(ours, node, `${label ?? fn.toString()}\n  prelude: ${JSON.stringify(ours)}\n  node:    ${JSON.stringify(node)}`);
  return ours;
};

const callSafely = async (f) => {
  try {
    return await f();
  } catch (e) {
    return { thrown: e && e.name, code: e && e.constructor && e.constructor.name === "DOMException" ? e.code : undefined };
  }
};

/** A seeded PRNG (mulberry32); the seed comes from SLIPWAY_TEST_SEED or the clock and is printed. */
const seededRandom = (label) => {
  const seed = process.env.SLIPWAY_TEST_SEED ? Number(process.env.SLIPWAY_TEST_SEED) : Date.now() % 2 ** 31;
  console.log(`# ${label}: seed ${seed} (rerun with SLIPWAY_TEST_SEED=${seed})`);
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  return { seed, next, int, pick };
};

module.exports = {
  PRELUDE_DIR,
  WEB_GLOBALS,
  preludeFiles,
  loadPrelude,
  context,
  run,
  compare,
  summarize,
  seededRandom,
  assert,
  vm,
};
