// End-to-end suite for a running Slipway server, driven with the real convex npm client (pinned
// 1.48.0): ConvexHttpClient over the HTTP API and ConvexClient over the WebSocket sync protocol.
//
//   SLIPWAY_URL=http://127.0.0.1:PORT/d/<deployment> SLIPWAY_ADMIN_KEY=... node e2e.mjs [scenario...]
//
// The fixture app (integration-tests/src/test/fixture-app) must be pushed already. The Java test
// (ConvexClientEndToEndTest) starts the server, pushes the app and runs this script; for the restart
// scenario the script asks it to stop and start the server through a line protocol:
//   stdout: @@control {"id":1,"op":"stop"|"start"}     stdin: @@control {"id":1,"ok":true|false,"error"?}
// Everything else the script prints goes to stderr. Every scenario must pass; nothing is skipped. Exit
// status: 0 when all passed, 1 otherwise.
import assert from "node:assert/strict";
import readline from "node:readline";
import { inspect } from "node:util";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { ConvexError } from "convex/values";

const api = anyApi;
const url = required("SLIPWAY_URL");
const adminKey = required("SLIPWAY_ADMIN_KEY");
const run = Math.random().toString(36).slice(2, 8);

// The client's own logging (reconnect notices and such) must not mix with the control lines.
for (const level of ["log", "info", "warn", "debug"]) {
  console[level] = (...args) => console.error(...args);
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`e2e.mjs: set ${name}`);
    process.exit(2);
  }
  return value;
}

// ---- control channel to the Java test ----------------------------------------------------------

const controlReplies = new Map();
let nextControl = 0;
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (!line.startsWith("@@control ")) return;
  const reply = JSON.parse(line.slice("@@control ".length));
  controlReplies.get(reply.id)?.(reply);
  controlReplies.delete(reply.id);
});

function control(op) {
  const id = ++nextControl;
  return withTimeout(
    new Promise((resolve, reject) => {
      controlReplies.set(id, (reply) => (reply.ok ? resolve() : reject(new Error(`control ${op}: ${reply.error}`))));
      process.stdout.write(`@@control ${JSON.stringify({ id, op })}\n`);
    }),
    60_000,
    `the test to ${op} the server`,
  );
}

// ---- helpers -----------------------------------------------------------------------------------

/** An HTTP client that does not echo the functions' console lines. */
function httpClient() {
  return new ConvexHttpClient(url, { logger: false });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `check` (sync) until it returns true. */
async function until(check, what, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await sleep(20);
  }
}

/** A subscription whose latest value (or error) tests can wait on. */
function watch(client, query, args) {
  const w = { count: 0, value: undefined, error: undefined };
  w.unsubscribe = client.onUpdate(
    query,
    args,
    (value) => {
      w.value = value;
      w.error = undefined;
      w.count++;
    },
    (error) => {
      w.error = error;
      w.count++;
    },
  );
  w.until = (predicate, what, ms) =>
    until(
      () => w.count > 0 && w.error === undefined && predicate(w.value),
      () => `${what}; last value ${inspect(w.value, { depth: 4 })}${w.error ? `, error ${w.error}` : ""}`,
      ms,
    );
  return w;
}

function userArgs(name, email) {
  return {
    name,
    email,
    age: 30,
    karma: 1n,
    active: true,
    role: "member",
    profile: { bio: "", links: [] },
    settings: {},
    deletedAt: null,
  };
}

/** A user and a channel of their own for one scenario. */
async function fixture(http, label) {
  const userId = await http.mutation(api.users.create, userArgs(label, `${label}-${run}@example.com`));
  const channelId = await http.mutation(api.channels.create, { name: `${label}-${run}`, ownerId: userId });
  return { userId, channelId };
}

function send(http, f, body) {
  return http.mutation(api.messages.send, { channelId: f.channelId, authorId: f.userId, body, tags: [] });
}

// ---- scenarios ---------------------------------------------------------------------------------

const scenarios = [];
function scenario(name, fn) {
  scenarios.push({ name, fn });
}

