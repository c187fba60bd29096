// The V8 side of the function-runtime benchmark (docs/BENCHMARKS.md, "Function runtime"): the same
// bundle RuntimeBenchmark runs on Slipway's GraalJS runtime, run here on Node's V8, against the same
// in-memory syscall stubs (stubs.mjs, the twin of InMemorySyscalls), after warm-up.
//
// The functions: query (readAll, 1,000 documents), mutation (touch), action (crunch), and empty (a
// query that does nothing: the cost of a call by itself).
//
// Each function is called the way Slipway's runtime calls it (invokeQuery / invokeMutation /
// invokeAction with the positional-argument JSON text) and awaited; every call is timed, and the mean
// and percentiles of the per-call times are reported. By default every function runs in a fresh
// child process (as JMH forks a fresh JVM per benchmark), so V8's type feedback for the shared
// convex/server code comes from that function alone.
//
// Usage:
//   node v8-bench.mjs [--warmup=20] [--measure=10] [--only=query|mutation|action|empty] [--json]
//   node v8-bench.mjs --smoke   (one call of each on fresh stubs; prints results, call counts and the
//                                bundle's content hash as JSON, for BenchmarkSmokeTest)
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundle } from "./bundle.mjs";
import { Stubs } from "./stubs.mjs";

const here = fileURLToPath(import.meta.url);
const FUNCTIONS = ["query", "mutation", "action", "empty"];
// The same calls as RuntimeBenchmark (keep in step).
const QUERY_ARGS = "[{}]";
const ACTION_ARGS = '[{"seed":12345,"size":2000}]';
const REQUEST_ID = "benchmark";

const options = parseArguments(process.argv.slice(2));

if (!options.only && !options.smoke) {
  runEachInChildProcess();
} else {
  const out = path.resolve(path.dirname(here), "../../../target/runtime-app-v8");
  const modulesDir = await bundle(out);
  const lines = readFileSync(path.join(out, "docs.jsonl"), "utf8").split("\n").filter((l) => l.length > 0);
  const stubs = new Stubs(lines);
  globalThis.Convex = stubs.convexGlobal();
  const app = await import(pathToFileURL(path.join(modulesDir, "bench.js")).href);
  const mutationArgs = stubs.ids.map((id) => JSON.stringify([{ id }]));
  let nextMutation = 0;
  const calls = {
    query: () => app.readAll.invokeQuery(QUERY_ARGS),
    mutation: () => app.touch.invokeMutation(mutationArgs[nextMutation++ % mutationArgs.length]),
    action: () => app.crunch.invokeAction(REQUEST_ID, ACTION_ARGS),
    empty: () => app.empty.invokeQuery(QUERY_ARGS),
  };
  if (options.smoke) {
    const results = {};
    for (const name of FUNCTIONS) {
      results[name] = await calls[name]();
    }
    console.log(JSON.stringify({ contentHash: contentHash(modulesDir), results, counts: stubs.counts }));
  } else {
    const report = await benchmark(options.only, calls[options.only], options.warmup, options.measure);
    console.log(options.json ? JSON.stringify(report) : format([report]));
  }
}

async function benchmark(name, call, warmupSeconds, measureSeconds) {
  const warmupEnd = performance.now() + warmupSeconds * 1000;
  while (performance.now() < warmupEnd) {
    await call();
  }
  const samples = [];
  const end = performance.now() + measureSeconds * 1000;
  while (performance.now() < end) {
    const started = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  const mean = samples.reduce((sum, s) => sum + s, 0) / samples.length;
  return { function: name, calls: samples.length, meanUs: mean, p50Us: at(0.5), p90Us: at(0.9), p99Us: at(0.99) };
}

function runEachInChildProcess() {
  const reports = [];
  for (const name of FUNCTIONS) {
    const child = spawnSync(
      process.execPath,
      [here, `--only=${name}`, `--warmup=${options.warmup}`, `--measure=${options.measure}`, "--json"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
    );
    if (child.status !== 0) {
      console.error(`v8-bench: the ${name} benchmark exited with ${child.status}`);
      process.exit(1);
    }
    reports.push(JSON.parse(child.stdout.trim().split("\n").pop()));
  }
  if (options.json) {
    reports.forEach((r) => console.log(JSON.stringify(r)));
  } else {
    console.log(
      `Node ${process.versions.node} (V8 ${process.versions.v8}), warm-up ${options.warmup} s, measured ${options.measure} s per function\n`,
    );
    console.log(format(reports));
  }
}

function format(reports) {
  const rows = reports.map(
    (r) =>
      `${r.function.padEnd(9)} ${String(r.calls).padStart(9)} ${r.meanUs.toFixed(1).padStart(10)} ${r.p50Us
        .toFixed(1)
        .padStart(10)} ${r.p90Us.toFixed(1).padStart(10)} ${r.p99Us.toFixed(1).padStart(10)}`,
  );
  return [`function      calls    mean µs     p50 µs     p90 µs     p99 µs`, ...rows].join("\n");
}

/** SHA-256 over every module's path and source, as Slipway's CodeVersion.contentHash() computes it. */
function contentHash(modulesDir) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) {
        walk(file);
      } else if (name.endsWith(".js")) {
        files.push(path.relative(modulesDir, file).split(path.sep).join("/"));
      }
    }
  };
  walk(modulesDir);
  files.sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file, "utf8");
    hash.update(Buffer.of(0));
    hash.update(readFileSync(path.join(modulesDir, file)));
    hash.update(Buffer.of(0));
  }
  return hash.digest("hex");
}

function parseArguments(args) {
  const parsed = { warmup: 20, measure: 10, only: null, json: false, smoke: false };
  for (const arg of args) {
    const [key, value] = arg.replace(/^--/, "").split("=");
    if (key === "warmup" || key === "measure") {
      parsed[key] = Number(value);
      if (!(parsed[key] >= 0)) {
        fail(`--${key} must be a number of seconds, got ${value}`);
      }
    } else if (key === "only") {
      if (!FUNCTIONS.includes(value)) {
        fail(`--only must be one of ${FUNCTIONS.join(", ")}, got ${value}`);
      }
      parsed.only = value;
    } else if (key === "json" || key === "smoke") {
      parsed[key] = true;
    } else {
      fail(`unknown argument ${arg}`);
    }
  }
  return parsed;
}

function fail(message) {
  console.error(`v8-bench: ${message}`);
  process.exit(2);
}
