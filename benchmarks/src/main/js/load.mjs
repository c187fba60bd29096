// The client-protocol load harness (docs/BENCHMARKS.md, "Client protocol"): drives a running Slipway
// server from other processes with the real convex@1.48.0 client, as an app's users would.
//
// It bundles load-app/ and pushes it to the deployment (admin key), seeds it, then runs:
//   http       ConvexHttpClient, 1 client in this process, sequential calls of messages:recent (an
//              indexed query that reads 10 documents); latency percentiles per call, after warm-up,
//              also over the calls during which this process was not in a garbage collection of its
//              own (a scavenge of the client's heap takes 1-9 ms and lands on a call now and then).
//   fanout     N ConvexClients subscribed to messages:latest on one channel, split over --workers
//              child processes (load-worker.mjs); one mutation from a client in this process; for
//              each subscriber, the time from sending the mutation until its onUpdate sees the new
//              value, stamped in the worker on the clock all processes share, and until the server
//              built the Transition that carried it (its serverTs). --function-warmup HTTP calls of
//              the two functions come first, then --fanout-warmup rounds that are not counted (both
//              repeated until the JIT has settled, see below), then --rounds measured rounds;
//              percentiles over all (subscriber, round) pairs, and of each round's slowest subscriber.
//   mutations  --writers ConvexClients, split over the workers, each sending messages:send over its
//              WebSocket back to back (each awaits its own result); mutations per second over all,
//              and latency percentiles.
//
// With --server-pid (the server's process on this machine, Linux), it also reports the CPU time the
// server spent per fan-out round, per HTTP call and per mutation (from /proc: a figure that the
// machine's other load does not inflate the way it does latencies), and before each measured phase
// waits, up to --quiet-wait seconds, until the server is nearly idle (its JIT compilers done with
// what the warm-up started); the HTTP and fan-out warm-ups are repeated (up to --settle-batches
// times) until one of them starts no compilation at all. The workers report the harness's own CPU
// per round the same way.
//
// Usage:
//   node load.mjs --url=http://127.0.0.1:3210/d/default --admin-key=KEY [--server-pid=PID]
//        [--scenarios=http,fanout,mutations] [--fanout=1000,10000] [--rounds=20] [--fanout-warmup=3]
//        [--function-warmup=12000] [--workers=4] [--http-warmup=2000] [--http-calls=10000]
//        [--writers=32] [--seconds=20] [--quiet-wait=120] [--settle-batches=3] [--json]
//   node load.mjs ... --smoke   (tiny sizes, for LoadHarnessSmokeTest; prints one JSON line)
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { execFileSync, fork } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleModules } from "./bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const api = anyApi;
/** Milliseconds on the wall clock, sub-millisecond precise, comparable across this machine's processes. */
const now = () => performance.timeOrigin + performance.now();
/** How long one round or one connection phase may take before the harness gives up. */
const PHASE_LIMIT_MS = 120_000;
/**
 * The server counts as quiet when it used less than this share of one core over a second (10,000 idle
 * sockets alone take about 15%: their keepalive pings).
 */
const QUIET_SHARE = 0.25;

const options = parseArguments(process.argv.slice(2));
const server = serverCpu(options.serverPid);
const results = {};

await push();
for (const scenario of options.scenarios) {
  if (scenario === "http") {
    results.http = await httpQueries();
  } else if (scenario === "fanout") {
    await warmFunctions();
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
  await warmUntilSettled("HTTP query", async () => {
    for (let i = 0; i < options.httpWarmup; i++) {
      await call();
    }
  });
  const gcs = harnessGcs();
  const calls = [];
  const cpu = server.mark();
  for (let i = 0; i < options.httpCalls; i++) {
    const start = performance.now();
    const page = await call();
    calls.push({ start, end: performance.now() });
    if (page.length !== 10) {
      fail(`messages:recent returned ${page.length} documents, expected 10`);
    }
  }
  const serverCpuMsPerCall = server.per(cpu, calls.length, 3);
  const pauses = await gcs.stop();
  const clean = calls.filter((c) => !pauses.some((p) => p.start < c.end && p.end > c.start));
  const latency = (c) => c.end - c.start;
  return {
    calls: calls.length,
    ...percentiles(calls.map(latency)),
    serverCpuMsPerCall,
    harnessGcCalls: calls.length - clean.length,
    withoutHarnessGc: percentiles(clean.map(latency)),
  };
}

/**
 * The garbage collections of this process from now until stop() (start and end on the
 * performance.now() clock): a call that overlaps one waited for the harness, not for the server.
 */
function harnessGcs() {
  const pauses = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 50)); // the observer reports asynchronously
      observer.disconnect();
      return pauses;
    },
  };
}