scenario("http-client", async () => {
  const http = httpClient();
  const f = await fixture(http, "http");
  const user = await http.query(api.users.get, { id: f.userId });
  assert.equal(user.name, "http");
  assert.equal(user.karma, 1n);

  const sent = await send(http, f, "hello");
  assert.equal(sent.seq, 0n);
  await assert.rejects(send(http, f, "x".repeat(300)), (e) => {
    assert.ok(e instanceof ConvexError, `expected a ConvexError, got ${e}`);
    assert.deepEqual(e.data, { code: "TOO_LONG", max: 280, actual: 300 });
    return true;
  });
  await assert.rejects(send(http, f, "   "), (e) => {
    assert.ok(!(e instanceof ConvexError), "a plain Error stays plain");
    assert.match(e.message, /message body must not be empty/);
    return true;
  });

  const posted = await http.action(api.actions.postAndCount, {
    channelId: f.channelId,
    authorId: f.userId,
    body: "via action",
  });
  assert.deepEqual(posted, { seq: 1n, count: 2 });
  await assert.rejects(http.action(api.actions.explode, { structured: true }), (e) => {
    assert.ok(e instanceof ConvexError);
    assert.deepEqual(e.data, { code: "ACTION_FAILED", retryable: false, attempts: 3n });
    return true;
  });

  const value = { big: 5n, bytes: new Uint8Array([1, 2, 3]).buffer, nested: [1.5, "s", null, false] };
  const echoed = await http.function(api.misc.echo, undefined, { value });
  assert.equal(echoed.value.big, 5n);
  assert.deepEqual([...new Uint8Array(echoed.value.bytes)], [1, 2, 3]);
  assert.deepEqual(echoed.value.nested, [1.5, "s", null, false]);
  const stats = await http.function(api.channels.stats, undefined, { id: f.channelId });
  assert.equal(stats.count, 2);

  const consistent = await http.consistentQuery(api.channels.stats, { id: f.channelId });
  assert.equal(consistent.count, 2);

  await assert.rejects(http.query(api.misc.nope, {}), /Could not find public function for 'misc:nope'/);
  await assert.rejects(http.query(api.users.get, { id: 5 }), /ArgumentValidationError/);
});

scenario("http-admin", async () => {
  const http = httpClient();
  await assert.rejects(http.query(api.users.countActive, {}), /internal function/);
  http.setAdminAuth(adminKey);
  const counts = await http.query(api.users.countActive, {});
  assert.equal(typeof counts.active, "number");
  const bad = httpClient();
  bad.setAdminAuth("slipway-admin|default|" + "0".repeat(64));
  await assert.rejects(bad.query(api.users.countActive, {}), /BadAdminKey/);
});

scenario("subscription-update", async () => {
  const http = httpClient();
  const f = await fixture(http, "sub");
  const watcher = new ConvexClient(url);
  const writer = new ConvexClient(url);
  try {
    const w = watch(watcher, api.messages.byAuthor, { authorId: f.userId, limit: 100 });
    await w.until((v) => Array.isArray(v) && v.length === 0, "the first, empty result");
    await writer.mutation(api.messages.send, { channelId: f.channelId, authorId: f.userId, body: "one", tags: [] });
    await w.until((v) => v.length === 1 && v[0] === "one", "the other client's message");
    await send(http, f, "two");
    await w.until((v) => v.length === 2 && v[1] === "two", "a message sent over HTTP");
  } finally {
    await watcher.close();
    await writer.close();
  }
});

scenario("many-queries-one-socket", async () => {
  const http = httpClient();
  const f = await fixture(http, "many");
  const client = new ConvexClient(url);
  try {
    const echoes = Array.from({ length: 60 }, (_, i) => watch(client, api.misc.echo, { value: i }));
    const stats = watch(client, api.channels.stats, { id: f.channelId });
    const mine = watch(client, api.messages.byAuthor, { authorId: f.userId, limit: 10 });
    const missing = watch(client, api.misc.nope, {});
    for (let i = 0; i < echoes.length; i++) {
      await echoes[i].until((v) => v.value === i, `echo ${i}`);
    }
    await stats.until((v) => v.count === 0, "empty channel stats");
    await mine.until((v) => v.length === 0, "no messages yet");
    await until(
      () => missing.error !== undefined,
      () => "the error of an unknown function",
    );
    assert.match(missing.error.message, /Could not find public function for 'misc:nope'/);
    await client.mutation(api.messages.send, { channelId: f.channelId, authorId: f.userId, body: "hi", tags: [] });
    await stats.until((v) => v.count === 1 && v.lastBody === "hi", "stats after one message");
    await mine.until((v) => v.length === 1, "my message");
    assert.equal(client.connectionState().connectionCount, 1, "everything ran over one socket");
  } finally {
    await client.close();
  }
});

