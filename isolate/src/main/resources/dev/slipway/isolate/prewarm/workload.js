// Slipway's built-in warm-up workload (JsRuntime.prewarm). It is loaded like a user's bundle and
// registers functions the way convex/server does (flags plus invokeQuery / invokeMutation /
// invokeAction), so warming it exercises the same paths real calls take: argument parsing, the Convex
// syscalls (queryStream + one async queryStreamNext per document, insert), promise chains, object and
// string work, sorting, Map/Set, console formatting, and for the action an event-loop turn through a
// timer. The runtime's prelude and the engine's built-ins are shared by every context, so their
// compiled code carries over to user code; so does the warmed-up compiler itself.

const register = (kind, handler) => {
  const fn = (ctx, args) => handler(args);
  fn[`is${kind}`] = true;
  fn.isPublic = true;
  fn.exportArgs = () => '{"type":"any"}';
  fn.exportReturns = () => "null";
  const run = async (argsJson) => {
    const [args] = JSON.parse(argsJson);
    const result = await handler(args ?? {});
    return JSON.stringify(result === undefined ? null : result);
  };
  if (kind === "Action") {
    fn.invokeAction = (_requestId, argsJson) => run(argsJson);
  } else {
    fn[`invoke${kind}`] = run;
  }
  return fn;
};

const syscall = (op, args) => JSON.parse(Convex.syscall(op, JSON.stringify(args)));
const asyncSyscall = async (op, args) => JSON.parse(await Convex.asyncSyscall(op, JSON.stringify(args)));

class Summary {
  constructor() {
    this.byChannel = new Map();
    this.authors = new Set();
  }

  add(doc) {
    const entry = this.byChannel.get(doc.channel) ?? { count: 0, words: 0, latest: null };
    entry.count++;
    entry.words += doc.body.split(/\s+/).filter((w) => w.length > 0).length;
    entry.latest = entry.latest === null || doc._creationTime > entry.latest._creationTime ? doc : entry.latest;
    this.byChannel.set(doc.channel, entry);
    this.authors.add(doc.author);
  }

  toJSON() {
    return {
      channels: [...this.byChannel.entries()].map(([channel, e]) => ({ channel, ...e, latest: e.latest?._id })),
      authors: [...this.authors].sort(),
    };
  }
}

export const list = register("Query", async ({ channel, limit = 50 }) => {
  const { queryId } = syscall("1.0/queryStream", {
    query: { source: { type: "FullTableScan", tableName: "messages", order: null }, operators: [] },
    version: "prewarm",
  });
  const docs = [];
  for (;;) {
    const { value, done } = await asyncSyscall("1.0/queryStreamNext", { queryId });
    if (done) break;
    if (channel === undefined || value.channel === channel) {
      docs.push({ ...value, body: value.body.trim(), tags: value.tags.map((t) => t.toUpperCase()) });
    }
  }
  docs.sort((a, b) => a.score - b.score || a._id.localeCompare(b._id));
  const summary = new Summary();
  docs.forEach((d) => summary.add(d));
  const digest = docs.reduce((h, d) => (Math.imul(h, 31) + d.score + d.body.length) | 0, 17);
  if (docs.length > 0 && Math.random() < 0.02) {
    console.log("prewarm", docs.length, { first: docs[0], at: new Date(Date.now()).toISOString() });
  }
  return { page: docs.slice(0, limit), summary, digest, random: Math.floor(Math.random() * 1000) };
});

export const send = register("Mutation", async ({ channel, body }) => {
  const { _id } = await asyncSyscall("1.0/insert", {
    table: "messages",
    value: { channel, body: `${body} @${Date.now()}`, author: "prewarm", score: body.length, tags: ["a", "b"] },
  });
  const doc = await asyncSyscall("1.0/get", { id: _id, isSystem: false, version: "prewarm" });
  return { id: _id, size: JSON.stringify(doc).length };
});

export const tick = register("Action", async ({ ms = 0 }) => {
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { waited: Date.now() - started >= 0 };
});
