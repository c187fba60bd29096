#!/usr/bin/env node
// Generates a random scenario for oracle.mjs (and Slipway's differential test) from a seed.
//
//   node scenarios/gen-scenarios.mjs <seed> <count> [--include-oracle-gaps]
//
// Prints {"seed": <seed>, "calls": [...]} with exactly <count> calls: a few setup calls, then
// every operation below once in a random order with valid arguments, then weighted random
// operations, of which about one in six is made invalid on purpose (a missing or unexpected field, a wrong type, a malformed id, an id
// of another table, a wrong function kind or name); others fail in the app itself (ConvexError,
// plain errors, documents deleted earlier). Ids and cursors come from earlier results through
// {"$ref": [callIndex, "field.path"]}. The same seed always gives the same scenario.
//
// Values stay inside what every Convex backend agrees on (see README.md, "Known convex-test
// gaps"): record values are always valid, filter operands never mix types, divisors are never 0.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { convexToJson } from "convex/values";

/** mulberry32, the same small PRNG oracle.mjs uses. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["alpha", "beta", "gamma", "delta", "omega", "kappa", "zeta", "sigma", "tau", "rho"];
const UNICODE = ["café", "naïve", "日本語", "Ωmega", "🚀 launch", "über", "e\u0301", "tab\there", "quote\"d", "new\nline"];
const CITIES = ["London", "Paris", "Tokyo", "Lagos", "Lima", "Oslo"];
const ROLES = ["admin", "member", "guest"];

/** Argument fields validated by v.record(...): never given a wrong type (convex-test skips records). */
const RECORD_FIELDS = new Set(["settings", "labels", "rec"]);

/** How often each operation is drawn after the coverage pass (default 2). */
const WEIGHTS = {
  "users:create": 4,
  "channels:create": 3,
  "messages:send": 6,
  "messages:list": 8,
  "tasks:create": 4,
  "users:remove": 1,
  "messages:remove": 1,
  "tasks:remove": 1,
  "channels:archive": 1,
  "misc:badReturn": 1,
  "misc:boom": 1,
  "actions:explode": 1,
  "http unrouted": 1,
};

const int64 = (n) => convexToJson(BigInt(n));
const bytes = (list) => convexToJson(new Uint8Array(list).buffer);
const ref = (k, fieldPath) => ({ $ref: fieldPath === undefined ? [k] : [k, fieldPath] });

class Generator {
  constructor(seed, includeGaps) {
    this.random = seededRandom(seed);
    this.includeGaps = includeGaps;
    this.calls = [];
    this.users = []; // {id: $ref, email, role, age, city, alive}
    this.channels = []; // {id, name, owner, archived, alive}
    this.messages = []; // {id, channel, author, alive}
    this.tasks = []; // {id, alive}
    this.pages = new Map(); // "channelIndex/order" -> call index of the last messages:list
    this.corruptionRate = 1 / 6;
    this.emails = 0;
    this.channelNames = 0;
  }

