// The client-protocol load harness (docs/BENCHMARKS.md, "Client protocol"): drives a running Slipway
// server from a second process with the real convex@1.48.0 client, as an app's users would.
//
// It bundles load-app/ and pushes it to the deployment (admin key), seeds it, then runs:
//   http       ConvexHttpClient, 1 client, sequential calls of messages:recent (an indexed query
//              that reads 10 documents); latency percentiles per call.
//   fanout     N ConvexClients subscribed to messages:latest on one channel; one mutation from
//              another client; for each subscriber, the time from sending the mutation until its
//              onUpdate sees the new value. Repeated for several rounds; percentiles over all
//              (subscriber, round) pairs, and of each round's slowest subscriber.
//   mutations  32 ConvexClients, each sending messages:send over its WebSocket back to back
//              (each awaits its own result); mutations per second over all, and latency percentiles.
//
// Usage:
//   node load.mjs --url=http://127.0.0.1:3210/d/default --admin-key=KEY
//        [--scenarios=http,fanout,mutations] [--fanout=1000,10000] [--rounds=20]
//        [--http-warmup=2000] [--http-calls=10000] [--writers=32] [--seconds=20] [--json]
//   node load.mjs ... --smoke   (tiny sizes, for BenchmarkSmokeTest; prints one JSON line)
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleModules } from "./bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const api = anyApi;

const options = parseArguments(process.argv.slice(2));
const results = {};

await push();
for (const scenario of options.scenarios) {
  if (scenario === "http") {
    results.http = await httpQueries();
  } else if (scenario === "fanout") {
    results.fanout = [];
    for (const n of options.fanout) {
      results.fanout.push(await fanout(n));
    }
  } else if (scenario === "mutations") {
    results.mutations = await mutations();
  } else {
    fail(`unknown scenario "${scenario}" (known: http, fanout, mutations)`);
  }
}
if (options.json || options.smoke) {
  console.log(JSON.stringify(results));
} else {
  report(results);
}
process.exit(0);

