// TextEncoder/TextDecoder (the prelude's UTF-8 fallback) and atob/btoa against Node.
"use strict";

const { test } = require("node:test");
const { run, compare, seededRandom, assert } = require("./harness.cjs");

test("TextEncoder_encode_matchesNode", async () => {
  const cases = [
    () => new TextEncoder().encode("héllo 😀 \u0000\u007f\u0080\u07ff\u0800\uffff"),
    () => new TextEncoder().encode(),
    () => new TextEncoder().encode(undefined),
    () => new TextEncoder().encode("\ud800 \udc00 \ud83d\ude00 \ude00\ud83d"),
    () => new TextEncoder().encode(123),
    () => new TextEncoder().encoding,
    () => {
      const dest = new Uint8Array(5);
      return [new TextEncoder().encodeInto("a😀é", dest), dest];
    },
    () => {
      const dest = new Uint8Array(4);
      return [new TextEncoder().encodeInto("ab😀", dest), dest];
    },
    () => {
      const dest = new Uint8Array(10);
      return [new TextEncoder().encodeInto("\ud800x", dest), dest];
    },
    () => T.attempt(() => new TextEncoder().encodeInto("a", new Uint16Array(2))),
    () => Object.prototype.toString.call(new TextEncoder()),
  ];
  for (const c of cases) await compare(c);
});

test("TextDecoder_decode_matchesNode", async () => {
  const cases = [
    () => new TextDecoder().decode(new Uint8Array([0x68, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80])),
    () => new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])),
    () => new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])),
    () => new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf])),
    () => new TextDecoder().decode(),
    () => new TextDecoder().decode(new Uint8Array([0x41, 0x42]).buffer),
    () => new TextDecoder().decode(new DataView(new Uint8Array([0x41, 0x42, 0x43]).buffer, 1)),
    () => new TextDecoder().decode(new Uint16Array([0x4241])),
    () => T.attempt(() => new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff]))),
    () => T.attempt(() => new TextDecoder().decode("string")),
    () => T.attempt(() => new TextDecoder("latin2-not-a-label")),
    () => [new TextDecoder(" UTF8 ").encoding, new TextDecoder("unicode-1-1-utf-8").encoding],
    () => {
      const d = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
      return [d.encoding, d.fatal, d.ignoreBOM];
    },
    () => {
      const d = new TextDecoder();
      const bytes = [0xf0, 0x9f, 0x98, 0x80, 0xe2, 0x82, 0xac];
      const parts = bytes.map((b, i) => d.decode(new Uint8Array([b]), { stream: i < bytes.length - 1 }));
      return parts;
    },
    () => {
      const d = new TextDecoder();
      return [d.decode(new Uint8Array([0xef, 0xbb]), { stream: true }), d.decode(new Uint8Array([0xbf, 0x41]), { stream: true }), d.decode(new Uint8Array([0xef, 0xbb, 0xbf]))];
    },
    () => {
      const d = new TextDecoder();
      return [d.decode(new Uint8Array([0xe2, 0x82]), { stream: true }), d.decode()];
    },
  ];
  for (const c of cases) await compare(c);
});

test("TextDecoder_randomBytes_matchNode", () => {
  const r = seededRandom("TextDecoder random bytes");
  const INTERESTING = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x8f, 0x90, 0xbb];
  const inputs = [];
  for (let i = 0; i < 3000; i++) {
    const n = r.int(12);
    const bytes = [];
    for (let j = 0; j < n; j++) bytes.push(r.int(3) === 0 ? r.int(256) : r.pick(INTERESTING));
    inputs.push({ bytes, fatal: r.int(4) === 0, ignoreBOM: r.int(3) === 0, split: r.int(n + 1) });
  }
  const script = `(inputs) => JSON.stringify(inputs.map(({ bytes, fatal, ignoreBOM, split }) => {
    const attempt = (f) => { try { return f(); } catch (e) { return "throws " + e.name; } };
    const whole = attempt(() => new TextDecoder("utf-8", { fatal, ignoreBOM }).decode(new Uint8Array(bytes)));
    const d = new TextDecoder("utf-8", { fatal, ignoreBOM });
    const streamed = attempt(() => d.decode(new Uint8Array(bytes.slice(0, split)), { stream: true }) + d.decode(new Uint8Array(bytes.slice(split))));
    const reused = attempt(() => d.decode(new Uint8Array(bytes)));
    return [whole, streamed, reused];
  }))`;
  const ours = JSON.parse(run(script)(inputs));
  const node = JSON.parse((0, eval)(script)(inputs));
  const first = ours.findIndex((x, i) => JSON.stringify(x) !== JSON.stringify(node[i]));
  assert.equal(first, -1, `seed ${r.seed}: ${JSON.stringify(inputs[first])}: ${JSON.stringify(ours[first])} vs ${JSON.stringify(node[first])}`);
});

