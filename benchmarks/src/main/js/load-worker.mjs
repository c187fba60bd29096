// One worker process of the client-protocol load harness (load.mjs forks several): it holds its share
// of the clients, real convex@1.48.0 ConvexClients with their own WebSockets, so that receiving and
// decoding thousands of Transitions is spread over several event loops instead of queueing in one.
//
// Every time it reports is a wall-clock instant in milliseconds with sub-millisecond precision
// (performance.timeOrigin + performance.now()), which processes on one machine share, so the parent
// compares them with the instant it sent the mutation. Each subscriber's socket is the client's own
// WebSocket class (ws, the version convex bundles) with one addition: it notes the serverTs of each
// Transition frame (when the server built it, ns since the epoch) before the client handles the
// frame, so the harness can tell the server's part of a fan-out from the clients' part.
//
// Messages from the parent (process.send), each answered once:
//   {op: "subscribe", url, channel, count}  -> {op: "subscribed", count}   count clients, each with
//                                              its first result of messages:latest on channel
//   {op: "expect", body}                    -> {op: "armed"} at once, then {op: "seen", times, built}
//                                              once every subscriber's onUpdate has seen body
//                                              (times[i]: when subscriber i saw it; built[i]: the
//                                              serverTs, in ms, of the Transition that brought it),
//                                              with the CPU time this process used meanwhile (cpuMs)
//   {op: "write", url, writers, first, warmUntil, until}
//                                           -> {op: "written", times, end}: writers clients sending
//                                              messages:send back to back until `until` (a shared
//                                              instant); the latencies of those that started at or
//                                              after warmUntil, and when the last one finished
//   {op: "close"}                           -> closes every client and exits
// A failure is reported as {op: "failed", message} and ends the process.
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import WebSocket from "ws";

const api = anyApi;
const now = () => performance.timeOrigin + performance.now();
const subscribers = [];
const writers = [];

process.on("message", (message) => {
  handle(message).catch((error) => fail(error?.stack ?? String(error)));
});
process.on("disconnect", () => process.exit(0));

async function handle(message) {
  switch (message.op) {
    case "subscribe":
      return subscribeAll(message);
    case "expect":
      return expect(message.body);
    case "write":
      return write(message);
    case "close":
      await Promise.all([...subscribers, ...writers].map((s) => (s.client ?? s).close()));
      process.exit(0);
      return;
    default:
      fail(`unknown message ${JSON.stringify(message)}`);
  }
}

async function subscribeAll({ url, channel, count }) {
  // Connect in batches, so the measurement is not of a connection storm.
  for (let i = 0; i < count; i += 250) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 250); j++) {
      batch.push(subscribe(url, channel));
    }
    subscribers.push(...(await Promise.all(batch)));
  }
  process.send({ op: "subscribed", count: subscribers.length });
}

/** A client subscribed to messages:latest on `channel`, once it has its first result. */
function subscribe(url, channel) {
  const subscriber = { client: null, expected: null, seenAt: null, builtAt: null, lastBuilt: null };
  const client = new ConvexClient(url, { webSocketConstructor: stampingSocket(subscriber) });
  subscriber.client = client;
  return new Promise((ready) => {
    client.onUpdate(api.messages.latest, { channel }, (body) => {
      const at = now();
      if (subscriber.expected !== null && body === subscriber.expected) {
        subscriber.expected = null;
        subscriber.seenAt = at;
        subscriber.builtAt = subscriber.lastBuilt;
        round?.arrived();
      }
      ready(subscriber);
    });
  });
}

const SERVER_TS = /"serverTs":(\d+)/;

/**
 * A WebSocket class for one subscriber's client: a ws WebSocket whose message handler first notes the
 * serverTs of a Transition frame in subscriber.lastBuilt (ms), then runs the client's handler.
 */
function stampingSocket(subscriber) {
  return class extends WebSocket {
    set onmessage(handler) {
      super.onmessage =
        handler === null
          ? null
          : (event) => {
              if (typeof event.data === "string" && event.data.startsWith('{"type":"Transition"')) {
                const ts = SERVER_TS.exec(event.data);
                subscriber.lastBuilt = ts === null ? null : Number(BigInt(ts[1]) / 1000n) / 1000;
              }
              handler(event);
            };
    }

    get onmessage() {
      return super.onmessage;
    }
  };
}

let round = null;

function expect(body) {
  let waiting = subscribers.length;
  for (const s of subscribers) {
    s.expected = body;
    s.seenAt = null;
    s.builtAt = null;
  }
  const cpu = process.cpuUsage();
  round = {
    arrived() {
      if (--waiting === 0) {
        round = null;
        const used = process.cpuUsage(cpu);
        process.send({
          op: "seen",
          times: subscribers.map((s) => s.seenAt),
          built: subscribers.map((s) => s.builtAt),
          cpuMs: (used.user + used.system) / 1000,
        });
      }
    },
  };
  process.send({ op: "armed" });
}

async function write({ url, writers: count, first, warmUntil, until }) {
  for (let i = 0; i < count; i++) {
    writers.push(new ConvexClient(url));
  }
  const times = [];
  await Promise.all(
    writers.map(async (client, i) => {
      const writer = first + i;
      let n = 0;
      while (now() < until) {
        const start = now();
        const message = { channel: `writer-${writer}`, body: `m${n++}`, author: `w${writer}` };
        await client.mutation(api.messages.send, message);
        if (start >= warmUntil) {
          times.push(now() - start);
        }
      }
    }),
  );
  process.send({ op: "written", times, end: now() });
}

function fail(message) {
  process.send({ op: "failed", message }, () => process.exit(1));
}