async function push() {
  const out = path.join(tmpdir(), `slipway-load-app-${process.pid}`);
  await bundleModules(path.join(here, "load-app", "convex"), out);
  const modules = {};
  for (const file of listFiles(out)) {
    modules[path.relative(out, file).split(path.sep).join("/")] = readFileSync(file, "utf8");
  }
  const response = await fetch(`${options.url}/admin/push`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Convex ${options.adminKey}` },
    body: JSON.stringify({ modules }),
  });
  if (!response.ok) {
    fail(`pushing the load app to ${options.url} failed: ${response.status} ${await response.text()}`);
  }
  const http = adminClient();
  // 10 documents in the queried channel among others, so the index range matters.
  for (const channel of ["noise-a", "query", "noise-b"]) {
    await http.mutation(api.messages.seed, { channel, count: channel === "query" ? 10 : 200 });
  }
}

async function httpQueries() {
  const client = new ConvexHttpClient(options.url);
  const call = () => client.query(api.messages.recent, { channel: "query" });
  for (let i = 0; i < options.httpWarmup; i++) {
    await call();
  }
  const times = [];
  for (let i = 0; i < options.httpCalls; i++) {
    const start = performance.now();
    const page = await call();
    times.push(performance.now() - start);
    if (page.length !== 10) {
      fail(`messages:recent returned ${page.length} documents, expected 10`);
    }
  }
  return { calls: times.length, ...percentiles(times) };
}

async function fanout(n) {
  const channel = `fan-${n}-${Date.now()}`;
  const subscribers = [];
  // Connect in batches, so the measurement is not of a connection storm.
  for (let i = 0; i < n; i += 250) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 250); j++) {
      batch.push(subscribe(channel));
    }
    subscribers.push(...(await Promise.all(batch)));
  }
  const writer = new ConvexClient(options.url);
  const all = [];
  const slowest = [];
  for (let round = 0; round < options.rounds; round++) {
    const body = `round ${round}`;
    const seen = subscribers.map((s) => s.next(body));
    const start = performance.now();
    await writer.mutation(api.messages.send, { channel, body, author: "writer" });
    const arrivals = await Promise.all(seen);
    const latencies = arrivals.map((t) => t - start);
    all.push(...latencies);
    slowest.push(Math.max(...latencies));
  }
  await writer.close();
  await Promise.all(subscribers.map((s) => s.client.close()));
  return { clients: n, rounds: options.rounds, updates: all.length, ...percentiles(all), slowestPerRound: percentiles(slowest) };
}

/** A client subscribed to messages:latest on `channel`, once it has its first result. */
function subscribe(channel) {
  const client = new ConvexClient(options.url);
  let waiting = null;
  let first;
  const ready = new Promise((resolve) => (first = resolve));
  client.onUpdate(api.messages.latest, { channel }, (body) => {
    const now = performance.now();
    first();
    if (waiting !== null && body === waiting.body) {
      const w = waiting;
      waiting = null;
      w.resolve(now);
    }
  });
  const subscriber = {
    client,
    next(body) {
      return new Promise((resolve) => (waiting = { body, resolve }));
    },
  };
  return ready.then(() => subscriber);
}

async function mutations() {
  const clients = Array.from({ length: options.writers }, () => new ConvexClient(options.url));
  const warmEnd = performance.now() + Math.min(5000, options.seconds * 250);
  await Promise.all(clients.map((c, i) => sendUntil(c, i, warmEnd, null)));
  const times = [];
  const start = performance.now();
  const end = start + options.seconds * 1000;
  await Promise.all(clients.map((c, i) => sendUntil(c, i, end, times)));
  const elapsed = (performance.now() - start) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  return {
    writers: options.writers,
    seconds: Number(elapsed.toFixed(2)),
    mutations: times.length,
    perSecond: Number((times.length / elapsed).toFixed(1)),
    ...percentiles(times),
  };
}

async function sendUntil(client, writer, end, times) {
  let i = 0;
  while (performance.now() < end) {
    const start = performance.now();
    await client.mutation(api.messages.send, { channel: `writer-${writer}`, body: `m${i++}`, author: `w${writer}` });
    if (times !== null) {
      times.push(performance.now() - start);
    }
  }
}

function adminClient() {
  const client = new ConvexHttpClient(options.url);
  client.setAdminAuth(options.adminKey);
  return client;
}

function percentiles(values) {
  if (values.length === 0) {
    return { p50: null, p90: null, p99: null, max: null, mean: null };
  }
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(sorted[sorted.length - 1]), mean: round(mean) };
}

function round(ms) {
  return Number(ms.toFixed(3));
}

function report(r) {
  const line = (label, p) => `${label}: p50 ${p.p50} ms, p90 ${p.p90} ms, p99 ${p.p99} ms, max ${p.max} ms`;
  if (r.http) console.log(line(`HTTP query (${r.http.calls} calls)`, r.http));
  for (const f of r.fanout ?? []) {
    console.log(line(`fan-out ${f.clients} clients x ${f.rounds} rounds, per client`, f));
    console.log(line(`fan-out ${f.clients} clients, slowest client per round`, f.slowestPerRound));
  }
  if (r.mutations) {
    const m = r.mutations;
    console.log(line(`${m.writers} WebSocket writers: ${m.perSecond} mutations/s over ${m.seconds} s, latency`, m));
  }
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? listFiles(file) : [file];
  });
}

function parseArguments(args) {
  const values = Object.fromEntries(
    args.map((a) => {
      const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
      if (!m) fail(`bad argument "${a}"`);
      return [m[1], m[2] ?? "true"];
    }),
  );
  const smoke = values.smoke === "true";
  const number = (name, fallback) => {
    const value = values[name] === undefined ? fallback : Number(values[name]);
    if (!Number.isFinite(value) || value < 0) fail(`--${name} must be a number, got "${values[name]}"`);
    return value;
  };
  if (!values.url || !values["admin-key"]) {
    fail("--url=<deployment URL> and --admin-key=<key> are required");
  }
  return {
    url: values.url.replace(/\/$/, ""),
    adminKey: values["admin-key"],
    scenarios: (values.scenarios ?? "http,fanout,mutations").split(","),
    fanout: (values.fanout ?? (smoke ? "20" : "1000,10000")).split(",").map(Number),
    rounds: number("rounds", smoke ? 2 : 20),
    httpWarmup: number("http-warmup", smoke ? 5 : 2000),
    httpCalls: number("http-calls", smoke ? 20 : 10000),
    writers: number("writers", smoke ? 4 : 32),
    seconds: number("seconds", smoke ? 1 : 20),
    json: values.json === "true",
    smoke,
  };
}

function fail(message) {
  console.error(`load.mjs: ${message}`);
  process.exit(2);
}
