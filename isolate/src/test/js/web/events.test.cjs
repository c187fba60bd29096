// Event, CustomEvent, EventTarget, AbortController and AbortSignal against Node as the oracle.
"use strict";

const { test } = require("node:test");
const { run, compare, loadPrelude, seededRandom, assert } = require("./harness.cjs");

test("Event_properties_matchNode", async () => {
  const cases = [
    () => {
      const e = new Event("ping");
      return [e.type, e.bubbles, e.cancelable, e.composed, e.defaultPrevented, e.eventPhase, e.target, e.currentTarget, e.isTrusted, e.returnValue, e.cancelBubble, e.composedPath()];
    },
    () => {
      const e = new Event("x", { bubbles: 1, cancelable: "yes", composed: true });
      return [e.bubbles, e.cancelable, e.composed];
    },
    () => {
      const e = new Event("x", { cancelable: true });
      e.preventDefault();
      return [e.defaultPrevented, e.returnValue];
    },
    () => {
      const e = new Event("x");
      e.preventDefault();
      return e.defaultPrevented;
    },
    () => [Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE],
    () => T.attempt(() => new Event()),
    () => T.attempt(() => new Event("x", 5)),
    () => new Event(undefined).type,
    () => Object.prototype.toString.call(new Event("x")),
    () => typeof new Event("x").timeStamp,
    () => {
      const e = new CustomEvent("c", { detail: { a: 1 } });
      return [e.type, e.detail, e instanceof Event, new CustomEvent("d").detail];
    },
  ];
  for (const c of cases) await compare(c);
});

test("EventTarget_dispatch_matchesNode", async () => {
  const cases = [
    () => {
      const t = new EventTarget();
      const log = [];
      const a = (e) => log.push(["a", e.type, e.target === t, e.currentTarget === t, e.eventPhase, this === undefined]);
      t.addEventListener("go", a);
      t.addEventListener("go", a);
      t.addEventListener("go", { handleEvent(e) { log.push(["obj", e.type, this !== t]); } });
      t.addEventListener("other", () => log.push(["other"]));
      const result = t.dispatchEvent(new Event("go"));
      return [result, log];
    },
    () => {
      const t = new EventTarget();
      const log = [];
      t.addEventListener("x", () => log.push(1), { once: true });
      t.addEventListener("x", () => log.push(2));
      t.dispatchEvent(new Event("x"));
      t.dispatchEvent(new Event("x"));
      return log;
    },
    () => {
      const t = new EventTarget();
      const log = [];
      const f = () => log.push("f");
      t.addEventListener("x", f);
      t.removeEventListener("x", f);
      t.addEventListener("x", f, true);
      t.removeEventListener("x", f, false);
      t.dispatchEvent(new Event("x"));
      t.removeEventListener("x", f, { capture: true });
      t.dispatchEvent(new Event("x"));
      return log;
    },
    () => {
      const t = new EventTarget();
      const log = [];
      t.addEventListener("x", (e) => { log.push(1); e.stopImmediatePropagation(); });
      t.addEventListener("x", () => log.push(2));
      return [t.dispatchEvent(new Event("x")), log];
    },
    () => {
      const t = new EventTarget();
      t.addEventListener("x", (e) => e.preventDefault());
      return [t.dispatchEvent(new Event("x", { cancelable: true })), t.dispatchEvent(new Event("x"))];
    },
    () => {
      const t = new EventTarget();
      const log = [];
      const second = () => log.push("second");
      t.addEventListener("x", () => { log.push("first"); t.removeEventListener("x", second); });
      t.addEventListener("x", second);
      t.dispatchEvent(new Event("x"));
      return log;
    },
    () => {
      const t = new EventTarget();
      const e = new Event("x");
      let inside;
      t.addEventListener("x", (ev) => { inside = [ev.eventPhase, ev.composedPath().length, T.attempt(() => t.dispatchEvent(ev)).startsWith("throws")]; });
      t.dispatchEvent(e);
      return [inside, e.eventPhase, e.target === t, e.currentTarget, e.composedPath()];
    },
    () => {
      const t = new EventTarget();
      const c = new AbortController();
      const log = [];
      t.addEventListener("x", () => log.push("kept"));
      t.addEventListener("x", () => log.push("removed by signal"), { signal: c.signal });
      t.dispatchEvent(new Event("x"));
      c.abort();
      t.dispatchEvent(new Event("x"));
      t.addEventListener("x", () => log.push("never"), { signal: c.signal });
      t.dispatchEvent(new Event("x"));
      return log;
    },
    () => T.attempt(() => new EventTarget().dispatchEvent({ type: "x" })),
    () => T.attempt(() => new EventTarget().addEventListener("x")),
    () => T.attempt(() => new EventTarget().addEventListener("x", () => {}, { signal: {} })),
    () => new EventTarget().addEventListener("x", null),
    () => {
      const t = new EventTarget();
      const e = new CustomEvent("c", { detail: 7 });
      let got;
      t.addEventListener("c", (ev) => { got = ev.detail; });
      t.dispatchEvent(e);
      return got;
    },
    () => {
      class Sub extends EventTarget {}
      const s = new Sub();
      let hit = false;
      s.addEventListener("x", () => { hit = true; });
      s.dispatchEvent(new Event("x"));
      return [hit, s instanceof EventTarget];
    },
  ];
  for (const c of cases) await compare(c);
});

