#!/usr/bin/env node
// Runs a scenario of function calls on convex-test, the npm mock of a Convex backend, and prints
// one JSON result per call (one per line, in order). Slipway runs the same scenario on its own
// runtime, and the two result lists are compared. The scenario format is in README.md.
//
//   node oracle.mjs <scenario.json> [functionsDir]
//
// Per call: {"ok":true,"value":<Convex-JSON>,"logs":[...]}
//        or {"ok":false,"message":"...","data":<Convex-JSON, only for a ConvexError>,"logs":[...]}
//        or {"ok":false,"skipped":true,"message":"unresolved $ref ...","logs":[]}
// Exit status: 0 when every call ran (whatever its outcome), 1 for a bad scenario or a failure of
// the oracle itself, 2 for bad usage.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { convexTest } from "convex-test";
import { convexToJson, jsonToConvex } from "convex/values";
import * as esbuild from "esbuild";
import inspect from "object-inspect";
import { entryFiles } from "./bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Date.now() during call i (0-based) is BASE_TIME_MS + (i + 1) * 1000, frozen for the whole call. */
export const BASE_TIME_MS = 1_750_000_000_000;

class ScenarioError extends Error {}

/** A call whose `$ref` cannot be resolved is skipped, not run. */
class UnresolvedRef extends Error {}

/** mulberry32: a small seeded PRNG, so the oracle's own runs repeat exactly for a seed. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Loading the app: every entry file is bundled by esbuild with packages left external, so the
// app and convex-test share one copy of `convex` (ConvexError, function references, validators).
// The bundles are imported from data: URLs, with bare imports rewritten to absolute file URLs.

const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: import.meta.resolve(args.path), external: true }));
  },
};

/** The `modules` map convex-test wants (normally from import.meta.glob), plus the schema. */
export async function loadApp(functionsDir) {
  const entries = [...entryFiles(functionsDir), "_generated/api.js", "_generated/server.js"];
  // Nothing is written (write: false); outDir only names the outputs.
  const outDir = path.join(functionsDir, ".oracle-out");
  const result = await esbuild.build({
    absWorkingDir: functionsDir,
    entryPoints: entries,
    outdir: outDir,
    outbase: functionsDir,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "esnext",
    write: false,
    plugins: [externalPackages],
    logLevel: "silent",
  });
  const modules = {};
  for (const file of result.outputFiles) {
    const rel = path.relative(outDir, file.path).split(path.sep).join("/");
    const url = `data:text/javascript;base64,${Buffer.from(file.contents).toString("base64")}`;
    modules[`./convex/${rel}`] = () => import(url);
  }
  const schemaModule = modules["./convex/schema.js"];
  if (schemaModule === undefined) {
    throw new ScenarioError(`${functionsDir}: no schema.ts`);
  }
  const schema = (await schemaModule()).default;
  return { schema, modules };
}

// ---------------------------------------------------------------------------------------------
// References to earlier results.

function isRef(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    Array.isArray(value.$ref)
  );
}

/** The part of an earlier result a `{"$ref": [k, "a.0.b"]}` names, as Convex-JSON. */
function lookupRef([k, fieldPath = ""], results, current) {
  if (!Number.isInteger(k) || k < 0 || k >= current) {
    throw new ScenarioError(`call ${current}: $ref to call ${k}, which is not an earlier call`);
  }
  const earlier = results[k];
  if (!earlier.ok) {
    throw new UnresolvedRef(`unresolved $ref [${k}, "${fieldPath}"]: call ${k} failed`);
  }
  let value = earlier.value;
  for (const segment of fieldPath === "" ? [] : fieldPath.split(".")) {
    const next =
      value !== null && typeof value === "object" && Object.hasOwn(value, segment) ? value[segment] : undefined;
    if (next === undefined) {
      throw new UnresolvedRef(`unresolved $ref [${k}, "${fieldPath}"]: no "${segment}" in the result of call ${k}`);
    }
    value = next;
  }
  return value;
}

/** Copies a JSON tree, replacing every `$ref` object by what it names. */
export function resolveRefs(json, results, current) {
  if (isRef(json)) {
    return lookupRef(json.$ref, results, current);
  }
  if (Array.isArray(json)) {
    return json.map((x) => resolveRefs(x, results, current));
  }
  if (json !== null && typeof json === "object") {
    return Object.fromEntries(Object.entries(json).map(([key, x]) => [key, resolveRefs(x, results, current)]));
  }
  return json;
}

// ---------------------------------------------------------------------------------------------
// Determinism: seeded Math.random, a frozen clock per call, captured console output.