/** Calls the fan-out's query and mutation over HTTP, so that the rounds do not wait for the JIT. */
async function warmFunctions() {
  const client = new ConvexHttpClient(options.url);
  await warmUntilSettled("fan-out functions", async () => {
    for (let i = 0; i < options.functionWarmup; i++) {
      await client.mutation(api.messages.send, { channel: "warm-up", body: `w${i}`, author: "warm-up" });
      await client.query(api.messages.latest, { channel: "warm-up" });
    }
  });
}

/**
 * Runs `batch` (a warm-up) and waits for the server to be quiet, again and again until the server is
 * quiet at once after a run: that run started no JIT compilation. At most --settle-batches runs
 * (without --server-pid, one). GraalJS compiles a function in tiers, the last after about 10,000
 * calls, and a compilation takes seconds of a core here; a single short warm-up had left them to
 * start during the measured fan-out rounds. One quiet run does not prove that nothing is left (a
 * function may still be short of a threshold), so the warm-ups also make enough calls.
 */
async function warmUntilSettled(phase, batch) {
  for (let n = 1; ; n++) {
    await batch();
    const seconds = await server.quiet(`${phase} (warm-up ${n})`);
    if (seconds <= 1) {
      return;
    }
    if (n >= options.settleBatches) {
      progress(`${phase}: the server still compiled after warm-up ${n}; going on`);
      return;
    }
  }
}

async function fanout(n) {
  const channel = `fan-${n}-${Date.now()}`;
  await server.quiet(`fan-out ${n} (before connecting)`);
  const workers = startWorkers(Math.min(options.workers, n));
  const shares = split(n, workers.length);
  const connecting = now();
  await Promise.all(
    workers.map((w, i) => w.ask({ op: "subscribe", url: options.url, channel, count: shares[i] }, "subscribed")),
  );
  progress(`fan-out ${n}: ${n} subscribers on ${workers.length} workers in ${Math.round(now() - connecting)} ms`);
  const writer = new ConvexClient(options.url);
  const rounds = { all: [], slowest: [], built: [], slowestBuilt: [], serverCpu: [], clientCpu: [] };
  const play = async (name) => {
    const measured = await fanoutRound(workers, writer, channel, name);
    progress(
      `fan-out ${n}: ${name}: last Transition built at ${round(measured.lastBuilt)} ms,` +
        ` seen by its client at ${round(measured.last)} ms; CPU: server ${measured.serverCpu ?? "?"} ms,` +
        ` clients ${measured.clientCpu} ms`,
    );
    return measured;
  };
  // The sync path gives the functions new type profiles (GraalJS may recompile them), so the rounds
  // themselves are warmed until they start no compilation.
  let warmUps = 0;
  await warmUntilSettled(`fan-out ${n}`, async () => {
    for (let r = 0; r < options.fanoutWarmup; r++) {
      await play(`warm-up round ${++warmUps}`);
    }
  });
  for (let r = 0; r < options.rounds; r++) {
    const measured = await play(`round ${r}`);
    rounds.all.push(...measured.latencies);
    rounds.slowest.push(measured.last);
    rounds.built.push(...measured.builtLatencies);
    rounds.slowestBuilt.push(measured.lastBuilt);
    rounds.serverCpu.push(measured.serverCpu);
    rounds.clientCpu.push(measured.clientCpu);
  }
  await writer.close();
  await Promise.all(workers.map((w) => w.close()));
  return {
    clients: n,
    workers: workers.length,
    rounds: options.rounds,
    updates: rounds.all.length,
    ...percentiles(rounds.all),
    slowestPerRound: percentiles(rounds.slowest),
    built: {
      updates: rounds.built.length,
      ...percentiles(rounds.built),
      slowestPerRound: percentiles(rounds.slowestBuilt),
    },
    serverCpuMsPerRound: server.known ? round(mean(rounds.serverCpu)) : null,
    clientCpuMsPerRound: round(mean(rounds.clientCpu)),
  };
}

