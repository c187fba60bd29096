// Blob, File and FormData against Node's implementations as the oracle.
"use strict";

const { test } = require("node:test");
const { run, compare, seededRandom, assert } = require("./harness.cjs");

test("Blob_construction_matchesNode", async () => {
  const cases = [
    () => new Blob(),
    () => new Blob([]),
    () => new Blob(["abc", "déf", "😀"]),
    () => new Blob([new Uint8Array([1, 2, 3]), new Uint16Array([0x102]).buffer, new DataView(new Uint8Array([9, 8, 7]).buffer, 1)]),
    () => new Blob([new Uint8Array([1, 2, 3, 4]).subarray(1, 3)]),
    () => new Blob([new Blob(["in"]), "-", new Blob([new Uint8Array([0xff])])]),
    () => new Blob([1, true, null, undefined, { toString: () => "obj" }]),
    () => new Blob(["\ud800x\udc00"]),
    () => new Blob(["a"], { type: "Text/HTML;Charset=UTF-8" }).type,
    () => new Blob(["a"], { type: "té" }).type,
    () => new Blob(["a"], { type: "a\u0019b" }).type,
    () => new Blob(["a\r\nb\rc\n"], { endings: "transparent" }),
    () => T.attempt(() => new Blob("abc")),
    () => T.attempt(() => new Blob(123)),
    () => T.attempt(() => new Blob(["a"], { endings: "bogus" })),
    () => T.attempt(() => new Blob(["a"], 5)),
    () => new Blob(["x"], null).size,
    () => new Blob(new Set(["a", "b"])),
    () => [new Blob(["héllo"]).size, Object.prototype.toString.call(new Blob())],
  ];
  for (const c of cases) await compare(c);
});

test("Blob_readers_matchNode", async () => {
  const cases = [
    () => new Blob(["h\u00e9llo ", new Uint8Array([0xf0, 0x9f, 0x98, 0x80])]).text(),
    () => new Blob([new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xc3])]).text(),
    () => new Blob(["abc"]).arrayBuffer(),
    async () => {
      const reader = new Blob(["stream me"]).stream().getReader();
      const chunks = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(...value);
      }
      return chunks;
    },
    () => T.attemptAsync(() => Blob.prototype.text.call({})),
  ];
  for (const c of cases) await compare(c);
  // Node 20's Blob has no bytes(); check it against arrayBuffer()
  const bytes = await run(`(async () => { const b = new Blob(["abc", new Uint8Array([0])]); const u = await b.bytes(); return [Object.prototype.toString.call(u), [...u].join(","), [...new Uint8Array(await b.arrayBuffer())].join(",")]; })()`);
  assert.deepEqual([...bytes], ["[object Uint8Array]", "97,98,99,0", "97,98,99,0"]);
});

test("Blob_randomSlices_matchNode", async () => {
  const r = seededRandom("Blob slices");
  const slices = [];
  for (let i = 0; i < 500; i++) {
    // integers only: Node 20's native slice aborts the process on fractions and NaN
    const arg = () => r.pick([undefined, r.int(30) - 15, r.int(30), -0, "3", null]);
    slices.push([arg(), arg(), r.pick([undefined, "", "Text/Plain", "é", "a/b"])]);
  }
  const script = `async (slices) => {
    const blob = new Blob(["0123456789", "abcdefghij"], { type: "x/y" });
    const out = [];
    for (const [s, e, t] of slices) {
      const b = blob.slice(s, e, t);
      out.push([b.size, b.type, await b.text()]);
      const again = b.slice(1, -1);
      out.push([again.size, again.type, await again.text()]);
    }
    return JSON.stringify(out);
  }`;
  const args = slices.map((s) => s.map((x) => (x === undefined ? "__undef" : x)));
  const revive = `(slices) => slices.map((s) => s.map((x) => (x === "__undef" ? undefined : x)))`;
  const ours = JSON.parse(await run(`(${script})((${revive})(${JSON.stringify(args)}))`));
  const node = JSON.parse(await (0, eval)(`(${script})((${revive})(${JSON.stringify(args)}))`));
  const first = ours.findIndex((x, i) => JSON.stringify(x) !== JSON.stringify(node[i]));
  assert.equal(first, -1, `seed ${r.seed}: slice ${JSON.stringify(slices[first >> 1])}: ${JSON.stringify(ours[first])} vs ${JSON.stringify(node[first])}`);
});