test("EventTarget_listenerThrows_isReportedAndDispatchGoesOn", () => {
  const ctx = loadPrelude();
  const out = run(
    `(() => {
      const t = new EventTarget();
      const log = [];
      t.addEventListener("x", () => { throw new RangeError("boom"); });
      t.addEventListener("x", () => log.push("after"));
      t.addEventListener("x", { handleEvent: 5 });
      const result = t.dispatchEvent(new Event("x"));
      return JSON.stringify([result, log, reportedErrors.map((e) => e.name + ": " + e.message)]);
    })()`,
    ctx,
  );
  assert.deepEqual(JSON.parse(out), [true, ["after"], ["RangeError: boom", "TypeError: The listener for 'x' has no handleEvent method"]]);
});

test("Event_legacyAndPassiveRules_followTheDOMStandard", () => {
  // Node 20 lacks the returnValue setter, lets passive listeners cancel, and keeps non-callable
  // event handler values; these follow the DOM and HTML standards instead.
  const out = run(`(() => {
    const e = new Event("x", { cancelable: true });
    e.returnValue = false;
    const t = new EventTarget();
    t.addEventListener("p", (ev) => ev.preventDefault(), { passive: true });
    const passive = new Event("p", { cancelable: true });
    const dispatched = t.dispatchEvent(passive);
    const s = new AbortController().signal;
    s.onabort = 5;
    // listeners added during a dispatch are not invoked by it (the list is cloned first);
    // Node 20 invokes them
    const log = [];
    t.addEventListener("x", () => { log.push("first"); t.addEventListener("x", () => log.push("added")); });
    t.dispatchEvent(new Event("x"));
    t.dispatchEvent(new Event("x"));
    // re-dispatching an event being dispatched is an InvalidStateError (Node throws a plain Error)
    let recursion;
    t.addEventListener("r", (ev) => { recursion = T.attempt(() => t.dispatchEvent(ev)); });
    t.dispatchEvent(new Event("r"));
    return JSON.stringify([e.defaultPrevented, dispatched, passive.defaultPrevented, s.onabort, log, new Event("x").AT_TARGET,
      Object.getOwnPropertyNames(new Event("x")), recursion]);
  })()`);
  assert.deepEqual(JSON.parse(out), [true, true, false, null, ["first", "first", "added"], 2, ["isTrusted"], "throws InvalidStateError"]);
});

test("EventTarget_captureListenersAtTarget_runFirstPerDOM", () => {
  // DOM "dispatch": at the target, capture listeners are invoked before the others
  const out = run(`(() => {
    const t = new EventTarget();
    const log = [];
    t.addEventListener("x", () => log.push("bubble"));
    t.addEventListener("x", () => log.push("capture"), true);
    t.addEventListener("y", (e) => { log.push("capture stops"); e.stopPropagation(); }, { capture: true });
    t.addEventListener("y", () => log.push("not reached"));
    t.dispatchEvent(new Event("x"));
    t.dispatchEvent(new Event("y"));
    return JSON.stringify(log);
  })()`);
  assert.deepEqual(JSON.parse(out), ["capture", "bubble", "capture stops"]);
});

