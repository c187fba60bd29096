// Drives the real convex npm client (BaseConvexClient) against Slipway's SyncSession. There is no
// network: each WebSocket the client opens is a BridgeSocket that exchanges JSON lines with the Java
// test (RealClientTest) over stdout/stdin:
//   to Java:   {op:"open"|"send"|"close", socket, text?}, {op:"commit", id, key, value},
//              {op:"drop", socket, code, reason}, {op:"done"} or {op:"fail", message}
//   from Java: {op:"opened"|"frame"|"closed", socket, text?, code?, reason?}, {op:"ack", id}
// The client's own logging goes to stderr.
import { BaseConvexClient } from "convex/browser";
import { ConvexError } from "convex/values";
import readline from "node:readline";

console.log = (...args) => console.error(...args);
console.info = (...args) => console.error(...args);
console.warn = (...args) => console.error(...args);

function emit(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

const sockets = new Map();
const acks = new Map();
let nextSocket = 0;
let nextAck = 0;

class BridgeSocket {
  constructor(url) {
    this.url = url;
    this.id = ++nextSocket;
    this.readyState = 0;
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
    sockets.set(this.id, this);
    emit({ op: "open", socket: this.id });
  }
  send(text) {
    if (this.readyState !== 1) throw new Error(`socket ${this.id} is not open`);
    emit({ op: "send", socket: this.id, text });
  }
  close() {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    emit({ op: "close", socket: this.id });
  }
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const m = JSON.parse(line);
  if (m.op === "ack") {
    acks.get(m.id)?.(m);
    acks.delete(m.id);
    return;
  }
  const socket = sockets.get(m.socket);
  if (!socket) return;
  if (m.op === "opened") {
    socket.readyState = 1;
    socket.onopen?.({});
  } else if (m.op === "frame") {
    if (socket.readyState === 1) socket.onmessage?.({ data: m.text });
  } else if (m.op === "closed") {
    socket.readyState = 3;
    sockets.delete(socket.id);
    socket.onclose?.({ code: m.code, reason: m.reason });
  }
});

function request(message) {
  const id = ++nextAck;
  return new Promise((resolve) => {
    acks.set(id, resolve);
    emit({ ...message, id });
  });
}

