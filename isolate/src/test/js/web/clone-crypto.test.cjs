// structuredClone, DOMException and crypto against Node as the oracle, plus determinism of
// crypto under a seeded Math.random.
"use strict";

const { test } = require("node:test");
const { run, compare, loadPrelude, seededRandom, assert } = require("./harness.cjs");

test("structuredClone_values_matchNode", async () => {
  const cases = [
    () => [structuredClone(1), structuredClone("s"), structuredClone(null), structuredClone(undefined), structuredClone(true), structuredClone(10n), structuredClone(-0), structuredClone(NaN)],
    () => structuredClone({ a: 1, b: [1, 2, { c: "d" }], e: { f: null } }),
    () => structuredClone([1, , 3]).length,
    () => {
      const a = [1, 2];
      a.extra = "x";
      const c = structuredClone(a);
      return [c, c.extra, Object.keys(c)];
    },
    () => structuredClone(new Date(1234567)),
    () => {
      const r = structuredClone(/ab+c/gi);
      return [String(r), r.lastIndex, r.flags];
    },
    () => structuredClone(new Map([[1, { a: 1 }], ["k", [2]]])),
    () => structuredClone(new Set([1, "two", { three: 3 }])),
    () => structuredClone(new Uint8Array([1, 2, 3])),
    () => structuredClone(new Int16Array([-1, 300]).subarray(1)),
    () => structuredClone(new Float64Array([1.5, -0])),
    () => structuredClone(new BigInt64Array([1n, -2n])),
    () => structuredClone(new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2)),
    () => structuredClone(new Uint8Array([1, 2, 3, 4]).buffer),
    () => {
      const buffer = new ArrayBuffer(8);
      const c = structuredClone({ a: new Uint8Array(buffer, 0, 4), b: new Uint16Array(buffer, 4, 2), buffer });
      return [c.a.buffer === c.b.buffer, c.a.buffer === c.buffer, c.buffer !== buffer, c.b.byteOffset, c.b.length];
    },
    () => {
      const shared = { s: 1 };
      const c = structuredClone({ x: shared, y: shared, z: [shared] });
      return [c.x === c.y, c.z[0] === c.x, c.x !== shared];
    },
    () => {
      const o = { name: "cyclic" };
      o.self = o;
      o.list = [o];
      const m = new Map();
      m.set(m, o);
      o.map = m;
      const c = structuredClone(o);
      return [c.self === c, c.list[0] === c, c.map.get(c.map) === c, c !== o];
    },
    () => [structuredClone(Object(1)) instanceof Number, structuredClone(Object("s")).valueOf(), typeof structuredClone(Object(false)), structuredClone(Object(5n)).valueOf()],
    () => {
      class K {
        constructor() {
          this.a = 1;
        }
        get b() {
          return 2;
        }
        method() {}
      }
      const c = structuredClone(new K());
      return [c, Object.getPrototypeOf(c) === Object.prototype, c.constructor === Object];
    },
    () => {
      const o = {};
      Object.defineProperty(o, "hidden", { value: 1, enumerable: false });
      Object.defineProperty(o, "getter", { get: () => "computed", enumerable: true });
      o[Symbol("s")] = 1;
      return [structuredClone(o), Object.getOwnPropertySymbols(structuredClone(o)).length];
    },
    () => {
      const e = new RangeError("bad range", { cause: { why: 1 } });
      const c = structuredClone(e);
      return [c instanceof RangeError, c.name, c.message, c.cause, c.stack === e.stack, Object.keys(c)];
    },
    () => {
      const e = new Error("plain");
      e.name = "CustomName";
      const c = structuredClone(e);
      return [c.name, c.message, c.constructor.name];
    },
    () => {
      const e = new TypeError();
      return [Object.hasOwn(structuredClone(e), "message"), structuredClone(e).message];
    },
    () => [T.attempt(() => structuredClone(() => 1)), T.attempt(() => structuredClone(Symbol("s"))), T.attempt(() => structuredClone({ f() {} }))],
    () => [T.attempt(() => structuredClone(new WeakMap())), T.attempt(() => structuredClone(new WeakSet())), T.attempt(() => structuredClone(Promise.resolve()))],
    () => T.attempt(() => structuredClone()),
    () => {
      try {
        structuredClone({ a: [() => 1] });
      } catch (e) {
        return [e.name, e.code, e instanceof DOMException];
      }
    },
    () => structuredClone(new Blob(["blob data"], { type: "text/x" })),
    () => structuredClone({ when: new Date(0), data: new Map([["k", new Set([1])]]) }),
  ];
  for (const c of cases) await compare(c);
});

