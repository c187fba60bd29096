// The prelude as a whole: the rules every file must follow, and what it defines.
"use strict";

const { test } = require("node:test");
const { preludeFiles, loadPrelude, run, vm, assert, WEB_GLOBALS } = require("./harness.cjs");

test("preludeFiles_directory_hasNumberedFilesInEvaluationOrder", () => {
  const names = preludeFiles().map((f) => f.name);
  assert.ok(names.length >= 10, `only ${names.length} prelude files`);
  for (const name of names) {
    assert.match(name, /^\d\d-[a-z0-9-]+\.js$/, `${name} is not named NN-name.js`);
  }
  assert.equal(names[0], "00-internals.js");
  assert.equal(names[names.length - 1], "99-seal.js");
});

test("preludeFiles_source_isStrictClassicScriptWithoutEvalModulesOrNode", () => {
  for (const f of preludeFiles()) {
    const code = f.source.replace(/^\s*\/\/.*$/gm, "");
    assert.match(code, /^\s*"use strict";/, `${f.name}: the first statement must be "use strict"`);
    for (const [pattern, what] of [
      [/\beval\s*\(/, "eval"],
      [/\bnew\s+Function\b|[^.\w]Function\s*\(/, "the Function constructor"],
      [/^\s*(import|export)\b/m, "module syntax"],
      [/\bimport\s*\(/, "dynamic import"],
      [/\brequire\s*\(/, "require"],
      [/\bprocess\./, "process"],
      [/\bBuffer\b/, "Buffer"],
      [/\bJava\b|\bPolyglot\b/, "host interop"],
    ]) {
      assert.doesNotMatch(code, pattern, `${f.name} uses ${what}`);
    }
    // compiles as a classic script in strict mode
    new vm.Script(f.source, { filename: f.name });
  }
});

test("loadPrelude_bareContext_definesEveryWebGlobal", () => {
  const ctx = loadPrelude();
  const missing = run(`${JSON.stringify(WEB_GLOBALS)}.filter((n) => typeof globalThis[n] === "undefined")`, ctx);
  assert.deepEqual([...missing], []);
  assert.equal(run("self === globalThis", ctx), true);
  assert.equal(run("typeof crypto.subtle", ctx), "undefined", "crypto.subtle is out of scope and must stay absent");
  // WebIDL-style globals: writable, configurable, not enumerable
  const d = run(`Object.getOwnPropertyDescriptor(globalThis, "URL")`, ctx);
  assert.deepEqual([d.writable, d.enumerable, d.configurable], [true, false, true]);
  assert.deepEqual([...run("Object.keys(globalThis)", ctx)].filter((k) => WEB_GLOBALS.includes(k)), []);
});

test("loadPrelude_globalsAlreadyPresent_leavesThemUntouched", () => {
  const sentinels = [...WEB_GLOBALS, "WeakRef", "FinalizationRegistry"];
  const ctx = loadPrelude({
    before: (c) => vm.runInContext(`for (const n of ${JSON.stringify(sentinels)}) globalThis[n] = "native " + n;`, c),
  });
  for (const name of sentinels) {
    assert.equal(run(`globalThis[${JSON.stringify(name)}]`, ctx), `native ${name}`, `${name} was replaced`);
  }
});

test("loadPrelude_engineWithoutWeakRefs_providesNonCollectingShims", () => {
  const ctx = loadPrelude({ before: (c) => vm.runInContext("delete globalThis.WeakRef; delete globalThis.FinalizationRegistry;", c) });
  const result = run(
    `(() => {
      const target = {};
      const ref = new WeakRef(target);
      const calls = [];
      const registry = new FinalizationRegistry((held) => calls.push(held));
      const token = {};
      registry.register(target, "held", token);
      return [ref.deref() === target, registry.unregister(token), registry.unregister(token), calls.length,
        T.attempt(() => new WeakRef(1)), T.attempt(() => registry.register(target, target)),
        Object.prototype.toString.call(ref)];
    })()`,
    ctx,
  );
  assert.deepEqual([...result], [true, true, false, 0, "throws TypeError", "throws TypeError", "[object WeakRef]"]);
});

test("loadPrelude_afterLoad_onlyTheDocumentedHooksRemain", () => {
  const ctx = loadPrelude();
  const keys = run(`Object.keys(globalThis[Symbol.for("slipway.web.internals")]).sort()`, ctx);
  assert.deepEqual([...keys], ["isBlob", "isHeaders", "isRequest", "isResponse", "peekBody", "setResponseURLList"]);
  assert.equal(run(`Object.isFrozen(globalThis[Symbol.for("slipway.web.internals")])`, ctx), true);
  assert.equal(run(`Object.getOwnPropertyNames(globalThis).some((n) => /slipway/i.test(n))`, ctx), false);
});

test("prelude_evalAndFunctionPoisoned_stillWorks", async () => {
  const ctx = loadPrelude();
  run(
    `globalThis.eval = () => { throw new Error("eval used"); };
     globalThis.Function = function () { throw new Error("Function used"); };`,
    ctx,
  );
  const out = await run(
    `(async () => {
      const u = new URL("https://example.com/a?b=c#d");
      const r = new Response(JSON.stringify({ u: u.href }), { headers: { "x-a": "1" } });
      const clone = structuredClone({ f: [1, new Map([[1, { a: 2 }]])], d: new Date(5) });
      return [await r.json(), clone.f[1].get(1).a, btoa("x"), crypto.randomUUID().length,
        T.attempt(() => structuredClone(() => 1))];
    })()`,
    ctx,
  );
  assert.deepEqual(JSON.parse(JSON.stringify(out)), [{ u: "https://example.com/a?b=c#d" }, 2, "eA==", 36, "throws DataCloneError"]);
});

test("queueMicrotask_callbacks_runInOrderBeforeLaterPromiseJobs", async () => {
  const ctx = loadPrelude();
  const order = await run(
    `new Promise((resolve) => {
      const order = [];
      queueMicrotask(() => order.push(1));
      Promise.resolve().then(() => order.push(2));
      queueMicrotask(() => { order.push(3); Promise.resolve().then(() => resolve(order)); });
    })`,
    ctx,
  );
  assert.deepEqual([...order], [1, 2, 3]);
  assert.equal(run(`T.attempt(() => queueMicrotask(1))`, ctx), "throws TypeError");
  assert.equal(run(`T.attempt(() => queueMicrotask())`, ctx), "throws TypeError");
});