function installDeterminism(seed) {
  const clock = { now: BASE_TIME_MS };
  const RealDate = Date;
  class FrozenDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) {
        super(clock.now);
      } else {
        super(...args);
      }
    }
    static now() {
      return clock.now;
    }
  }
  globalThis.Date = FrozenDate;
  Math.random = seededRandom(seed);

  const sink = { lines: [] };
  // Rendered as the Convex runtime renders console arguments (object-inspect, indent 2).
  const render = (args) => args.map((a) => inspect(a, { maxStringLength: 32768, indent: 2, customInspect: true })).join(" ");
  const level = (name) => (...args) => sink.lines.push(`[${name}] ${render(args)}`);
  globalThis.console = {
    log: level("LOG"),
    info: level("INFO"),
    warn: level("WARN"),
    error: level("ERROR"),
    debug: level("DEBUG"),
    trace: level("LOG"),
  };
  return { clock, sink };
}

// ---------------------------------------------------------------------------------------------
// Running calls.

const FUNCTION_KINDS = ["query", "mutation", "action"];

function checkCall(call, i) {
  if (call === null || typeof call !== "object") {
    throw new ScenarioError(`call ${i}: not an object`);
  }
  if (FUNCTION_KINDS.includes(call.kind)) {
    if (typeof call.path !== "string") {
      throw new ScenarioError(`call ${i}: "path" must be a function path like "messages:send"`);
    }
  } else if (call.kind === "http") {
    if (typeof call.path !== "string" || !call.path.startsWith("/")) {
      throw new ScenarioError(`call ${i}: an http call needs a "path" starting with /`);
    }
  } else {
    throw new ScenarioError(`call ${i}: unknown kind ${JSON.stringify(call.kind)}`);
  }
}

async function runFunction(t, call, args) {
  const convexArgs = jsonToConvex(args);
  switch (call.kind) {
    case "query":
      return await t.query(call.path, convexArgs);
    case "mutation":
      return await t.mutation(call.path, convexArgs);
    case "action":
      return await t.action(call.path, convexArgs);
  }
  throw new ScenarioError(`unknown kind ${call.kind}`);
}

async function runHttp(t, call, results, i) {
  const init = { method: call.method ?? "GET", headers: { ...(call.headers ?? {}) } };
  if (call.json !== undefined) {
    init.body = JSON.stringify(resolveRefs(call.json, results, i));
    init.headers["content-type"] ??= "application/json";
  } else if (call.body !== undefined) {
    init.body = call.body;
  }
  const response = await t.fetch(call.path, init);
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.text() };
}

function failure(e) {
  if (e instanceof UnresolvedRef) {
    return { ok: false, skipped: true, message: e.message };
  }
  if (e instanceof ScenarioError) {
    throw e;
  }
  const message = e instanceof Error ? e.message : String(e);
  if (e !== null && typeof e === "object" && e[Symbol.for("ConvexError")] === true) {
    return { ok: false, message, data: convexToJson(e.data ?? null) };
  }
  return { ok: false, message };
}

/** Runs a parsed scenario; returns the results (also printed one per line when `print` is given). */
export async function runScenario(scenario, { functionsDir = path.join(here, "convex"), print } = {}) {
  if (scenario === null || typeof scenario !== "object" || !Array.isArray(scenario.calls)) {
    throw new ScenarioError('a scenario is {"seed": n, "calls": [...]}');
  }
  const seed = Number.isInteger(scenario.seed) ? scenario.seed : 0;
  scenario.calls.forEach(checkCall);
  const { clock, sink } = installDeterminism(seed);
  const { schema, modules } = await loadApp(functionsDir);
  const t = convexTest(schema, modules);
  const results = [];
  for (const [i, call] of scenario.calls.entries()) {
    clock.now = BASE_TIME_MS + (i + 1) * 1000;
    sink.lines = [];
    let result;
    try {
      if (call.kind === "http") {
        result = { ok: true, value: await runHttp(t, call, results, i) };
      } else {
        const args = resolveRefs(call.args ?? {}, results, i);
        const value = await runFunction(t, call, args);
        result = { ok: true, value: convexToJson(value === undefined ? null : value) };
      }
    } catch (e) {
      result = failure(e);
    }
    result.logs = sink.lines;
    results.push(result);
    print?.(result);
  }
  return results;
}

async function main(argv) {
  if (argv.length < 1 || argv.length > 2) {
    process.stderr.write("usage: node oracle.mjs <scenario.json> [functionsDir]\n");
    return 2;
  }
  let scenario;
  try {
    scenario = JSON.parse(readFileSync(argv[0], "utf8"));
  } catch (e) {
    process.stderr.write(`${argv[0]}: ${e.message}\n`);
    return 1;
  }
  try {
    await runScenario(scenario, {
      functionsDir: path.resolve(argv[1] ?? path.join(here, "convex")),
      print: (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    });
  } catch (e) {
    if (Array.isArray(e?.errors)) {
      for (const m of e.errors) {
        const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}` : "<bundle>";
        process.stderr.write(`${where}: ${m.text}\n`);
      }
      return 1;
    }
    process.stderr.write(`${argv[0]}: ${e instanceof ScenarioError ? e.message : (e?.stack ?? e)}\n`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