async function until(description, predicate, timeoutMs = 10000) {
  const start = Date.now();
  for (;;) {
    let ok = false;
    try {
      ok = predicate();
    } catch {
      ok = false;
    }
    if (ok) return;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${description}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function within(description, promise, timeoutMs = 10000) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${description}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function base64url(text) {
  return Buffer.from(text).toString("base64url");
}

function unsignedJwt(sub) {
  const now = Math.floor(Date.now() / 1000);
  return [
    base64url(JSON.stringify({ alg: "none", typ: "JWT" })),
    base64url(JSON.stringify({ iss: "https://issuer.example", sub, iat: now, exp: now + 3600 })),
    "signature",
  ].join(".");
}

async function scenario() {
  const client = new BaseConvexClient("https://happy-animal-123.convex.cloud", () => {}, {
    webSocketConstructor: BridgeSocket,
    unsavedChangesWarning: false,
  });

  // A subscription and read-your-writes: the mutation resolves only once its write is visible.
  const a = client.subscribe("kv:get", { key: "a" });
  await until("the first result", () => client.localQueryResultByToken(a.queryToken) !== undefined);
  check(client.localQueryResultByToken(a.queryToken) === null, "a starts empty");
  await within("the first mutation", client.mutation("kv:set", { key: "a", value: 1 }));
  check(client.localQueryResultByToken(a.queryToken) === 1, "the mutation's write is visible when it resolves");
  // A mutation no subscription reads still resolves: an empty Transition reaches its timestamp.
  await within("a mutation nobody watches", client.mutation("kv:set", { key: "unwatched", value: 1 }));

  // Another writer's commit reaches the subscription; identical subscriptions share a query.
  const sum = client.subscribe("kv:sum", { prefix: "s/" });
  const sumAgain = client.subscribe("kv:sum", { prefix: "s/" });
  check(sum.queryToken === sumAgain.queryToken, "the client dedupes identical queries");
  await until("the sum", () => client.localQueryResultByToken(sum.queryToken) === 0);
  await request({ op: "commit", key: "s/1", value: 5 });
  await request({ op: "commit", key: "s/2", value: 7 });
  await until("the sum after commits", () => client.localQueryResultByToken(sum.queryToken) === 12);

  // A Transition bigger than the chunk size arrives as TransitionChunks and is reassembled.
  const big = "héllo 😀 wörld ".repeat(2000);
  await request({ op: "commit", key: "big", value: big });
  const bigQuery = client.subscribe("kv:get", { key: "big" });
  await until("the big value", () => client.localQueryResultByToken(bigQuery.queryToken) === big);

  // Query and mutation errors carry ConvexError data; actions answer.
  const failing = client.subscribe("kv:fail", { key: "f" });
  await until("the failing query", () => client.hasLocalQueryResultByToken(failing.queryToken));
  try {
    client.localQueryResultByToken(failing.queryToken);
    throw new Error("the failing query did not throw");
  } catch (e) {
    check(e instanceof ConvexError && e.data === "data", `query ConvexError data, got ${e}`);
  }
  try {
    await within("the failing mutation", client.mutation("kv:fail", {}));
    throw new Error("the failing mutation resolved");
  } catch (e) {
    check(e instanceof ConvexError && e.data === 7, `mutation ConvexError data, got ${e}`);
  }
  const echoed = await within("the action", client.action("act:echo", { x: 1n }));
  check(echoed.x === 1n, "the action echoes its bigint argument");

  // Authentication: the identity version advances and every query re-runs as the user.
  let authenticated = false;
  client.setAuth(async () => unsignedJwt("alice"), (isAuthenticated) => {
    authenticated = isAuthenticated;
  });
  await until("authentication", () => authenticated);
  const who = client.subscribe("kv:whoami", {});
  await until("whoami", () => String(client.localQueryResultByToken(who.queryToken)).includes("issuer.example|alice"));

  // Paginated-style query: the journal comes back and is kept.
  for (const k of ["p/b", "p/d", "p/f"]) await request({ op: "commit", key: k, value: 1 });
  const page = client.subscribe("kv:page", { prefix: "p/", numItems: 2 });
  await until("the page", () => client.localQueryResultByToken(page.queryToken)?.length === 2);
  check(client.queryJournal("kv:page", { prefix: "p/", numItems: 2 }) === "p/d", "the journal is kept");

  // The server drops the socket with a mutation in flight and one sent while disconnected: the
  // client reconnects by itself, resubscribes (with its journal), and each mutation runs once.
  const counter = client.subscribe("kv:get", { key: "counter" });
  await until("the counter", () => client.localQueryResultByToken(counter.queryToken) === null);
  const socket = [...sockets.keys()].at(-1);
  const inFlight = client.mutation("kv:incr", { key: "counter" });
  await request({ op: "drop", socket, code: 1011, reason: "InternalServerError" });
  const whileDown = client.mutation("kv:incr", { key: "counter" });
  await within("the mutations around the reconnect", Promise.all([inFlight, whileDown]));
  check(client.localQueryResultByToken(counter.queryToken) === 2, "each mutation ran exactly once");
  await request({ op: "commit", key: "p/c", value: 1 });
  await until("the page to grow within its journal", () => client.localQueryResultByToken(page.queryToken)?.length === 3);
  check(client.localQueryResultByToken(a.queryToken) === 1, "subscriptions resumed after the reconnect");
  await request({ op: "commit", key: "a", value: 2 });
  await until("a after the reconnect", () => client.localQueryResultByToken(a.queryToken) === 2);
  check(client.connectionState().connectionCount >= 2, "the client reconnected");

  await client.close();
}

scenario().then(
  () => {
    emit({ op: "done" });
    process.exit(0);
  },
  (e) => {
    emit({ op: "fail", message: String(e?.stack ?? e) });
    process.exit(1);
  },
);
