// Request and Response against Node's (undici) implementations as the oracle.
"use strict";

const { test } = require("node:test");
const { run, compare, summarize, seededRandom, assert } = require("./harness.cjs");

const DESCRIBE_RESPONSE = `async (r) => [r.status, r.statusText, r.ok, r.type, r.url, r.redirected, [...r.headers], r.body === null, r.bodyUsed, [...new Uint8Array(await r.arrayBuffer())], r.bodyUsed]`;
// the same helper in both realms (test functions reach it as a global)
globalThis.describeResponse = (0, eval)(DESCRIBE_RESPONSE);
run(`globalThis.describeResponse = ${DESCRIBE_RESPONSE}`);

test("Response_bodies_matchNode", async () => {
  const cases = [
    () => describeResponse(new Response()),
    () => describeResponse(new Response(null)),
    () => describeResponse(new Response(undefined)),
    () => describeResponse(new Response("héllo 😀")),
    () => describeResponse(new Response("\ud800")),
    () => describeResponse(new Response(new Uint8Array([1, 2, 3]))),
    () => describeResponse(new Response(new Uint8Array([1, 2, 3, 4]).subarray(1, 3))),
    () => describeResponse(new Response(new Uint16Array([0x0102]).buffer)),
    () => describeResponse(new Response(new DataView(new Uint8Array([5, 6, 7]).buffer, 1))),
    () => describeResponse(new Response(new Blob(["blob"], { type: "Image/PNG" }))),
    () => describeResponse(new Response(new Blob(["untyped"]))),
    () => describeResponse(new Response(new URLSearchParams({ a: "1 2", "é": "&" }))),
    () => describeResponse(new Response({ toString: () => "custom" })),
    () => describeResponse(new Response(42)),
    () => describeResponse(new Response("x", { headers: { "Content-Type": "text/custom" } })),
    () => describeResponse(new Response(new Blob(["b"], { type: "a/b" }), { headers: [["content-type", "c/d"]] })),
    () => describeResponse(new Response("x", { status: 201, statusText: "Created Fine", headers: new Headers({ "X-A": "1" }) })),
    () => describeResponse(new Response(null, { status: 204 })),
    () => describeResponse(new Response(null, { status: "299" })),
    () => describeResponse(new Response("x", { status: 404 })),
    () => describeResponse(new Response("x", { status: 599 })),
    () => describeResponse(new Response("x", { status: 65736 })),
    () => describeResponse(new Response("x", { status: 200.9 })),
    () => describeResponse(new Response("", { statusText: "é\u00ff" })),
  ];
  for (const c of cases) await compare(c);
});

test("Response_invalidInit_throwsLikeNode", async () => {
  const cases = [
    () => T.attempt(() => new Response("x", { status: 199 })),
    () => T.attempt(() => new Response("x", { status: 600 })),
    () => T.attempt(() => new Response("x", { status: 0 })),
    () => T.attempt(() => new Response("x", { status: 204 })),
    () => T.attempt(() => new Response("", { status: 304 })),
    () => T.attempt(() => new Response("x", { statusText: "a\nb" })),
    () => T.attempt(() => new Response("x", { statusText: "€" })),
    () => T.attempt(() => new Response("x", { headers: { "bad name": "v" } })),
    () => T.attempt(() => new Response("x", { headers: "x" })),
    () => T.attempt(() => new Response("x", 5)),
    () => T.attempt(() => Response.prototype.text.call({})),
  ];
  for (const c of cases) await compare(c);
});