test("structuredClone_platformObjectsAndTransfer_followTheStandard", () => {
  // HTML: DOMException and File are serializable (Node 20 turns a File into a Blob); other
  // platform objects are not (Node 20 clones URL, Headers etc. into empty objects).
  const out = run(`(() => {
    const d = structuredClone(new DOMException("m", "AbortError"));
    const f = structuredClone(new File(["file data"], "f.txt", { type: "a/b", lastModified: 42 }));
    return JSON.stringify([
      d instanceof DOMException, d.name, d.message, d.code,
      f instanceof File, f.name, f.lastModified, f.type, f.size,
      T.attempt(() => structuredClone(new URL("http://a/"))),
      T.attempt(() => structuredClone(new Headers())),
      T.attempt(() => structuredClone({ r: new Request("http://a/") })),
      T.attempt(() => structuredClone(new AbortController().signal)),
      T.attempt(() => structuredClone(new SharedArrayBuffer(1))),
      T.attempt(() => structuredClone(1, { transfer: [{}] })),
    ]);
  })()`);
  assert.deepEqual(JSON.parse(out), [true, "AbortError", "m", 20, true, "f.txt", 42, "a/b", 9, "throws DataCloneError", "throws DataCloneError", "throws DataCloneError", "throws DataCloneError", "throws DataCloneError", "throws DataCloneError"]);
  // Node 20's V8 has no ArrayBuffer.prototype.transfer, so transferring is refused clearly
  const transfer = run(`(() => { const b = new ArrayBuffer(4); try { structuredClone(b, { transfer: [b] }); return "no error"; } catch (e) { return e.name + ": " + e.message; } })()`);
  assert.equal(transfer, "DataCloneError: Transferring ArrayBuffers is not supported: the engine lacks ArrayBuffer.prototype.transfer.");
});

test("structuredClone_transferWithEngineSupport_detachesTheOriginal", () => {
  // Simulates an engine with ArrayBuffer.prototype.transfer (GraalJS has it) by detaching
  // through Node's own structuredClone.
  const ctx = loadPrelude({
    before: (c) => {
      const detach = (buffer) => structuredClone(buffer, { transfer: [buffer] });
      c.__detach = detach;
      run(`Object.defineProperty(ArrayBuffer.prototype, "transfer", { value: function transfer() { const copy = this.slice(0); __detach(this); return copy; }, configurable: true, writable: true });
           Object.defineProperty(ArrayBuffer.prototype, "detached", { get() { try { new Uint8Array(this); } catch { return true; } return this.byteLength === 0 && this.__wasDetached === true; }, configurable: true });`, c);
    },
  });
  const out = run(`(() => {
    const b = new Uint8Array([1, 2, 3]).buffer;
    const view = new Uint8Array(b, 1);
    const c = structuredClone({ b, view }, { transfer: [b] });
    return JSON.stringify([b.byteLength, [...new Uint8Array(c.b)], [...c.view], c.view.buffer === c.b,
      T.attempt(() => structuredClone(1, { transfer: [c.b, c.b] }))]);
  })()`, ctx);
  assert.deepEqual(JSON.parse(out), [0, [1, 2, 3], [2, 3], true, "throws DataCloneError"]);
});