test("Blob_nativeEndings_convertEveryLineBreakToLFPerFileAPI", async () => {
  // File API "convert line endings to native": CRLF and lone CR both become LF on this platform
  // (Node 20 leaves a lone CR, so this is checked against the standard).
  assert.equal(await run(`new Blob(["a\\r\\nb\\rc\\n"], { endings: "native" }).text()`), "a\nb\nc\n");
  assert.equal(run(`new File([], "f").webkitRelativePath`), "");
  // lastModified is a WebIDL long long: the fraction is dropped (Node keeps 1.9)
  assert.equal(run(`new File([], "f", { lastModified: 1.9 }).lastModified`), 1);
  assert.equal(run(`new File([], "f", { lastModified: -1.9 }).lastModified`), -1);
});

test("Blob_sliceWithFractionsAndNonFinite_clampsPerWebIDL", async () => {
  // [Clamp] long long: NaN is 0, infinities clamp, fractions round half to even.
  const out = await run(`(async () => {
    const b = new Blob(["0123456789"]);
    const t = (s, e) => b.slice(s, e).text();
    return [await t(1.5, 2.5), await t(2.5, 3.5), await t(NaN, 3), await t(-Infinity, Infinity), await t(-1.5, undefined), await t(0.5, 1.4)];
  })()`);
  assert.deepEqual([...out], ["", "23", "012", "0123456789", "89", "0"]);
});

test("File_construction_matchesNode", async () => {
  const cases = [
    () => {
      const f = new File(["ab", new Uint8Array([99])], "name.txt", { type: "Text/Plain", lastModified: 1234 });
      return [f, f.name, f.lastModified, f.size, f.type, f instanceof Blob, Object.prototype.toString.call(f)];
    },
    () => new File([], "\ud800").name,
    () => new File([], 42).name,
    () => new File([], "f", { lastModified: -5 }).lastModified,
    () => new File([], "f", { lastModified: "77" }).lastModified,
    () => new File([], "f", { lastModified: NaN }).lastModified,
    () => T.attempt(() => new File(["a"])),
    () => T.attempt(() => new File("a", "f")),
    () => typeof new File([], "f").lastModified,
    () => new File([new File(["inner"], "i")], "outer").text(),
    () => new File(["abc"], "f", { type: "t/x" }).slice(1).constructor.name,
  ];
  for (const c of cases) await compare(c);
});

test("FormData_methods_matchNode", async () => {
  const cases = [
    () => {
      const f = new FormData();
      f.append("a", "1");
      f.append("b", new Blob(["blob body"], { type: "text/x" }));
      f.append("c", new Blob(["named"]), "n.bin");
      f.append("d", new File(["file"], "orig.txt", { type: "a/b", lastModified: 5 }));
      f.append("e", new File(["file"], "orig.txt"), "renamed.txt");
      f.append("a", "2");
      return [[...f], f.getAll("a"), f.get("a"), f.get("none"), f.has("b"), f.has("x")];
    },
    () => {
      const f = new FormData();
      f.append("a", 1);
      f.append("a", { toString: () => "obj" });
      f.append("\ud800", "\udc00");
      f.set("a", "only");
      f.append("b", "x");
      f.delete("b");
      return [...f];
    },
    () => {
      const f = new FormData();
      f.append("x", "1");
      f.append("y", "2");
      f.append("x", "3");
      f.set("x", new Blob(["b"]), "file.bin");
      return [[...f.keys()], f.get("x").name, f.get("x").constructor.name];
    },
    () => {
      const f = new FormData();
      f.append("k", "v");
      const seen = [];
      f.forEach((v, k, obj) => seen.push([k, v, obj === f]));
      return seen;
    },
    () => T.attempt(() => new FormData().append("a")),
    () => T.attempt(() => new FormData().append("a", "b", "c")),
    () => T.attempt(() => new FormData({})),
    () => [...new FormData(undefined)].length,
    () => Object.prototype.toString.call(new FormData()),
    () => {
      const f = new FormData();
      f.append("a", new File(["x"], "a.txt", { lastModified: 99 }));
      return f.get("a").lastModified;
    },
  ];
  for (const c of cases) await compare(c);
});