scenario("pagination", async () => {
  const http = httpClient();
  const f = await fixture(http, "page");
  for (let i = 0; i < 12; i++) await send(http, f, `m${i}`);
  const client = new ConvexClient(url);
  let latest;
  const unsubscribe = client.onPaginatedUpdate_experimental(
    api.messages.list,
    { channelId: f.channelId, order: "desc" },
    { initialNumItems: 5 },
    (result) => (latest = result),
    (error) => (latest = { error }),
  );
  const seqs = () => (latest?.results ?? []).map((m) => Number(m.seq));
  const pages = async (length, status, what) =>
    until(
      () => latest?.results?.length === length && (status === undefined || latest.status === status),
      () => `${what}: ${length} rows (${status ?? "any status"}); have ${inspect(seqs())} ${latest?.status ?? ""} ${latest?.error ?? ""}`,
    );
  const checkOrder = (expected) => {
    const got = seqs();
    assert.equal(new Set(got).size, got.length, `no duplicates in ${got}`);
    assert.deepEqual(got, expected, "newest first, no gaps");
  };
  const range = (from, to) => Array.from({ length: from - to + 1 }, (_, i) => from - i);
  try {
    await pages(5, "CanLoadMore", "the first page");
    checkOrder(range(11, 7));
    assert.ok(latest.loadMore(5));
    await pages(10, "CanLoadMore", "two pages");
    checkOrder(range(11, 2));
    for (let i = 12; i < 15; i++) await send(http, f, `m${i}`);
    await pages(13, undefined, "new rows at the top of the first page");
    checkOrder(range(14, 2));
    assert.ok(latest.loadMore(5));
    await pages(15, "Exhausted", "the last page");
    checkOrder(range(14, 0));
    for (let i = 15; i < 17; i++) await send(http, f, `m${i}`);
    await pages(17, "Exhausted", "more new rows");
    checkOrder(range(16, 0));
  } finally {
    unsubscribe();
    await client.close();
  }
});

scenario("restart", async () => {
  const http = httpClient();
  const f = await fixture(http, "restart");
  await send(http, f, "before");
  const client = new ConvexClient(url);
  try {
    const w = watch(client, api.messages.byAuthor, { authorId: f.userId, limit: 100 });
    await w.until((v) => v.length === 1, "the message sent before the restart");

    await control("stop");
    await until(
      () => !client.connectionState().isWebSocketConnected,
      () => "the client to notice the server is gone",
    );
    const offline = [1, 2, 3, 4, 5].map((i) =>
      client.mutation(api.messages.send, { channelId: f.channelId, authorId: f.userId, body: `offline ${i}`, tags: [] }),
    );
    let settled = false;
    Promise.allSettled(offline).then(() => (settled = true));
    await sleep(300);
    assert.equal(settled, false, "mutations wait while the server is down");

    await control("start");
    const results = await withTimeout(Promise.all(offline), 60_000, "the offline mutations after the restart");
    assert.deepEqual(
      results.map((r) => r.seq),
      [1n, 2n, 3n, 4n, 5n],
      "the mutations ran in order",
    );
    await w.until((v) => v.length === 6, "the subscription to resume with every message", 60_000);
    assert.deepEqual(w.value, ["before", "offline 1", "offline 2", "offline 3", "offline 4", "offline 5"]);
    const stored = await http.query(api.messages.byAuthor, { authorId: f.userId, limit: 100 });
    assert.deepEqual(stored, w.value, "each offline mutation landed exactly once");
    await send(http, f, "after");
    await w.until((v) => v.length === 7 && v[6] === "after", "a new message after the restart");
    assert.ok(client.connectionState().connectionCount >= 2, "the client reconnected");
  } finally {
    await client.close();
  }
});

scenario("fan-out-1000", async () => {
  const http = httpClient();
  const email = `fanout-${run}@example.com`;
  const clients = Array.from({ length: 1000 }, () => new ConvexClient(url));
  try {
    const watchers = clients.map((c) => watch(c, api.users.getByEmail, { email }));
    await until(
      () => watchers.every((w) => w.count > 0 && w.value === null),
      () => `every client's first result (${watchers.filter((w) => w.count > 0).length} of 1000 so far)`,
      90_000,
    );
    const started = Date.now();
    await http.mutation(api.users.create, userArgs("fan", email));
    await until(
      () => watchers.every((w) => w.value?.email === email),
      () => `every client to see the new user (${watchers.filter((w) => w.value?.email === email).length} of 1000)`,
      60_000,
    );
    console.error(`  1000 clients saw the update within ${Date.now() - started} ms`);
    for (const w of watchers) assert.equal(w.error, undefined);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
});

// ---- runner ------------------------------------------------------------------------------------

const only = process.argv.slice(2);
const selected = only.length === 0 ? scenarios : scenarios.filter((s) => only.includes(s.name));
if (selected.length !== (only.length === 0 ? scenarios.length : only.length)) {
  console.error(`unknown scenario in ${only.join(", ")}; known: ${scenarios.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
let passed = 0;
let failed = 0;
for (const s of selected) {
  const started = Date.now();
  try {
    await withTimeout(s.fn(), 150_000, `scenario ${s.name}`);
    passed++;
    console.error(`ok - ${s.name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.error(`not ok - ${s.name} (${Date.now() - started} ms)\n${e?.stack ?? e}`);
  }
}
console.error(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