/** One mutation and every subscriber's update of it. */
async function fanoutRound(workers, writer, channel, body) {
  const seen = [];
  await Promise.all(workers.map((w) => w.ask({ op: "expect", body }, "armed").then(() => seen.push(w.next("seen")))));
  const cpu = server.mark();
  const start = now();
  await writer.mutation(api.messages.send, { channel, body, author: "writer" });
  const reports = await Promise.all(seen);
  const serverCpu = server.since(cpu);
  const latencies = reports.flatMap((m) => m.times).map((t) => t - start);
  const builtLatencies = reports.flatMap((m) => m.built).filter((t) => t !== null).map((t) => t - start);
  return {
    latencies,
    builtLatencies,
    last: Math.max(...latencies),
    lastBuilt: Math.max(...builtLatencies),
    serverCpu,
    clientCpu: Math.round(reports.reduce((sum, m) => sum + m.cpuMs, 0)),
  };
}

async function mutations() {
  const workers = startWorkers(Math.min(options.workers, options.writers));
  const shares = split(options.writers, workers.length);
  const warmUntil = now() + Math.min(5000, options.seconds * 250);
  const until = warmUntil + options.seconds * 1000;
  let first = 0;
  let cpu = null;
  const counting = setTimeout(() => (cpu = server.mark()), warmUntil - now());
  const reports = await Promise.all(
    workers.map((w, i) => {
      const message = { op: "write", url: options.url, writers: shares[i], first, warmUntil, until };
      first += shares[i];
      return w.ask(message, "written", until - now() + PHASE_LIMIT_MS);
    }),
  );
  clearTimeout(counting);
  await Promise.all(workers.map((w) => w.close()));
  const times = reports.flatMap((r) => r.times);
  const elapsed = (Math.max(...reports.map((r) => r.end)) - warmUntil) / 1000;
  return {
    writers: options.writers,
    workers: workers.length,
    seconds: Number(elapsed.toFixed(2)),
    mutations: times.length,
    perSecond: Number((times.length / elapsed).toFixed(1)),
    ...percentiles(times),
    serverCpuMsPerMutation: cpu === null ? null : server.per(cpu, times.length, 3),
  };
}

/** `count` worker processes (load-worker.mjs), each answering one message at a time. */
function startWorkers(count) {
  return Array.from({ length: count }, (_, index) => {
    const child = fork(path.join(here, "load-worker.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const inbox = [];
    const waiting = [];
    child.on("message", (message) => {
      if (message.op === "failed") {
        fail(`worker ${index} failed: ${message.message}`);
      }
      const next = waiting.shift();
      next ? next(message) : inbox.push(message);
    });
    child.on("exit", (code) => {
      if (code !== 0 && !child.closing) fail(`worker ${index} exited with code ${code}`);
    });
    const worker = {
      /** The worker's next message, which must be `op`. */
      next(op, limit = PHASE_LIMIT_MS) {
        const message = inbox.length > 0 ? Promise.resolve(inbox.shift()) : new Promise((r) => waiting.push(r));
        let timer;
        const late = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`worker ${index} sent no "${op}" within ${limit} ms`)), limit);
        });
        return Promise.race([message, late])
          .finally(() => clearTimeout(timer))
          .then((m) => (m.op === op ? m : fail(`worker ${index} answered ${m.op}, expected ${op}`)))
          .catch((e) => fail(e.message));
      },
      ask(message, op, limit) {
        child.send(message);
        return worker.next(op, limit);
      },
      close() {
        child.closing = true;
        const exited = new Promise((r) => child.once("exit", r));
        child.send({ op: "close" });
        return exited;
      },
    };
    return worker;
  });
}

/**
 * The server's CPU time (user + system, all threads, from /proc/<pid>/stat), or a stand-in that
 * knows nothing when no --server-pid was given.
 */