test("Response_staticFactories_matchNode", async () => {
  const cases = [
    () => describeResponse(Response.json({ a: [1, "two", null] })),
    () => describeResponse(Response.json("s", { status: 202, headers: { "x-y": "z" } })),
    () => describeResponse(Response.json(null, { headers: { "content-type": "application/vnd+json" } })),
    () => T.attempt(() => Response.json(undefined)),
    () => T.attempt(() => Response.json(() => 1)),
    () => T.attempt(() => Response.json({ a: 1n })),
    () => T.attempt(() => Response.json({}, { status: 204 })),
    () => T.attempt(() => Response.json()),
    () => describeResponse(Response.redirect("https://example.com/a b?c#d")),
    () => describeResponse(Response.redirect("https://example.com/", 307)),
    () => describeResponse(Response.redirect(new URL("https://example.com/x"), 308)),
    () => T.attempt(() => Response.redirect("https://example.com/", 200)),
    () => T.attempt(() => Response.redirect("/relative")),
    () => T.attempt(() => Response.redirect("not a url")),
    () => describeResponse(Response.error()),
  ];
  for (const c of cases) await compare(c);
});

test("Response_consumption_matchesNode", async () => {
  const cases = [
    async () => {
      const r = new Response("text");
      return [await r.text(), r.bodyUsed, await T.attemptAsync(() => r.text()), await T.attemptAsync(() => r.arrayBuffer())];
    },
    async () => {
      const r = new Response(null);
      return [await r.text(), r.bodyUsed, await r.text(), await r.arrayBuffer(), r.bodyUsed];
    },
    async () => [await new Response('{"a":[1,2]}').json(), await T.attemptAsync(() => new Response("{bad").json())],
    async () => T.attemptAsync(() => new Response("").json()),
    async () => new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])).text(),
    async () => new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])).json(),
    async () => new Response(new Uint8Array([0xff, 0x41, 0xc3])).text(),
    async () => {
      const blob = await new Response("abc", { headers: { "content-type": "Text/Plain; Charset=UTF-8; X=\"a b\"" } }).blob();
      return [blob.type, await blob.text()];
    },
    async () => (await new Response("abc", { headers: { "content-type": "not a mime" } }).blob()).type,
    async () => (await new Response("abc", { headers: [["content-type", "text/html;charset=gbk"], ["content-type", "text/html;x=y"]] }).blob()).type,
    async () => (await new Response("abc", { headers: [["content-type", "text/plain"], ["content-type", "*/*"]] }).blob()).type,
    async () => (await new Response(new Uint8Array([1])).blob()).type,
    async () => [...(await new Response("a=1&b=%20x&a=3", { headers: { "content-type": "application/x-www-form-urlencoded" } }).formData())],
    async () => [...(await new Response(new URLSearchParams("q=1&r=é")).formData())],
    async () => T.attemptAsync(() => new Response("a=1", { headers: { "content-type": "text/plain" } }).formData()),
    async () => T.attemptAsync(() => new Response("a=1").formData()),
    async () => [...(await new Response(null, { headers: { "content-type": "application/x-www-form-urlencoded" } }).formData())],
  ];
  for (const c of cases) await compare(c);
});

test("Response_cloneAndBodyStream_matchNode", async () => {
  const cases = [
    async () => {
      const r = new Response("shared", { status: 201, headers: { a: "1" } });
      const c = r.clone();
      c.headers.set("a", "2");
      return [await r.text(), await c.text(), r.headers.get("a"), c.status, r.bodyUsed, c.bodyUsed];
    },
    async () => {
      const r = new Response("x");
      await r.text();
      return T.attempt(() => r.clone());
    },
    async () => {
      const r = new Response("streamed body");
      const reader = r.body.getReader();
      const before = r.bodyUsed;
      const chunks = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(...value);
      }
      return [before, r.bodyUsed, chunks, await T.attemptAsync(() => r.text())];
    },
    async () => {
      const r = new Response("locked");
      r.body.getReader();
      return [r.bodyUsed, await T.attemptAsync(() => r.text()), T.attempt(() => r.clone())];
    },
    async () => {
      const r = new Response("x");
      return [r.body === r.body, typeof r.body.getReader, r.body.locked];
    },
    async () => {
      const source = new Response("piped through");
      const r = new Response(source.body);
      return [await r.text(), source.bodyUsed];
    },
    async () => {
      const source = new Response("request body");
      const req = new Request("https://example.com/", { method: "POST", body: source.body, duplex: "half" });
      return [await req.text(), source.bodyUsed];
    },
    async () => {
      const source = new Response("x");
      return T.attempt(() => new Request("https://example.com/", { method: "POST", body: source.body }));
    },
    () => new Response(null).body,
    async () => {
      const r = new Response("x");
      const [a, b] = r.body.tee();
      const read = async (s) => {
        const reader = s.getReader();
        const out = [];
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return out;
          out.push(...value);
        }
      };
      return [await read(a), await read(b)];
    },
  ];
  for (const c of cases) await compare(c);
});