test("TextEncoderDecoder_randomStrings_roundTripLikeNode", () => {
  const r = seededRandom("TextEncoder round trip");
  const inputs = [];
  for (let i = 0; i < 2000; i++) {
    let s = "";
    const n = r.int(10);
    for (let j = 0; j < n; j++) {
      const kind = r.int(5);
      s += String.fromCharCode(kind === 0 ? r.int(0x80) : kind === 1 ? r.int(0x800) : kind === 2 ? 0xd800 + r.int(0x800) : r.int(0x10000));
    }
    inputs.push(s);
  }
  const script = `(inputs) => JSON.stringify(inputs.map((s) => {
    const bytes = new TextEncoder().encode(s);
    const into = new Uint8Array(Math.floor(s.length * 1.5));
    const result = new TextEncoder().encodeInto(s, into);
    return [[...bytes], new TextDecoder().decode(bytes), result.read, result.written, [...into]];
  }))`;
  const ours = JSON.parse(run(script)(inputs));
  const node = JSON.parse((0, eval)(script)(inputs));
  const first = ours.findIndex((x, i) => JSON.stringify(x) !== JSON.stringify(node[i]));
  assert.equal(first, -1, `seed ${r.seed}: ${JSON.stringify(inputs[first])}: ${JSON.stringify(ours[first])} vs ${JSON.stringify(node[first])}`);
});

test("atobBtoa_fixedCases_matchNode", async () => {
  const cases = [
    () => [btoa(""), btoa("f"), btoa("fo"), btoa("foo"), btoa("\u0000\u00ff\u0080"), btoa(undefined), btoa(null), btoa(12)],
    () => T.attempt(() => btoa("€")),
    () => T.attempt(() => btoa("\ud83d\ude00")),
    () => T.attempt(() => btoa()),
    () => [atob(""), atob("Zg=="), atob("Zg="), atob("Zg"), atob(" Z g = = "), atob("\tZm9v\n"), atob("/+/+"), atob(undefined)],
    () => [T.attempt(() => atob("Z")), T.attempt(() => atob("Zg===")), T.attempt(() => atob("Z=g=")), T.attempt(() => atob("*")), T.attempt(() => atob("Zm9v=")), T.attempt(() => atob("éé=="))],
    () => {
      try {
        atob("!");
      } catch (e) {
        return [e.name, e.code, e instanceof DOMException, e instanceof Error];
      }
    },
    () => atob("YQ") + atob("YR") + atob("YWI"),
  ];
  for (const c of cases) await compare(c);
});

test("atobBtoa_randomRoundTrip_matchNode", () => {
  const r = seededRandom("atob/btoa");
  const ALPHABET = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\n\f\r-_*é"];
  const binaries = [];
  const encoded = [];
  for (let i = 0; i < 2000; i++) {
    let b = "";
    for (let j = r.int(12); j > 0; j--) b += String.fromCharCode(r.int(256));
    binaries.push(b);
    let e = "";
    for (let j = r.int(12); j > 0; j--) e += r.pick(ALPHABET);
    encoded.push(e);
  }
  const script = `(binaries, encoded) => {
    const attempt = (f) => { try { return f(); } catch (e) { return "throws " + e.name; } };
    return JSON.stringify([binaries.map((b) => [btoa(b), atob(btoa(b)) === b]), encoded.map((e) => attempt(() => atob(e)))]);
  }`;
  const ours = run(script)(binaries, encoded);
  const node = (0, eval)(script)(binaries, encoded);
  assert.equal(ours, node, `seed ${r.seed}`);
});

test("TextEncoder_whenEngineProvidesOne_isLeftAlone", async () => {
  const { loadPrelude } = require("./harness.cjs");
  const ctx = loadPrelude({
    before: (c) => run(`globalThis.TextEncoder = class TextEncoder { encode() { return "engine's"; } };`, c),
  });
  assert.equal(run(`new TextEncoder().encode("x")`, ctx), "engine's");
  assert.equal(run(`typeof TextDecoder`, ctx), "function");
  void compare;
});