function serverCpu(pid) {
  if (pid === null) {
    return { known: false, mark: () => null, since: () => null, per: () => null, quiet: async () => 0 };
  }
  const tick = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  const read = () => {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch (e) {
      fail(`cannot read the server's CPU time (--server-pid=${pid}): ${e.message}`);
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * tick; // utime, stime
  };
  return {
    known: true,
    mark: read,
    since: (mark) => Math.round(read() - mark),
    per: (mark, count, digits) => (count === 0 ? null : Number(((read() - mark) / count).toFixed(digits))),
    /**
     * Waits until the server used under QUIET_SHARE of a core over a second, or --quiet-wait ran out;
     * answers how many seconds it watched (1: the server was quiet at once).
     */
    async quiet(phase) {
      const start = now();
      for (let seconds = 1; ; seconds++) {
        const before = read();
        await new Promise((r) => setTimeout(r, 1000));
        const used = read() - before;
        if (used < QUIET_SHARE * 1000) {
          progress(`${phase}: server quiet after ${Math.round((now() - start) / 1000)} s`);
          return seconds;
        }
        if (now() - start > options.quietWait * 1000) {
          const share = `${Math.round(used / 10)}% of a core`;
          progress(`${phase}: server still busy (${share}) after ${options.quietWait} s; going on`);
          return seconds;
        }
      }
    },
  };
}

/** `n` split into `parts` shares that differ by at most one. */
function split(n, parts) {
  return Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
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
  const max = round(sorted[sorted.length - 1]);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max, mean: round(mean(sorted)) };
}

function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function round(ms) {
  return Number(ms.toFixed(3));
}

function report(r) {
  const line = (label, p) => `${label}: p50 ${p.p50} ms, p90 ${p.p90} ms, p99 ${p.p99} ms, max ${p.max} ms`;
  const cpu = (label, ms) => (ms === null ? "" : `; server CPU ${ms} ms ${label}`);
  if (r.http) {
    const h = r.http;
    console.log(line(`HTTP query (${h.calls} calls)`, h) + cpu("per call", h.serverCpuMsPerCall));
    const clean = `HTTP query, the ${h.calls - h.harnessGcCalls} calls without a GC of the harness`;
    console.log(line(clean, h.withoutHarnessGc));
  }
  for (const f of r.fanout ?? []) {
    console.log(line(`fan-out ${f.clients} clients (${f.workers} workers) x ${f.rounds} rounds, per client`, f));
    console.log(line(`fan-out ${f.clients} clients, slowest client per round`, f.slowestPerRound));
    console.log(line(`fan-out ${f.clients} clients, Transition built by the server (serverTs)`, f.built));
    console.log(line(`fan-out ${f.clients} clients, last Transition built per round`, f.built.slowestPerRound));
    console.log(
      `fan-out ${f.clients} clients, CPU per round: server ` +
        `${f.serverCpuMsPerRound ?? "unknown (no --server-pid)"} ms, clients ${f.clientCpuMsPerRound} ms`,
    );
  }
  if (r.mutations) {
    const m = r.mutations;
    console.log(
      line(`${m.writers} WebSocket writers (${m.workers} workers): ${m.perSecond} mutations/s over ${m.seconds} s`, m) +
        cpu("per mutation", m.serverCpuMsPerMutation),
    );
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
  const count = (name, fallback) => {
    const value = number(name, fallback);
    if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a whole number from 1, got "${values[name]}"`);
    return value;
  };
  const fanoutSizes = (values.fanout ?? (smoke ? "20" : "1000,10000")).split(",").map(Number);
  if (!fanoutSizes.every((n) => Number.isInteger(n) && n >= 1)) {
    fail(`--fanout must be client counts separated by commas, got "${values.fanout}"`);
  }
  if (!values.url || !values["admin-key"]) {
    fail("--url=<deployment URL> and --admin-key=<key> are required");
  }
  return {
    url: values.url.replace(/\/$/, ""),
    adminKey: values["admin-key"],
    serverPid: values["server-pid"] === undefined ? null : count("server-pid", 1),
    scenarios: (values.scenarios ?? "http,fanout,mutations").split(","),
    fanout: fanoutSizes,
    rounds: count("rounds", smoke ? 2 : 20),
    fanoutWarmup: number("fanout-warmup", smoke ? 1 : 3),
    functionWarmup: number("function-warmup", smoke ? 5 : 12000),
    workers: count("workers", smoke ? 2 : 4),
    httpWarmup: number("http-warmup", smoke ? 5 : 2000),
    httpCalls: count("http-calls", smoke ? 20 : 10000),
    writers: count("writers", smoke ? 4 : 32),
    seconds: number("seconds", smoke ? 1 : 20),
    quietWait: number("quiet-wait", smoke ? 0 : 120),
    settleBatches: count("settle-batches", smoke ? 1 : 3),
    json: values.json === "true",
    smoke,
  };
}

/** A line on stderr about how far the run is (stdout carries only the results). */
function progress(message) {
  if (!options.smoke) console.error(`load.mjs: ${message}`);
}

function fail(message) {
  console.error(`load.mjs: ${message}`);
  process.exit(2);
}
