// Headers against Node's (undici) implementation as the oracle.
"use strict";

const { test } = require("node:test");
const { run, compare, seededRandom, assert } = require("./harness.cjs");

test("Headers_construction_matchesNode", async () => {
  const cases = [
    () => [...new Headers()],
    () => [...new Headers({ "Content-Type": "text/plain", "X-B": "2", "x-a": "1" })],
    () => [...new Headers([["a", "1"], ["A", "2"], ["b", "3"], ["a", "4"]])],
    () => [...new Headers(new Headers({ x: "1", y: "2" }))],
    () => [...new Headers(new Map([["m", "v"]]))],
    () => [...new Headers({ a: 1, b: true, c: null, d: undefined })],
    () => [...new Headers({ "  a": "x" })].length,
    () => T.attempt(() => new Headers(null)),
    () => T.attempt(() => new Headers("a: b")),
    () => T.attempt(() => new Headers(42)),
    () => T.attempt(() => new Headers([["a"]])),
    () => T.attempt(() => new Headers([["a", "b", "c"]])),
    () => T.attempt(() => new Headers(["ab"])),
    () => T.attempt(() => new Headers([[]])),
    () => T.attempt(() => new Headers({ "bad name": "x" })),
    () => T.attempt(() => new Headers({ "a:b": "x" })),
    () => T.attempt(() => new Headers({ "": "x" })),
    () => T.attempt(() => new Headers({ é: "x" })),
    () => T.attempt(() => new Headers({ a: "x\ny" })),
    () => T.attempt(() => new Headers({ a: "x\ry" })),
    () => T.attempt(() => new Headers({ a: "x\0y" })),
    () => T.attempt(() => new Headers({ a: "€" })),
    () => T.attempt(() => new Headers({ [Symbol("s")]: "x" })),
    () => new Headers({ a: "é\u00ff" }).get("a"),
    () => new Headers({ a: " \t x y \t\r\n" }).get("a"),
    () => new Headers({ a: "\r\n" }).get("a"),
  ];
  for (const c of cases) await compare(c);
});

test("Headers_recordInit_takesOwnEnumerablePropertiesOnlyPerWebIDL", () => {
  // WebIDL record conversion skips non-enumerable and inherited properties (undici includes
  // non-enumerable ones, so this is checked against the standard, not Node).
  const pairs = run(`(() => {
    const o = Object.create({ inherited: "1" });
    o.own = "2";
    Object.defineProperty(o, "hidden", { value: "3", enumerable: false });
    return JSON.stringify([...new Headers(o)]);
  })()`);
  assert.equal(pairs, JSON.stringify([["own", "2"]]));
});

test("Headers_methods_matchNode", async () => {
  const cases = [
    () => {
      const h = new Headers();
      h.append("Accept", "a");
      h.append("accept", "b");
      h.append("ACCEPT", " c ");
      return [h.get("accept"), h.has("Accept"), h.has("x"), h.get("x"), [...h]];
    },
    () => {
      const h = new Headers([["a", "1"], ["b", "2"], ["A", "3"]]);
      h.set("a", "z");
      return [...h];
    },
    () => {
      const h = new Headers([["a", "1"], ["b", "2"], ["A", "3"]]);
      h.delete("A");
      h.delete("missing");
      return [...h];
    },
    () => {
      const h = new Headers();
      h.append("Set-Cookie", "a=1");
      h.append("set-cookie", "b=2; Path=/");
      h.append("X", "y");
      return [h.get("set-cookie"), h.getSetCookie(), [...h], [...h.keys()], [...h.values()]];
    },
    () => new Headers().getSetCookie(),
    () => {
      const h = new Headers({ z: "1", a: "2", M: "3", "x-Y": "4", b: "" });
      const seen = [];
      h.forEach(function (value, name, obj) {
        seen.push([name, value, obj === h, this.t]);
      }, { t: 1 });
      return seen;
    },
    () => {
      const h = new Headers({ b: "1", a: "2" });
      const it = h.entries();
      const first = it.next();
      h.append("c", "3");
      h.delete("b");
      return [first, it.next(), it.next()];
    },
    () => T.attempt(() => new Headers().append("a")),
    () => T.attempt(() => new Headers().get("bad name")),
    () => T.attempt(() => new Headers().has("")),
    () => T.attempt(() => new Headers().delete("a b")),
    () => T.attempt(() => new Headers().set("a", "x\ny")),
    () => T.attempt(() => new Headers().set("a b", "x")),
    () => T.attempt(() => Headers.prototype.get.call({}, "a")),
    () => T.attempt(() => new Headers().forEach(1)),
    () => Object.prototype.toString.call(new Headers()),
    () => Object.prototype.toString.call(new Headers().entries()),
    () => Headers.prototype[Symbol.iterator] === Headers.prototype.entries,
    () => typeof new Headers().keys().next,
    () => [...Object.keys(Headers.prototype)].sort(),
  ];
  for (const c of cases) await compare(c);
});