const DESCRIBE_REQUEST = `async (r) => [r.method, r.url, [...r.headers], r.destination, r.referrer, r.referrerPolicy, r.mode, r.credentials, r.cache, r.redirect, r.integrity, r.keepalive, r.isReloadNavigation, r.isHistoryNavigation, r.signal.aborted, r.duplex, r.body === null, r.bodyUsed, await r.text(), r.bodyUsed]`;
globalThis.describeRequest = (0, eval)(DESCRIBE_REQUEST);
run(`globalThis.describeRequest = ${DESCRIBE_REQUEST}`);

test("Request_construction_matchesNode", async () => {
  const cases = [
    () => describeRequest(new Request("https://Example.COM:443/a/../b?c#frag")),
    () => describeRequest(new Request(new URL("http://h/x"))),
    () => describeRequest(new Request("https://h/", { method: "post", body: "hi" })),
    () => describeRequest(new Request("https://h/", { method: "Put", body: new URLSearchParams("a=1") })),
    () => describeRequest(new Request("https://h/", { method: "DELETE", body: new Uint8Array([1, 2]) })),
    () => describeRequest(new Request("https://h/", { method: "OPTIONS" })),
    () => describeRequest(new Request("https://h/", { method: "head" })),
    () => describeRequest(new Request("https://h/", { method: "custom-VERB" })),
    () => describeRequest(new Request("https://h/", { method: "POST", body: new Blob(["b"], { type: "x/y" }), headers: { "X-A": "1" } })),
    () => describeRequest(new Request("https://h/", { method: "POST", body: "x", headers: { "content-type": "mine/own" } })),
    () => describeRequest(new Request("https://h/", { method: "POST", body: null })),
    () => describeRequest(new Request("https://h/", { headers: [["a", "1"], ["a", "2"]] })),
    () =>
      describeRequest(
        new Request("https://h/", {
          mode: "same-origin",
          credentials: "include",
          cache: "only-if-cached",
          redirect: "manual",
          integrity: "sha256-abc",
          keepalive: true,
          referrer: "",
          referrerPolicy: "no-referrer",
        }),
      ),
    () => describeRequest(new Request("https://h/", { referrer: "https://other.example/page" })),
    () => describeRequest(new Request("https://h/", { referrer: "about:client" })),
    () => describeRequest(new Request("https://h/", { mode: "no-cors", method: "POST", body: "x" })),
    () => describeRequest(new Request("https://h/", { cache: "no-store", window: null })),
    () => describeRequest(new Request("https://h/", { signal: AbortSignal.abort("why") })),
    () => describeRequest(new Request("https://h/", { signal: null })),
  ];
  for (const c of cases) await compare(c);
});