test("AbortController_abort_matchesNode", async () => {
  const cases = [
    () => {
      const c = new AbortController();
      const s = c.signal;
      const log = [];
      s.addEventListener("abort", (e) => log.push(["listener", e.type, s.aborted, e.target === s]));
      s.onabort = (e) => log.push(["onabort", e.type]);
      const before = [s.aborted, s.reason];
      c.abort();
      c.abort("again");
      return [before, s.aborted, s.reason, log, T.attempt(() => s.throwIfAborted())];
    },
    () => {
      const c = new AbortController();
      c.abort({ custom: 1 });
      let thrown;
      try {
        c.signal.throwIfAborted();
      } catch (e) {
        thrown = e;
      }
      return [c.signal.reason, thrown];
    },
    () => {
      const c = new AbortController();
      c.abort(undefined);
      return [c.signal.reason.name, c.signal.reason.message, c.signal.reason.code, c.signal.reason instanceof DOMException];
    },
    () => {
      const s = AbortSignal.abort();
      return [s.aborted, s.reason.name, s.reason.message];
    },
    () => AbortSignal.abort("r").reason,
    () => T.attempt(() => new AbortSignal()),
    () => {
      const a = new AbortController();
      const b = new AbortController();
      const any = AbortSignal.any([a.signal, b.signal]);
      const log = [];
      any.addEventListener("abort", () => log.push("any"));
      a.signal.addEventListener("abort", () => log.push("a"));
      const before = any.aborted;
      b.abort("b's reason");
      a.abort("a's reason");
      return [before, any.aborted, any.reason, log];
    },
    () => {
      const any = AbortSignal.any([new AbortController().signal, AbortSignal.abort("first")]);
      return [any.aborted, any.reason];
    },
    () => {
      const a = new AbortController();
      const inner = AbortSignal.any([a.signal]);
      const outer = AbortSignal.any([inner]);
      a.abort("deep");
      return [inner.aborted, outer.aborted, outer.reason];
    },
    () => [AbortSignal.any([]).aborted, T.attempt(() => AbortSignal.any([{}])), T.attempt(() => AbortSignal.any(5))],
    () => [Object.prototype.toString.call(new AbortController()), Object.prototype.toString.call(new AbortController().signal), new AbortController().signal instanceof EventTarget],
  ];
  for (const c of cases) await compare(c);
});

test("AbortSignal_timeout_withoutTimersThrowsNotSupported", () => {
  const out = run(`(() => { try { AbortSignal.timeout(10); return "no error"; } catch (e) { return [e.name, e.code, e.message].join(" | "); } })()`);
  assert.equal(out, "NotSupportedError | 9 | AbortSignal.timeout is not supported: this runtime has no timers here");
  assert.equal(run(`T.attempt(() => AbortSignal.timeout(-1))`), "throws TypeError");
});

test("AbortSignal_timeout_withTimersAbortsWithTimeoutError", async () => {
  const ctx = loadPrelude();
  const pending = [];
  ctx.setTimeout = (f, ms) => pending.push([f, ms]);
  run(`globalThis.timed = AbortSignal.timeout(25); timed.addEventListener("abort", () => { globalThis.fired = timed.reason.name; });`, ctx);
  assert.equal(pending.length, 1);
  assert.equal(pending[0][1], 25);
  assert.equal(run(`timed.aborted`, ctx), false);
  pending[0][0]();
  assert.equal(run(`[timed.aborted, fired, timed.reason.code].join()`, ctx), "true,TimeoutError,23");
});

test("EventTarget_randomListenerSequences_matchNode", () => {
  const r = seededRandom("EventTarget random listeners");
  const ops = [];
  for (let i = 0; i < 1500; i++) {
    ops.push([r.pick(["add", "add", "addOnce", "remove", "dispatch", "dispatchCancelable"]), r.pick(["a", "b"]), r.int(4)]);
  }
  const script = `(ops) => {
    const t = new EventTarget();
    const listeners = [0, 1, 2, 3].map((i) => function (e) { log.push(e.type + i); if (i === 3) e.preventDefault(); });
    const log = [];
    for (const [op, type, i] of ops) {
      if (op === "add") t.addEventListener(type, listeners[i]);
      else if (op === "addOnce") t.addEventListener(type, listeners[i], { once: true });
      else if (op === "remove") t.removeEventListener(type, listeners[i]);
      else log.push(String(t.dispatchEvent(new Event(type, { cancelable: op === "dispatchCancelable" }))));
    }
    return JSON.stringify(log);
  }`;
  assert.equal(run(script)(ops), (0, eval)(script)(ops), `seed ${r.seed}`);
});