test("Headers_randomOperations_matchNode", () => {
  const r = seededRandom("Headers random operations");
  const NAMES = ["a", "A", "b", "Content-Type", "content-type", "set-cookie", "Set-Cookie", "x-y", "X-Y", "z"];
  const VALUES = ["1", "two words", " padded ", "\tt\t", "", "a, b", "é", "x=1; Path=/"];
  const ops = [];
  for (let i = 0; i < 3000; i++) {
    ops.push([r.pick(["append", "append", "set", "delete", "get", "has", "getSetCookie"]), r.pick(NAMES), r.pick(VALUES)]);
  }
  const script = `(ops) => {
    const h = new Headers();
    const trace = [];
    for (const [op, name, value] of ops) {
      if (op === "append") h.append(name, value);
      else if (op === "set") h.set(name, value);
      else if (op === "delete") h.delete(name);
      else if (op === "get") trace.push(h.get(name));
      else if (op === "has") trace.push(h.has(name));
      else trace.push(h.getSetCookie());
      trace.push([...h]);
    }
    return JSON.stringify(trace);
  }`;
  const ours = JSON.parse(run(script)(ops));
  const node = JSON.parse((0, eval)(script)(ops));
  const first = ours.findIndex((t, i) => JSON.stringify(t) !== JSON.stringify(node[i]));
  assert.equal(first, -1, `seed ${r.seed}: trace entry ${first}: ${JSON.stringify(ours[first])} vs ${JSON.stringify(node[first])}`);
});

test("Headers_invalidInput_errorNamesTheProblem", () => {
  const message = (src) => run(`(() => { try { ${src}; return "no error"; } catch (e) { return e.name + ": " + e.message; } })()`);
  assert.equal(message(`new Headers({ "bad name": "x" })`), 'TypeError: Headers constructor: "bad name" is an invalid header name');
  assert.equal(message(`new Headers().append("a", "x\\ny")`), 'TypeError: Headers.append: "x\\ny" is an invalid header value');
  assert.match(message(`new Headers().set("a", "€")`), /^TypeError: Headers.set: cannot convert to a ByteString because the character at index 0 has the value 8364/);
  assert.match(message(`new Headers([["a"]])`), /^TypeError: Headers constructor: each header must be a \[name, value\] pair, found one with 1 item/);
});

test("Headers_immutableGuard_refusesChangesWithTypeError", async () => {
  await compare(() => {
    const h = Response.error().headers;
    return [T.attempt(() => h.append("a", "b")), T.attempt(() => h.set("a", "b")), T.attempt(() => h.delete("a")), [...h]];
  });
  await compare(() => {
    const h = Response.redirect("https://example.com/x", 301).headers;
    return [T.attempt(() => h.set("location", "b")), [...h]];
  });
  // forbidden request/response headers are not filtered (server semantics, like Node and Deno)
  await compare(() => {
    const res = new Response(null, { headers: { "Set-Cookie": "a=1" } });
    res.headers.append("set-cookie", "b=2");
    const req = new Request("https://example.com/", { headers: { Host: "x", Cookie: "c=1", "Content-Length": "5" } });
    return [res.headers.getSetCookie(), [...req.headers]];
  });
});