test("Request_invalidInput_throwsLikeNode", async () => {
  const cases = [
    () => T.attempt(() => new Request("/relative")),
    () => T.attempt(() => new Request("not a url")),
    () => T.attempt(() => new Request("https://user:pw@h/")),
    () => T.attempt(() => new Request()),
    () => T.attempt(() => new Request("https://h/", { method: "CONNECT" })),
    () => T.attempt(() => new Request("https://h/", { method: "trace" })),
    () => T.attempt(() => new Request("https://h/", { method: "TRACK" })),
    () => T.attempt(() => new Request("https://h/", { method: "bad method" })),
    () => T.attempt(() => new Request("https://h/", { method: "" })),
    () => T.attempt(() => new Request("https://h/", { method: "GÉT" })),
    () => T.attempt(() => new Request("https://h/", { body: "x" })),
    () => T.attempt(() => new Request("https://h/", { method: "HEAD", body: "x" })),
    () => T.attempt(() => new Request("https://h/", { mode: "navigate" })),
    () => T.attempt(() => new Request("https://h/", { mode: "bogus" })),
    () => T.attempt(() => new Request("https://h/", { credentials: "x" })),
    () => T.attempt(() => new Request("https://h/", { cache: "x" })),
    () => T.attempt(() => new Request("https://h/", { redirect: "x" })),
    () => T.attempt(() => new Request("https://h/", { referrerPolicy: "x" })),
    () => T.attempt(() => new Request("https://h/", { cache: "only-if-cached" })),
    () => T.attempt(() => new Request("https://h/", { mode: "no-cors", method: "PUT" })),
    () => T.attempt(() => new Request("https://h/", { window: {} })),
    () => T.attempt(() => new Request("https://h/", { signal: {} })),
    () => T.attempt(() => new Request("https://h/", { referrer: "::bad" })),
    () => T.attempt(() => new Request("https://h/", { headers: { "a b": "c" } })),
    () => T.attempt(() => new Request("https://h/", 5)),
  ];
  for (const c of cases) await compare(c);
});

test("Request_fromRequest_matchesNode", async () => {
  const cases = [
    async () => {
      const a = new Request("https://h/a", { method: "POST", body: "payload", headers: { x: "1" }, redirect: "error" });
      const b = new Request(a);
      return [a.bodyUsed, await describeRequest(b), await T.attemptAsync(() => a.text())];
    },
    async () => {
      const a = new Request("https://h/a", { method: "POST", body: "payload", headers: { x: "1" } });
      const b = new Request(a, { headers: { y: "2" }, method: "PUT" });
      return [await describeRequest(b), a.bodyUsed];
    },
    async () => {
      const a = new Request("https://h/a", { method: "POST", body: "payload" });
      const b = new Request(a, { body: "replacement" });
      return [a.bodyUsed, await b.text(), await a.text()];
    },
    async () => {
      const a = new Request("https://h/a", { method: "POST", body: "payload" });
      await a.text();
      return T.attempt(() => new Request(a));
    },
    async () => {
      const a = new Request("https://h/a", { method: "POST", body: "payload" });
      return T.attempt(() => new Request(a, { method: "GET" }));
    },
    async () => {
      const a = new Request("https://h/a", { mode: "same-origin", referrerPolicy: "origin", integrity: "i" });
      return describeRequest(new Request(a, { cache: "no-cache" }));
    },
    async () => {
      const a = new Request("https://h/a", { mode: "same-origin", referrerPolicy: "origin", integrity: "i" });
      return describeRequest(new Request(a));
    },
    async () => {
      const controller = new AbortController();
      const a = new Request("https://h/", { signal: controller.signal });
      const b = new Request(a);
      const c = b.clone();
      const before = [a.signal.aborted, b.signal.aborted, c.signal.aborted, a.signal === controller.signal];
      controller.abort("stop");
      return [before, a.signal.aborted, b.signal.aborted, c.signal.aborted, c.signal.reason];
    },
    async () => {
      const a = new Request("https://h/", { method: "POST", body: "clone me", headers: { k: "v" } });
      const b = a.clone();
      b.headers.set("k", "changed");
      return [await a.text(), await b.text(), a.headers.get("k"), b.method, b.url];
    },
    async () => {
      const a = new Request("https://h/", { method: "POST", body: "x" });
      await a.arrayBuffer();
      return [T.attempt(() => a.clone()), a.bodyUsed];
    },
    async () => {
      const r = new Request("https://h/", { method: "POST", body: new URLSearchParams("a=1") });
      return [...(await r.formData())];
    },
  ];
  for (const c of cases) await compare(c);
});