  // -- randomness ------------------------------------------------------------------------------
  int(lo, hi) {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  chance(p) {
    return this.random() < p;
  }
  pick(list) {
    return list[Math.floor(this.random() * list.length)];
  }
  word() {
    return this.chance(0.15) ? this.pick(UNICODE) : this.pick(WORDS);
  }
  text(maxWords) {
    return Array.from({ length: this.int(1, maxWords) }, () => this.word()).join(" ");
  }
  age() {
    return this.chance(0.7) ? this.int(18, 90) : this.int(36, 180) / 2 + this.pick([0, 0.25]);
  }
  someBytes() {
    return bytes(Array.from({ length: this.int(0, 6) }, () => this.int(0, 255)));
  }
  /** A living document of a model list (or, 1 time in 8, any one, possibly deleted). */
  doc(list) {
    const alive = list.filter((d) => d.alive);
    if (alive.length === 0 || this.chance(0.125)) {
      return list.length === 0 ? undefined : this.pick(list);
    }
    return this.pick(alive);
  }
  /** Any Convex value, for v.any(): every type, including the awkward floats and int64 limits. */
  anyValue(depth = 0) {
    const leaves = [
      () => null,
      () => this.chance(0.5),
      () => this.int(-1000, 1000),
      () => this.pick([0.5, -2.25, 1e21, 5e-324, Number.MAX_SAFE_INTEGER]),
      () => convexToJson(this.pick([NaN, Infinity, -Infinity, -0])),
      () => int64(this.pick([0n, 1n, -1n, 9223372036854775807n, -9223372036854775808n, 123456789n])),
      () => this.word(),
      () => this.someBytes(),
    ];
    if (depth < 2 && this.chance(0.3)) {
      if (this.chance(0.5)) {
        return Array.from({ length: this.int(0, 3) }, () => this.anyValue(depth + 1));
      }
      return Object.fromEntries(Array.from({ length: this.int(0, 3) }, (_, i) => [`k${i}${this.pick(WORDS)}`, this.anyValue(depth + 1)]));
    }
    return this.pick(leaves)();
  }
  settings() {
    const out = {};
    for (let i = this.int(0, 3); i > 0; i--) {
      out[this.pick(WORDS)] = this.pick([() => this.chance(0.5), () => this.int(0, 99), () => this.word()])();
    }
    return out;
  }
  labels() {
    const out = {};
    for (let i = this.int(0, 3); i > 0; i--) out[this.pick(WORDS)] = this.word();
    return out;
  }

  // -- emitting calls ----------------------------------------------------------------------------
  /** Adds a call and returns its index. */
  emit(call) {
    this.calls.push(call);
    return this.calls.length - 1;
  }
  fn(kind, fnPath, args, note) {
    return this.emit(note === undefined ? { kind, path: fnPath, args } : { kind, path: fnPath, args, note });
  }
  /**
   * Emits a call whose args may be corrupted on purpose. Returns the call index, and whether the
   * args were left valid (the model is only updated for calls meant to succeed).
   */
  maybeInvalid(kind, fnPath, args) {
    if (!this.chance(this.corruptionRate)) {
      return { index: this.fn(kind, fnPath, args), valid: true };
    }
    const corrupted = this.corrupt(kind, fnPath, args);
    return { index: this.emit(corrupted), valid: false };
  }
  corrupt(kind, fnPath, args) {
    const keys = Object.keys(args);
    const choice = this.int(0, keys.length === 0 ? 1 : 6);
    const copy = structuredClone(args);
    switch (choice) {
      case 0:
        return { kind, path: fnPath, args: { ...copy, unexpected: 1 }, note: "invalid: unexpected field" };
      case 1: {
        const wrongKind = kind === "query" ? "mutation" : kind === "mutation" ? "action" : "query";
        return this.chance(0.5)
          ? { kind: wrongKind, path: fnPath, args: copy, note: `invalid: called as a ${wrongKind}` }
          : { kind, path: `${fnPath}Missing`, args: copy, note: "invalid: no such function" };
      }
      case 2: {
        const key = this.pick(keys);
        delete copy[key];
        return { kind, path: fnPath, args: copy, note: `invalid unless optional: field ${key} missing` };
      }
      case 3:
      case 4: {
        // convex-test does not validate records, so record fields keep their (valid) values.
        const candidates = keys.filter((k) => !RECORD_FIELDS.has(k));
        if (candidates.length === 0) {
          return { kind, path: fnPath, args: { ...copy, unexpected: "x" }, note: "invalid: unexpected field" };
        }
        const key = this.pick(candidates);
        copy[key] = this.wrongType(copy[key]);
        return { kind, path: fnPath, args: copy, note: `invalid unless the field takes it: field ${key} has the wrong type` };
      }
      case 5: {
        const idKey = keys.find((k) => copy[k]?.$ref !== undefined);
        if (idKey !== undefined) {
          copy[idKey] = this.pick(["", "not-an-id", "kh7f3xgq0dpw3b4k0aaaaaaaaaaaaaaa"]);
          return { kind, path: fnPath, args: copy, note: `invalid: field ${idKey} is a malformed id` };
        }
        return { kind, path: fnPath, args: { ...copy, unexpected: null }, note: "invalid: unexpected field" };
      }
      default: {
        const idKey = keys.find((k) => copy[k]?.$ref !== undefined);
        const other = this.doc(this.chance(0.5) ? this.tasks : this.channels);
        if (idKey !== undefined && other !== undefined) {
          copy[idKey] = other.id;
          return { kind, path: fnPath, args: copy, note: `invalid unless same table: field ${idKey} is an id of another table` };
        }
        return { kind, path: fnPath, args: [copy], note: "invalid: args not an object" };
      }
    }
  }
  wrongType(value) {
    if (typeof value === "string") return this.int(0, 9);
    if (typeof value === "number") return this.pick(["7", int64(7n), true]);
    if (typeof value === "boolean") return this.pick(["true", 1]);
    if (value === null) return this.pick([false, "null"]);
    if (Array.isArray(value)) return this.pick([{}, "[]", [this.someBytes()]]);
    if (value?.$integer !== undefined) return this.pick([1.5, 7, "7"]);
    if (value?.$bytes !== undefined) return this.pick(["bytes", [1, 2]]);
    if (value?.$ref !== undefined) return this.pick([42, null, { id: value }]);
    return this.pick([7, "object", null]);
  }

  // -- operations ------------------------------------------------------------------------------
  newUser() {
    const n = this.emails++;
    const reuse = this.users.length > 0 && this.chance(0.08);
    const email = reuse ? this.pick(this.users).email : `user${n}@example.com`;
    const role = this.pick(ROLES);
    const city = this.chance(0.8) ? this.pick(CITIES) : undefined;
    const age = this.age();
    const args = {
      name: this.text(2),
      email,
      age,
      karma: int64(this.chance(0.1) ? this.pick([9223372036854775000n, -9223372036854775000n]) : BigInt(this.int(-500, 500))),
      active: this.chance(0.7),
      role,
      profile: {
        bio: this.text(5),
        links: Array.from({ length: this.int(0, 2) }, () => `https://example.com/${this.pick(WORDS)}`),
        ...(city === undefined ? {} : { location: { city, country: "XX" } }),
      },
      settings: this.settings(),
      deletedAt: this.chance(0.8) ? null : this.int(0, 1000) * 1000,
      ...(this.chance(0.3) ? { avatar: this.someBytes() } : {}),
      ...(this.chance(0.3) ? { extra: this.anyValue() } : {}),
    };
    const { index, valid } = this.maybeInvalid("mutation", "users:create", args);
    if (valid && !reuse) {
      this.users.push({ id: ref(index), email, role, age, city, alive: true });
    }
  }
  newChannel() {
    const owner = this.doc(this.users);
    if (owner === undefined) return this.newUser();
    const reuse = this.channels.length > 0 && this.chance(0.08);
    const name = reuse ? this.pick(this.channels).name : `${this.pick(WORDS)}-${this.channelNames++}`;
    const args = { name, ownerId: owner.id, ...(this.chance(0.5) ? { topic: this.text(3) } : {}) };
    const { index, valid } = this.maybeInvalid("mutation", "channels:create", args);
    if (valid && !reuse && owner.alive) {
      this.channels.push({ id: ref(index), name, owner, archived: false, alive: true });
    }
  }
  send() {
    const channel = this.doc(this.channels);
    const author = this.doc(this.users);
    if (channel === undefined || author === undefined) return this.newChannel();
    const body = this.chance(0.06) ? this.pick(["", "   "]) : this.chance(0.04) ? "x".repeat(300) : this.text(8);
    const args = {
      channelId: this.inserting(channel).id,
      authorId: author.id,
      body,
      tags: Array.from({ length: this.int(0, 3) }, () => this.pick(WORDS)),
      ...(this.chance(0.4) ? { format: this.pick(["text", "markdown"]) } : {}),
      ...(this.chance(0.2) ? { attachment: this.someBytes() } : {}),
    };
    const { index, valid } = this.maybeInvalid("mutation", "messages:send", args);
    if (valid) {
      this.messages.push({ id: ref(index, "id"), channel, author, alive: true });
    }
  }
  seedChannel() {
    const channel = this.doc(this.channels);
    const author = this.doc(this.users);
    if (channel === undefined || author === undefined) return this.newChannel();
    this.inserting(channel);
    this.maybeInvalid("mutation", "messages:seedChannel", { channelId: channel.id, authorId: author.id, count: this.int(1, 6) });
  }
  newTask() {
    const assignee = this.chance(0.3) ? null : this.doc(this.users)?.id ?? null;
    const deps = this.tasks.length > 0 && this.chance(0.4) ? [this.doc(this.tasks).id] : [];
    const args = {
      title: this.text(3),
      priority: this.chance(0.95) ? this.int(1, 3) : 4,
      assignee,
      points: int64(this.int(0, 40)),
      labels: this.labels(),
      deps,
      ...(this.chance(0.6) ? { estimate: this.int(1, 20) / 2 } : {}),
    };
    const { index, valid } = this.maybeInvalid("mutation", "tasks:create", args);
    if (valid) {
      this.tasks.push({ id: ref(index), alive: true });
    }
  }
  /** A property of a living user (3 times in 4), else the fallback. */
  knownOr(property, fallback) {
    const alive = this.users.filter((u) => u.alive && property(u) !== undefined);
    return alive.length > 0 && this.chance(0.75) ? property(this.pick(alive)) : fallback;
  }
  withUser(build) {
    const user = this.doc(this.users);
    if (user === undefined) return this.newUser();
    return build(user);
  }
  withChannel(build) {
    const channel = this.doc(this.channels);
    if (channel === undefined) return this.newChannel();
    return build(channel);
  }
  withMessage(build) {
    const message = this.doc(this.messages);
    if (message === undefined) return this.send();
    return build(message);
  }
  withTask(build) {
    const task = this.doc(this.tasks);
    if (task === undefined) return this.newTask();
    return build(task);
  }
  /**
   * Called before any call that may add messages to a channel. New messages have higher seqs, so
   * they land at the end of an ascending page chain, and there convex-test and Slipway legitimately
   * differ: after a page that filled up exactly on the last message, convex-test's cursor is the
   * end of the range (isDone true) while a real cursor would go on to the new messages. Such
   * chains are not continued across inserts; descending chains are unaffected.
   */
  inserting(channel) {
    this.pages.delete(`${this.channels.indexOf(channel)}/asc`);
    return channel;
  }
  /** One page of messages:list, continuing an earlier page when there is one; sometimes 1–2 more pages right after. */
  listPage() {
    this.withChannel((channel) => {
      const order = this.pick(["asc", "desc"]);
      const key = `${this.channels.indexOf(channel)}/${order}`;
      const more = this.chance(0.4) ? this.int(1, 2) : 0;
      for (let page = 0; page <= more; page++) {
        const previous = this.pages.get(key);
        const cursor = previous !== undefined && (page > 0 || this.chance(0.85)) ? ref(previous, "continueCursor") : null;
        const args = { channelId: channel.id, paginationOpts: { numItems: this.int(1, 4), cursor }, order };
        const { index, valid } = this.maybeInvalid("query", "messages:list", args);
        if (valid) {
          this.pages.set(key, index);
        }
      }
    });
  }
  /** Uses a message id found inside an earlier page of results (a deep $ref path). */
  likeFromPage() {
    const pageCalls = [...this.pages.values()];
    if (pageCalls.length === 0) return this.listPage();
    const k = this.pick(pageCalls);
    this.maybeInvalid("mutation", "messages:like", { id: ref(k, `page.${this.int(0, 1)}._id`), times: this.int(1, 3) });
  }

  operations() {
    const ops = {
      "users:create": () => this.newUser(),
      "users:get": () => this.withUser((u) => this.maybeInvalid("query", "users:get", { id: u.id })),
      "users:getByEmail": () =>
        this.maybeInvalid("query", "users:getByEmail", { email: this.users.length > 0 && this.chance(0.8) ? this.pick(this.users).email : "nobody@example.com" }),
      "users:listByRole": () => {
        const args = { role: this.knownOr((u) => u.role, this.pick(ROLES)) };
        if (this.chance(0.5)) args.minAge = this.int(18, 60);
        if (this.chance(0.5)) args.maxAge = this.int(40, 95);
        if (this.chance(0.5)) args.order = this.pick(["asc", "desc"]);
        this.maybeInvalid("query", "users:listByRole", args);
      },
      "users:ageWindow": () => {
        const above = this.int(18, 60);
        const role = this.knownOr((u) => u.role, this.pick(ROLES));
        this.maybeInvalid("query", "users:ageWindow", { role, above: above - 20, below: above + this.int(0, 50), limit: this.int(0, 5) });
      },
      "users:byCity": () => this.maybeInvalid("query", "users:byCity", { city: this.knownOr((u) => u.city, this.pick(CITIES)) }),
      "users:topKarma": () => this.maybeInvalid("query", "users:topKarma", { limit: this.int(1, 5) }),
      "users:update": () =>
        this.withUser((u) => {
          const args = { id: u.id };
          if (this.chance(0.5)) args.name = this.text(2);
          if (this.chance(0.4)) args.bio = this.text(4);
          if (this.chance(0.4)) args.karmaDelta = int64(this.int(-50, 50));
          if (this.chance(0.4)) args.avatar = this.chance(0.5) ? null : this.someBytes();
          if (this.chance(0.3)) args.extra = this.chance(0.5) ? null : this.anyValue();
          if (this.chance(0.3)) args.settings = this.settings();
          this.maybeInvalid("mutation", "users:update", args);
        }),
      "users:replace": () =>
        this.withUser((u) => {
          const args = {
            id: u.id,
            name: this.text(2),
            email: u.email,
            age: u.age,
            karma: int64(this.int(-10, 10)),
            active: this.chance(0.5),
            role: u.role,
            profile: { bio: "replaced", links: [], ...(u.city === undefined ? {} : { location: { city: u.city, country: "YY" } }) },
            settings: {},
            deletedAt: null,
          };
          this.maybeInvalid("mutation", "users:replace", args);
        }),
      "users:remove": () =>
        this.withUser((u) => {
          const { valid } = this.maybeInvalid("mutation", "users:remove", { id: u.id });
          if (valid) u.alive = false;
        }),
      "users:normalize": () => {
        const sources = [this.users, this.channels, this.messages, this.tasks].filter((l) => l.length > 0);
        const id = sources.length === 0 || this.chance(0.2) ? this.pick(["", "garbage", "12345"]) : this.pick(this.pick(sources)).id;
        this.maybeInvalid("query", "users:normalize", { table: this.pick(["users", "channels", "messages", "tasks"]), id });
      },
      "users:countActive": () => this.fn("query", "users:countActive", {}),
      "channels:create": () => this.newChannel(),
      "channels:get": () => this.withChannel((c) => this.maybeInvalid("query", "channels:get", { id: c.id })),
      "channels:list": () => {
        const args = { includeArchived: this.chance(0.5) };
        if (this.chance(0.5)) args.order = this.pick(["asc", "desc"]);
        if (this.chance(0.5)) args.limit = this.int(0, 4);
        this.maybeInvalid("query", "channels:list", args);
      },
      "channels:byOwnerAndName": () =>
        this.withChannel((c) => this.maybeInvalid("query", "channels:byOwnerAndName", { ownerId: c.owner.id, name: this.chance(0.8) ? c.name : "missing" })),
      "channels:archive": () =>
        this.withChannel((c) => {
          const archived = !c.archived && this.chance(0.4);
          const { valid } = this.maybeInvalid("mutation", "channels:archive", { id: c.id, archived });
          if (valid) c.archived = archived;
        }),
      "channels:setTopic": () => this.withChannel((c) => this.maybeInvalid("mutation", "channels:setTopic", { id: c.id, topic: this.chance(0.3) ? null : this.text(3) })),
      "channels:stats": () => this.withChannel((c) => this.maybeInvalid("query", "channels:stats", { id: c.id })),
      "messages:send": () => this.send(),
      "messages:list": () => this.listPage(),
      "messages:range": () =>
        this.withChannel((c) => {
          const from = this.int(0, 6);
          this.maybeInvalid("query", "messages:range", { channelId: c.id, from: int64(from), to: int64(from + this.int(0, 6)) });
        }),
      "messages:like": () => (this.chance(0.5) ? this.likeFromPage() : this.withMessage((m) => this.maybeInvalid("mutation", "messages:like", { id: m.id }))),
      "messages:edit": () =>
        this.withMessage((m) =>
          this.maybeInvalid("mutation", "messages:edit", { id: m.id, authorId: this.chance(0.8) ? m.author.id : this.doc(this.users).id, body: this.text(5) }),
        ),
      "messages:remove": () =>
        this.withMessage((m) => {
          const { valid } = this.maybeInvalid("mutation", "messages:remove", { id: m.id });
          if (valid) m.alive = false;
        }),
      "messages:byAuthor": () => this.withUser((u) => this.maybeInvalid("query", "messages:byAuthor", { authorId: u.id, limit: this.int(0, 5) })),
      "messages:mostLiked": () => this.withChannel((c) => this.maybeInvalid("query", "messages:mostLiked", { channelId: c.id, above: this.int(-1, 3) })),
      "messages:search": () =>
        this.withChannel((c) => {
          const args = { channelId: c.id, minLikes: this.int(0, 3), maxScore: this.int(0, 12) };
          if (this.chance(0.5)) args.format = this.pick(["text", "markdown"]);
          if (this.chance(0.5)) args.edited = this.chance(0.5);
          this.maybeInvalid("query", "messages:search", args);
        }),
      "messages:seedChannel": () => this.seedChannel(),
      "tasks:create": () => this.newTask(),
      "tasks:get": () => this.withTask((t) => this.maybeInvalid("query", "tasks:get", { id: t.id })),
      "tasks:toggle": () => this.withTask((t) => this.maybeInvalid("mutation", "tasks:toggle", { id: t.id })),
      "tasks:setEstimate": () =>
        this.withTask((t) => this.maybeInvalid("mutation", "tasks:setEstimate", { id: t.id, estimate: this.chance(0.3) ? null : this.int(1, 30) / 2 })),
      "tasks:rewrite": () => this.withTask((t) => this.maybeInvalid("mutation", "tasks:rewrite", { id: t.id, title: this.text(3), labels: this.labels() })),
      "tasks:remove": () =>
        this.withTask((t) => {
          const { valid } = this.maybeInvalid("mutation", "tasks:remove", { id: t.id });
          if (valid) t.alive = false;
        }),
      "tasks:byAssignee": () => this.maybeInvalid("query", "tasks:byAssignee", { assignee: this.chance(0.3) || this.users.length === 0 ? null : this.doc(this.users).id }),
      "tasks:board": () => {
        const args = { done: this.chance(0.5), limit: this.int(1, 6) };
        if (this.chance(0.6)) args.minPriority = this.int(0, 2);
        if (args.minPriority !== undefined && this.chance(0.5)) args.maxPriority = this.int(args.minPriority + 1, 3);
        this.maybeInvalid("query", "tasks:board", args);
      },
      "tasks:filtered": () => {
        const args = {
          minPriority: this.int(1, 3),
          pointsDivisor: int64(this.int(1, 5)),
          pointsRemainder: int64(this.int(0, 2)),
          pointsCeiling: int64(this.int(0, 60)),
        };
        if (this.chance(0.5)) args.done = this.chance(0.5);
        if (this.chance(0.5)) args.maxEstimate = this.int(0, 10);
        if (this.chance(0.3)) args.excludeTitle = this.word();
        this.maybeInvalid("query", "tasks:filtered", args);
      },
      "tasks:summary": () => this.fn("query", "tasks:summary", this.chance(0.5) ? {} : { note: this.word(), n: this.anyValue() }),
      "misc:echo": () => this.maybeInvalid("query", "misc:echo", { value: this.anyValue() }),
      "misc:echoTyped": () =>
        this.withUser((u) => {
          const args = {
            s: this.word(),
            n: this.pick([0, -1.5, 3, 1e300]),
            i: int64(this.pick([0n, -7n, 9223372036854775807n])),
            b: this.chance(0.5),
            z: null,
            by: this.someBytes(),
            id: u.id,
            arr: Array.from({ length: this.int(0, 3) }, () => this.int(-5, 5)),
            obj: this.chance(0.5) ? { x: 1 } : { x: 2.5, y: this.word() },
            rec: { [this.pick(WORDS)]: int64(this.int(-9, 9)) },
            u: this.pick([this.word(), this.int(0, 9), { kind: "other" }]),
            lit: "exact",
            a: this.anyValue(),
          };
          if (this.chance(0.5)) args.opt = this.chance(0.5);
          this.maybeInvalid("query", "misc:echoTyped", args);
        }),
      "misc:noisy": () => this.maybeInvalid("mutation", "misc:noisy", { label: this.word(), count: this.int(0, 9) }),
      "misc:dice": () => this.maybeInvalid("mutation", "misc:dice", { kind: `dice-${this.word()}` }),
      "misc:boom": () => this.maybeInvalid("query", "misc:boom", { why: this.word() }),
      "misc:fail": () => this.fn("mutation", "misc:fail", { data: this.chance(0.3) ? this.word() : { code: "CUSTOM", payload: this.anyValue() } }),
      "misc:badReturn": () => this.fn("query", "misc:badReturn", { asString: this.chance(0.5) }),
      "actions:postAndCount": () =>
        this.withChannel((c) => this.withUser((u) => this.maybeInvalid("action", "actions:postAndCount", { channelId: this.inserting(c).id, authorId: u.id, body: this.text(4) }))),
      "actions:shout": () => this.maybeInvalid("action", "actions:shout", { text: this.word() }),
      "actions:pipeline": () => this.maybeInvalid("action", "actions:pipeline", { text: this.word() }),
      "actions:trySend": () =>
        this.withChannel((c) =>
          this.withUser((u) =>
            this.maybeInvalid("action", "actions:trySend", { channelId: this.inserting(c).id, authorId: u.id, body: this.pick(["", "x".repeat(300), this.text(3)]) }),
          ),
        ),
      "actions:explode": () => this.fn("action", "actions:explode", { structured: this.chance(0.5) }),
      "actions:ping": () => this.fn("action", "actions:ping", {}),
      "admin/stats:tableCounts": () => this.fn("query", "admin/stats:tableCounts", {}),
      "admin/stats:summary": () => this.maybeInvalid("query", "admin/stats:summary", {}),
      "admin/stats:recordEvent": () => this.maybeInvalid("mutation", "admin/stats:recordEvent", { kind: this.word(), detail: this.anyValue() }),
      "admin/stats:doomed": () => this.fn("mutation", "admin/stats:doomed", { note: this.word() }),
      "admin/stats:audit": () => this.maybeInvalid("mutation", "admin/stats:audit", { note: this.word() }),
      "http GET /health": () => this.emit({ kind: "http", method: "GET", path: "/health" }),
      "http GET /users/by-email": () => {
        const email = this.users.length > 0 && this.chance(0.7) ? this.pick(this.users).email : "nobody@example.com";
        this.emit({ kind: "http", method: "GET", path: this.chance(0.9) ? `/users/by-email?email=${encodeURIComponent(email)}` : "/users/by-email" });
      },
      "http POST /messages": () =>
        this.withChannel((c) =>
          this.withUser((u) => this.emit({ kind: "http", method: "POST", path: "/messages", json: { channelId: this.inserting(c).id, authorId: u.id, body: this.pick(["", this.text(3)]) } })),
        ),
      "http POST /echo": () => this.emit({ kind: "http", method: "POST", path: "/echo", body: this.text(4) }),
      "http GET /files/*": () => this.emit({ kind: "http", method: "GET", path: `/files/${this.pick(WORDS)}/${this.pick(WORDS)}.txt` }),
      "http unrouted": () => this.emit({ kind: "http", method: this.pick(["GET", "POST"]), path: this.pick(["/nowhere", "/files", "/health/x"]) }),
    };
    if (this.includeGaps) {
      ops["tasks:negated"] = () => this.maybeInvalid("query", "tasks:negated", { threshold: int64(this.int(0, 30)) });
    }
    return ops;
  }

  generate(count) {
    const setup = [
      () => this.newUser(),
      () => this.newUser(),
      () => this.newUser(),
      () => this.newChannel(),
      () => this.newChannel(),
      () => this.seedChannel(),
      () => this.newTask(),
      () => this.newTask(),
    ];
    const ops = this.operations();
    const names = Object.keys(ops);
    const coverage = [...names];
    for (let i = coverage.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [coverage[i], coverage[j]] = [coverage[j], coverage[i]];
    }
    for (const step of setup) {
      if (this.calls.length >= count) break;
      step();
    }
    // The coverage pass corrupts nothing, and repeats an operation whose first attempt had to
    // create what it needed (a message to like, ...) instead of calling its own function.
    this.corruptionRate = 0;
    for (const name of coverage) {
      for (let attempt = 0; attempt < 6 && this.calls.length < count; attempt++) {
        const before = this.calls.length;
        ops[name]();
        const made = this.calls.slice(before);
        if (made.some((c) => (name.startsWith("http") ? c.kind === "http" : c.path === name))) break;
      }
    }
    this.corruptionRate = 1 / 6;
    const weighted = names.flatMap((name) => Array(WEIGHTS[name] ?? 2).fill(name));
    while (this.calls.length < count) {
      ops[this.pick(weighted)]();
    }
    return this.calls.slice(0, count);
  }
}

export function generateScenario(seed, count, { includeOracleGaps = false } = {}) {
  return { seed, calls: new Generator(seed, includeOracleGaps).generate(count) };
}

function main(argv) {
  const flags = argv.filter((a) => a.startsWith("--"));
  const positional = argv.filter((a) => !a.startsWith("--"));
  const unknown = flags.filter((f) => f !== "--include-oracle-gaps");
  const seed = Number(positional[0]);
  const count = Number(positional[1]);
  if (positional.length !== 2 || unknown.length > 0 || !Number.isInteger(seed) || !Number.isInteger(count) || count < 0) {
    process.stderr.write("usage: node gen-scenarios.mjs <seed: integer> <count: integer >= 0> [--include-oracle-gaps]\n");
    return 2;
  }
  const scenario = generateScenario(seed, count, { includeOracleGaps: flags.includes("--include-oracle-gaps") });
  process.stdout.write(`${JSON.stringify(scenario, null, 1)}\n`);
  return 0;
}

const invokedAs = process.argv[1] ? path.resolve(process.argv[1]) : "";
if (invokedAs === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
export { main };