test("DOMException_matchesNode", async () => {
  const cases = [
    () => {
      const e = new DOMException();
      return [e.name, e.message, e.code, String(e), e instanceof Error, Object.prototype.toString.call(e)];
    },
    () => {
      const e = new DOMException("msg", "NotFoundError");
      return [e.name, e.message, e.code, String(e)];
    },
    () => ["IndexSizeError", "HierarchyRequestError", "InvalidCharacterError", "NotSupportedError", "InvalidStateError", "SyntaxError", "TypeMismatchError", "SecurityError", "NetworkError", "AbortError", "QuotaExceededError", "TimeoutError", "DataCloneError", "EncodingError", "NotAllowedError", "Custom"].map((n) => new DOMException("", n).code),
    () => [DOMException.INDEX_SIZE_ERR, DOMException.DOMSTRING_SIZE_ERR, DOMException.ABORT_ERR, DOMException.DATA_CLONE_ERR, DOMException.prototype.TIMEOUT_ERR],
    () => [new DOMException(undefined, undefined).name, new DOMException(null, null).message, new DOMException(1, 2).name],
    () => Object.getPrototypeOf(DOMException.prototype) === Error.prototype,
    () => T.attempt(() => DOMException()),
    () => typeof new DOMException("x").stack,
  ];
  for (const c of cases) await compare(c);
});

test("crypto_shapesAndErrors_matchNode", async () => {
  const cases = [
    () => {
      const a = new Uint8Array(16);
      const same = crypto.getRandomValues(a) === a;
      return [same, a.length];
    },
    () => [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array].map((C) => crypto.getRandomValues(new C(2)).length),
    () => [T.attempt(() => crypto.getRandomValues(new Float32Array(2))), T.attempt(() => crypto.getRandomValues(new DataView(new ArrayBuffer(2)))), T.attempt(() => crypto.getRandomValues([1, 2]))],
    () => T.attempt(() => crypto.getRandomValues(new Uint8Array(65537))),
    () => crypto.getRandomValues(new Uint32Array(16384)).length,
    () => T.attempt(() => crypto.getRandomValues()),
    () => {
      try {
        crypto.getRandomValues(new Float64Array(1));
      } catch (e) {
        return [e.name, e.code];
      }
    },
    () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()),
    () => new Set(Array.from({ length: 100 }, () => crypto.randomUUID())).size,
  ];
  for (const c of cases) await compare(c);
});

test("crypto_seededMathRandom_makesValuesDeterministic", () => {
  const r = seededRandom("crypto determinism");
  const install = (ctx, seed) =>
    run(`(() => { let a = ${seed} >>> 0; Math.random = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; })()`, ctx);
  const sample = `JSON.stringify([crypto.randomUUID(), [...crypto.getRandomValues(new Uint8Array(8))], [...crypto.getRandomValues(new Uint16Array(2))], crypto.randomUUID()])`;
  const seed = r.int(2 ** 31);
  const a = loadPrelude();
  const b = loadPrelude();
  install(a, seed); // installed after the prelude: crypto must still pick it up
  const b2 = loadPrelude({ before: (c) => install(c, seed) }); // installed before the prelude
  install(b, seed + 1);
  const sa = run(sample, a);
  assert.equal(sa, run(sample, b2), `seed ${seed}: same Math.random sequence, same values`);
  assert.notEqual(sa, run(sample, b), `seed ${seed}: different sequence, different values`);
  const [uuid] = JSON.parse(sa);
  assert.match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("crypto_randomBytes_areRoughlyUniform", () => {
  const counts = JSON.parse(run(`(() => { const c = new Array(256).fill(0); for (let i = 0; i < 40; i++) for (const b of crypto.getRandomValues(new Uint8Array(65536))) c[b]++; return JSON.stringify(c); })()`));
  const expected = (40 * 65536) / 256;
  for (const [value, n] of counts.entries()) {
    assert.ok(Math.abs(n - expected) < expected * 0.1, `byte ${value} appeared ${n} times, expected about ${expected}`);
  }
});

test("crypto_existingObjectWithoutMethods_getsThemAdded", () => {
  const ctx = loadPrelude({ before: (c) => run(`globalThis.crypto = { subtle: "runtime's" };`, c) });
  assert.equal(run(`[crypto.subtle, typeof crypto.getRandomValues, crypto.randomUUID().length].join()`, ctx), "runtime's,function,36");
});