test("FormDataBody_multipart_roundTripsThroughNode", async () => {
  const r = seededRandom("multipart round trip");
  const WORDS = ["plain", "with space", "é😀", "quote\"d", "line\nbreak", "cr\rlf\r\n", "semi;colon", "", "--boundary-like"];
  for (let round = 0; round < 30; round++) {
    const entries = [];
    const n = 1 + r.int(5);
    for (let i = 0; i < n; i++) {
      const name = r.pick(WORDS.filter((w) => !/["\r\n]/.test(w)));
      if (r.int(2) === 0) {
        entries.push({ name, value: r.pick(WORDS) });
      } else {
        const bytes = Array.from({ length: r.int(40) }, () => r.int(256));
        entries.push({ name, file: r.pick(["a.txt", "b c.bin", "ü.png"]), type: r.pick(["", "image/png", "text/plain;charset=utf-8"]), bytes });
      }
    }
    const build = `(entries) => { const f = new FormData(); for (const e of entries) { if (e.file) f.append(e.name, new Blob([new Uint8Array(e.bytes)], { type: e.type }), e.file); else f.append(e.name, e.value); } return f; }`;
    // ours encodes, Node parses
    const encoded = await run(`(async () => { const r = new Response((${build})(${JSON.stringify(entries)})); return JSON.stringify({ type: r.headers.get("content-type"), bytes: [...new Uint8Array(await r.arrayBuffer())] }); })()`);
    const { type, bytes } = JSON.parse(encoded);
    assert.match(type, /^multipart\/form-data; boundary=/);
    const parsedByNode = await new Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData();
    // Node encodes, ours parses
    const nodeResponse = new Response((0, eval)(build)(entries));
    const nodeType = nodeResponse.headers.get("content-type");
    const nodeBytes = [...new Uint8Array(await nodeResponse.arrayBuffer())];
    const parsedByUs = await run(`(async () => new Response(new Uint8Array(${JSON.stringify(nodeBytes)}), { headers: { "content-type": ${JSON.stringify(nodeType)} } }).formData())()`);
    const expected = await summarize((0, eval)(build)(entries));
    const normalize = (s) => JSON.parse(JSON.stringify(s).replace(/\\r\\n|\\r|\\n/g, "\\r\\n"));
    assert.deepEqual(normalize(await summarize(parsedByNode)), normalize(withDefaultFileType(expected)), `seed ${r.seed}: our multipart, parsed by Node`);
    assert.deepEqual(normalize(await summarize(parsedByUs)), normalize(withDefaultFileType(expected)), `seed ${r.seed}: Node's multipart, parsed by us`);
  }
});

/** A parsed File without a part Content-Type... always has one here: ours and Node's write "application/octet-stream". */
const withDefaultFileType = (summary) => ({
  FormData: summary.FormData.map(([k, v]) => [k, v && v.File !== undefined && v.type === "" ? { ...v, type: "application/octet-stream" } : v]),
});

test("Body_multipartParsing_handlesHandWrittenBodies", async () => {
  const body = [
    "preamble to ignore",
    "--XyZ",
    'Content-Disposition: form-data; name="field"',
    "",
    "value one",
    "--XyZ  ",
    'content-disposition: form-data; name="upload"; filename="r\u00e9sum\u00e9.txt"',
    "Content-Type: text/markdown",
    "",
    "# title",
    "--XyZ",
    'Content-Disposition: form-data; name="nofiletype"; filename="x"',
    "",
    "raw",
    "--XyZ--",
    "epilogue",
  ].join("\r\n");
  const out = await run(`(async () => {
    const fd = await new Request("https://h/", { method: "POST", body: ${JSON.stringify(body)}, headers: { "content-type": 'multipart/form-data; boundary="XyZ"' } }).formData();
    const upload = fd.get("upload");
    const plain = fd.get("nofiletype");
    return JSON.stringify([fd.get("field"), upload.name, upload.type, await upload.text(), plain.type, await plain.text()]);
  })()`);
  assert.deepEqual(JSON.parse(out), ["value one", "résumé.txt", "text/markdown", "# title", "text/plain", "raw"]);
  const failures = await run(`(async () => {
    const parse = (body, type) => T.attemptAsync(() => new Response(body, { headers: { "content-type": type } }).formData());
    return JSON.stringify([
      await parse("--a\\r\\nContent-Disposition: form-data; name=x\\r\\n\\r\\nunterminated", "multipart/form-data; boundary=a"),
      await parse("no boundary here", "multipart/form-data; boundary=a"),
      await parse("--a--", "multipart/form-data"),
      await parse("--a\\r\\nContent-Type: text/plain\\r\\n\\r\\nx\\r\\n--a--", "multipart/form-data; boundary=a"),
    ]);
  })()`);
  assert.deepEqual(JSON.parse(failures), ["throws TypeError", "throws TypeError", "throws TypeError", "throws TypeError"]);
});

test("Body_bytes_returnsAFreshUint8Array", async () => {
  // Node 20's Response has no bytes(); checked on its own
  const out = await run(`(async () => {
    const r = new Response("abc");
    const b = await r.bytes();
    b[0] = 0;
    return JSON.stringify([Object.prototype.toString.call(b), [...b], r.bodyUsed, await T.attemptAsync(() => r.bytes())]);
  })()`);
  assert.deepEqual(JSON.parse(out), ["[object Uint8Array]", [0, 98, 99], true, "throws TypeError"]);
});

test("Request_errorsNameTheProblem", () => {
  const message = (src) => run(`(() => { try { ${src}; return "no error"; } catch (e) { return e.name + ": " + e.message; } })()`);
  assert.equal(message(`new Request("/x")`), "TypeError: Request constructor: '/x' is not a valid absolute URL");
  assert.equal(message(`new Request("https://h/", { body: "x" })`), "TypeError: Request constructor: a GET request cannot have a body");
  assert.equal(message(`new Request("https://h/", { mode: "nope" })`), "TypeError: Request constructor: init.mode: 'nope' is not a valid value; expected one of 'navigate', 'same-origin', 'no-cors', 'cors'");
  assert.equal(message(`new Response("x", { status: 99 })`), "RangeError: Response constructor: init.status must be in the range 200 to 599, got 99");
});

test("runtimeHooks_peekBodyAndURLList_work", async () => {
  const out = await run(`(async () => {
    const hooks = globalThis[Symbol.for("slipway.web.internals")];
    const r = new Response("peek");
    const peeked = hooks.peekBody(r);
    hooks.setResponseURLList(r, ["https://a.example/x#frag", "https://b.example/y#frag"]);
    return JSON.stringify([[...peeked], r.bodyUsed, r.url, r.redirected, hooks.peekBody(new Response()), hooks.isResponse(r), hooks.isRequest(r), await r.text()]);
  })()`);
  assert.deepEqual(JSON.parse(out), [[112, 101, 101, 107], false, "https://b.example/y", true, null, true, false, "peek"]);
});

test("Body_withRuntimeReadableStream_usesRealStreams", async () => {
  // When the runtime provides web streams, bodies are real ReadableStreams (Node's stand in here).
  const { loadPrelude } = require("./harness.cjs");
  const ctx = loadPrelude({ before: (c) => Object.assign(c, { ReadableStream }) });
  const out = await run(
    `(async () => {
      const r = new Response("real stream");
      const isReal = r.body instanceof ReadableStream;
      const reader = r.body.getReader();
      const lockedBefore = [r.bodyUsed, await T.attemptAsync(() => r.text())];
      const chunks = [];
      for (;;) { const { value, done } = await reader.read(); if (done) break; chunks.push(...value); }
      const source = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.enqueue(new Uint8Array([33])); c.close(); } });
      const fromStream = new Response(source);
      const blobStream = new Blob(["blob"]).stream();
      return JSON.stringify([isReal, lockedBefore, r.bodyUsed, String.fromCharCode(...chunks), source.locked, await fromStream.text(),
        blobStream instanceof ReadableStream, await new Response(blobStream).text()]);
    })()`,
    ctx,
  );
  assert.deepEqual(JSON.parse(out), [true, [false, "throws TypeError"], true, "real stream", true, "hi!", true, "blob"]);
});
