// Slipway runtime prelude: the core. Evaluated once per context, right after inspect.js, as a
// function expression that the runtime calls with its host bridge and the inspect function. It
// installs what the bundled convex/server and user code need from the runtime (interface reference
// §5.2, §6.1): the Convex global, console, deterministic Math.random / Date / performance, process.env,
// timers, and the transport under fetch; and returns the driver through which the runtime starts calls,
// delivers completions and reads outcomes. The host bridge never becomes reachable from user code: it
// lives in this closure only.
//
// Modes: "import" (module top level: frozen time, seeded randomness, no syscalls), "query" and
// "mutation" (frozen time, seeded randomness, no fetch or timers), "action" and "http" (real time and
// randomness, fetch, timers), "idle" (between calls). Everything that must stay correct when user
// code misbehaves uses built-ins captured here, not the (pollutable) globals.
(function (host, inspect) {
  "use strict";
  const G = globalThis;

  // ---- built-ins, captured before any user code runs ---------------------------------------------
  const ReflectApply = Reflect.apply;
  const ReflectConstruct = Reflect.construct;
  const ReflectOwnKeys = Reflect.ownKeys;
  const ObjectDefineProperty = Object.defineProperty;
  const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const ObjectFreeze = Object.freeze;
  const ObjectCreate = Object.create;
  const ObjectIs = Object.is;
  const JSONParse = JSON.parse;
  const JSONStringify = JSON.stringify;
  const PromiseCtor = Promise;
  const promiseThen = Promise.prototype.then;
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;
  const OrigDate = Date;
  const dateToString = Date.prototype.toString;
  const MathImul = Math.imul;
  const NumberCtor = Number;
  const StringCtor = String;
  const charCodeAt = String.prototype.charCodeAt;
  const stringSplit = String.prototype.split;
  const Uint8ArrayCtor = Uint8Array;
  const ProxyCtor = Proxy;
  const ArrayBufferSlice = ArrayBuffer.prototype.slice;
  const abByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
  const ObjectGetPrototypeOf = Object.getPrototypeOf;
  const ObjectIsExtensible = Object.isExtensible;
  const ObjectHasOwn = Object.hasOwn;

  const hostSyscall = host.syscall;
  const hostAsyncSyscall = host.asyncSyscall;
  const hostTakeError = host.takeError;
  const hostLog = host.log;
  const hostTimer = host.timer;
  const hostCancel = host.cancel;
  const hostFetch = host.fetch;
  const hostNow = host.now;
  const hostElapsed = host.elapsed;

  const nullObject = () => ObjectCreate(null);
  const then = (promise, onFulfilled, onRejected) => ReflectApply(promiseThen, promise, [onFulfilled, onRejected]);
  const resolved = (value) => new PromiseCtor((resolve) => resolve(value));
  const rejected = (error) => new PromiseCtor((_, reject) => reject(error));
  const defineGlobal = (name, value) =>
    ObjectDefineProperty(G, name, { value, writable: true, enumerable: false, configurable: true });

  // ---- per-call state ------------------------------------------------------------------------------
  let mode = "idle";
  let frozenNow = 0;
  let timeOrigin = 0;
  let random = seededRandom(0, 0);
  let env = nullObject();
  let pending = nullObject(); // host ticket -> {kind, resolve, reject, timer}
  let timers = nullObject(); // timer id -> {fn, args, repeat, ms, ticket}
  let nextTimerId = 1;
  let consoleTimers = nullObject();
  let outcome;

  const realTime = () => mode === "action" || mode === "http";

  // ---- errors ------------------------------------------------------------------------------------
  const notInQueriesOrMutations = (description) =>
    mode === "import"
      ? new ErrorCtor(`Can't use ${description} at import time (module top-level code).`)
      : mode === "idle"
        ? new ErrorCtor(`Can't use ${description} after the function call has finished.`)
        : new ErrorCtor(
            `Can't use ${description} in queries and mutations. Please consider using an action. ` +
              "See https://docs.convex.dev/functions/actions for more details.",
          );

  const syscallsUnavailable = (op) =>
    mode === "import"
      ? new ErrorCtor(
          `Can't call ${op} at import time: module top-level code runs before any function is called. ` +
            "Move the call into a function's handler.",
        )
      : new ErrorCtor(`Can't call ${op} after the function call has finished.`);

  // The host keeps the details of the last failed host call; this turns them into a JS error.
  const hostError = (ErrorType) => {
    const details = JSONParse(hostTakeError());
    const error = new ErrorType(details.message);
    if (details.data !== undefined) {
      error.data = JSONParse(details.data);
    }
    return error;
  };

  const requireStrings = (where, op, args) => {
    if (typeof op !== "string" || typeof args !== "string") {
      throw new TypeErrorCtor(`${where}(op, args): op and args must be strings (args is JSON text)`);
    }
  };

  // ---- the Convex global (interface reference §5.2) ------------------------------------------------
  const Convex = {
    syscall(op, args) {
      requireStrings("Convex.syscall", op, args);
      if (mode === "import" || mode === "idle") {
        throw syscallsUnavailable(op);
      }
      const result = hostSyscall(op, args);
      if (result === null) {
        throw hostError(ErrorCtor);
      }
      return result;
    },
    asyncSyscall(op, args) {
      requireStrings("Convex.asyncSyscall", op, args);
      if (mode === "import" || mode === "idle") {
        return rejected(syscallsUnavailable(op));
      }
      const result = hostAsyncSyscall(op, args);
      if (typeof result === "string") {
        return resolved(result);
      }
      if (result === null) {
        return rejected(hostError(ErrorCtor));
      }
      return new PromiseCtor((resolve, reject) => {
        pending[result] = { kind: "syscall", resolve, reject };
      });
    },
    jsSyscall(op, args) {
      if (typeof op !== "string") {
        throw new TypeErrorCtor("Convex.jsSyscall(op, args): op must be a string");
      }
      if (op === "storage/storeBlob" || op === "storage/getBlob") {
        return rejected(new ErrorCtor("File storage (ctx.storage) is not enabled on this Slipway server"));
      }
      if (op === "requestFromConvexJson" || op === "convexJsonFromResponse") {
        throw new ErrorCtor(`${op} is not supported: Slipway routes HTTP actions itself (lookup + invokeHttpAction)`);
      }
      throw new ErrorCtor(`Unknown JS syscall: ${op}`);
    },
  };
  ObjectFreeze(Convex);
  ObjectDefineProperty(G, "Convex", { value: Convex, writable: false, enumerable: false, configurable: false });

  // ---- deterministic randomness: xoshiro128** seeded through splitmix32 -----------------------------
  function seededRandom(seedHigh, seedLow) {
    let a = seedHigh | 0;
    const mix = () => {
      a = (a + 0x9e3779b9) | 0;
      let t = a ^ (a >>> 16);
      t = MathImul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = MathImul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    let s0 = mix();
    let s1 = mix();
    a ^= seedLow | 0;
    let s2 = mix();
    let s3 = mix();
    if ((s0 | s1 | s2 | s3) === 0) {
      s0 = 1;
    }
    const next = () => {
      const result = MathImul(rotl(MathImul(s1, 5), 7), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      return result;
    };
    // 53 random bits in [0, 1), like V8's Math.random.
    return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  }

  function rotl(x, k) {
    return (x << k) | (x >>> (32 - k));
  }

  const mathRandom = {
    random() {
      return random();
    },
  }.random;

  // ---- Date frozen in queries and mutations ---------------------------------------------------------
  const currentTime = () => (realTime() ? hostNow() : frozenNow);
  const DateShim = function Date(...args) {
    if (new.target === undefined) {
      return utcName(ReflectApply(dateToString, new OrigDate(currentTime()), []));
    }
    if (args.length === 0) {
      return ReflectConstruct(OrigDate, [currentTime()], new.target);
    }
    return ReflectConstruct(OrigDate, args, new.target);
  };
  const dateNow = {
    now() {
      return currentTime();
    },
  }.now;
  ObjectDefineProperty(DateShim, "length", { value: 7 });
  DateShim.prototype = OrigDate.prototype;
  DateShim.parse = OrigDate.parse;
  DateShim.UTC = OrigDate.UTC;
  DateShim.now = dateNow;
  ObjectDefineProperty(OrigDate.prototype, "constructor", {
    value: DateShim,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  // Time zone UTC reads "(GMT)" in GraalJS and "(Coordinated Universal Time)" in V8; speak like V8.
  const nativeTimeString = Date.prototype.toTimeString;
  const utcName = (text) =>
    typeof text === "string" && text.endsWith(" (GMT)") ? text.slice(0, -6) + " (Coordinated Universal Time)" : text;
  const dateStrings = {
    toString() {
      return utcName(ReflectApply(dateToString, this, []));
    },
    toTimeString() {
      return utcName(ReflectApply(nativeTimeString, this, []));
    },
  };
  for (const name of ["toString", "toTimeString"]) {
    ObjectDefineProperty(OrigDate.prototype, name, {
      value: dateStrings[name],
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }

  // ---- performance ---------------------------------------------------------------------------------
  const performanceNow = {
    now() {
      return realTime() ? hostElapsed() : 0;
    },
  }.now;
  const performance = {
    now: performanceNow,
    get timeOrigin() {
      return timeOrigin;
    },
    toJSON() {
      return { timeOrigin };
    },
  };
  ObjectDefineProperty(performance, Symbol.toStringTag, { value: "Performance", configurable: true });

  // ---- process.env ---------------------------------------------------------------------------------
  const envInspect = () => "[process.env]";
  const envProxy = new ProxyCtor(nullObject(), {
    get(_target, name) {
      if (typeof name !== "string") {
        return undefined;
      }
      const value = env[name];
      if (value === undefined && name === "inspect") {
        return envInspect; // keeps console.log(process.env) from printing every secret
      }
      return value;
    },
    has(_target, name) {
      return typeof name === "string" && env[name] !== undefined;
    },
    set(_target, name, value) {
      if (typeof name === "string") {
        env[name] = StringCtor(value);
      }
      return true;
    },
    deleteProperty(_target, name) {
      if (typeof name === "string") {
        delete env[name];
      }
      return true;
    },
    ownKeys() {
      return ReflectOwnKeys(env);
    },
    getOwnPropertyDescriptor(_target, name) {
      if (typeof name === "string" && env[name] !== undefined) {
        return { value: env[name], writable: true, enumerable: true, configurable: true };
      }
      return undefined;
    },
  });
  const processObject = { env: envProxy };

  // ---- console (interface reference §6.3) ----------------------------------------------------------
  const render = (args) => {
    let text = "";
    for (let i = 0; i < args.length; i++) {
      text += (i === 0 ? "" : " ") + inspect(args[i]);
    }
    return text;
  };
  const emit = (level, text) => {
    hostLog(level, text);
  };
  const label = (value) => (value === undefined ? "default" : value === null ? "null" : StringCtor(value));
  const counts = nullObject();
  const consoleMethods = {
    log(...args) {
      emit("LOG", render(args));
    },
    info(...args) {
      emit("INFO", render(args));
    },
    warn(...args) {
      emit("WARN", render(args));
    },
    error(...args) {
      emit("ERROR", render(args));
    },
    debug(...args) {
      emit("DEBUG", render(args));
    },
    trace(...args) {
      const frames = stackFrames(new ErrorCtor().stack);
      emit("LOG", render(args) + (args.length > 0 ? " " : "") + "Trace" + frames);
    },
    dir(value) {
      emit("LOG", inspect(value));
    },
    table(...args) {
      emit("LOG", render(args));
    },
    assert(condition, ...args) {
      if (!condition) {
        emit("ERROR", "Assertion failed" + (args.length > 0 ? ": " + render(args) : ""));
      }
    },
    count(name) {
      const key = label(name);
      counts[key] = (counts[key] ?? 0) + 1;
      emit("INFO", `${key}: ${counts[key]}`);
    },
    countReset(name) {
      delete counts[label(name)];
    },
    group() {},
    groupCollapsed() {},
    groupEnd() {},
    time(name) {
      const key = label(name);
      if (consoleTimers[key] !== undefined) {
        emit("WARN", `Timer '${key}' already exists`);
      } else {
        consoleTimers[key] = hostNow();
      }
    },
    timeLog(name, ...args) {
      const key = label(name);
      if (consoleTimers[key] === undefined) {
        emit("WARN", `Timer '${key}' does not exist`);
      } else {
        emit("INFO", `${key}: ${hostNow() - consoleTimers[key]}ms` + (args.length > 0 ? " " + render(args) : ""));
      }
    },
    timeEnd(name) {
      const key = label(name);
      if (consoleTimers[key] === undefined) {
        emit("WARN", `Timer '${key}' does not exist`);
      } else {
        emit("INFO", `${key}: ${hostNow() - consoleTimers[key]}ms`);
        delete consoleTimers[key];
      }
    },
  };
  const consoleObject = ObjectCreate(ObjectCreate(Object.prototype));
  ObjectDefineProperty(consoleObject, Symbol.toStringTag, { value: "console", configurable: true });

  function stackFrames(stack) {
    if (typeof stack !== "string") {
      return "";
    }
    const lines = ReflectApply(stringSplit, stack, ["\n"]);
    let frames = "";
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i].includes("slipway-runtime/")) {
        frames += "\n" + lines[i];
      }
    }
    return frames;
  }

  // ---- timers (actions only) -----------------------------------------------------------------------
  const schedule = (name, handler, delay, args, repeat) => {
    if (!realTime()) {
      throw notInQueriesOrMutations(name);
    }
    if (typeof handler !== "function") {
      throw new TypeErrorCtor(`${name}: the callback must be a function (code strings are not supported)`);
    }
    let ms = NumberCtor(delay);
    if (!(ms > 0)) {
      ms = 0;
    }
    const id = nextTimerId++;
    const timer = { fn: handler, args, repeat, ms, ticket: 0 };
    timers[id] = timer;
    arm(id, timer);
    return id;
  };
  const arm = (id, timer) => {
    const ticket = hostTimer(timer.ms);
    if (ticket === null) {
      delete timers[id];
      throw hostError(ErrorCtor);
    }
    timer.ticket = ticket;
    pending[ticket] = { kind: "timer", id };
  };
  const clear = (id) => {
    const timer = timers[id];
    if (timer !== undefined) {
      delete timers[id];
      delete pending[timer.ticket];
      hostCancel(timer.ticket);
    }
  };
  const timerFunctions = {
    setTimeout(handler, delay = 0, ...args) {
      return schedule("setTimeout", handler, delay, args, false);
    },
    setInterval(handler, delay = 0, ...args) {
      return schedule("setInterval", handler, delay, args, true);
    },
    clearTimeout(id) {
      clear(id);
    },
    clearInterval(id) {
      clear(id);
    },
  };

  // ---- deterministic stand-ins for GC-dependent built-ins (as Convex does) --------------------------
  const isObjectLike = (v) => v !== null && (typeof v === "object" || typeof v === "function");
  class WeakRef {
    #target;

    constructor(target) {
      if (!isObjectLike(target)) {
        throw new TypeErrorCtor("WeakRef: the target must be an object");
      }
      this.#target = target;
    }

    deref() {
      return this.#target;
    }

    get [Symbol.toStringTag]() {
      return "WeakRef";
    }
  }
  class FinalizationRegistry {
    constructor(cleanup) {
      if (typeof cleanup !== "function") {
        throw new TypeErrorCtor("FinalizationRegistry: the cleanup callback must be a function");
      }
    }

    register(target, heldValue, unregisterToken) {
      if (!isObjectLike(target)) {
        throw new TypeErrorCtor("FinalizationRegistry.register: the target must be an object");
      }
      if (target === heldValue) {
        throw new TypeErrorCtor("FinalizationRegistry.register: the target and the held value must differ");
      }
      if (unregisterToken !== undefined && !isObjectLike(unregisterToken)) {
        throw new TypeErrorCtor("FinalizationRegistry.register: the unregister token must be an object");
      }
    }

    unregister(unregisterToken) {
      if (!isObjectLike(unregisterToken)) {
        throw new TypeErrorCtor("FinalizationRegistry.unregister: the token must be an object");
      }
      return false;
    }

    get [Symbol.toStringTag]() {
      return "FinalizationRegistry";
    }
  }

  // ---- globals, installed now and re-installed at the start of every call ----------------------------
  delete G.arguments; // GraalJS's script arguments; not a web or Convex global
  delete G.console;
  defineGlobal("WeakRef", WeakRef);
  defineGlobal("FinalizationRegistry", FinalizationRegistry);
  defineGlobal("process", processObject);
  const install = () => {
    ObjectDefineProperty(Math, "random", { value: mathRandom, writable: true, enumerable: false, configurable: true });
    DateShim.now = dateNow;
    defineGlobal("Date", DateShim);
    performance.now = performanceNow;
    defineGlobal("performance", performance);
    for (const name of ReflectOwnKeys(consoleMethods)) {
      ObjectDefineProperty(consoleObject, name, {
        value: consoleMethods[name],
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    defineGlobal("console", consoleObject);
    for (const name of ReflectOwnKeys(timerFunctions)) {
      defineGlobal(name, timerFunctions[name]);
    }
    processObject.env = envProxy;
  };
  install();

  // ---- bytes across the host boundary: Java sends "binary strings" (one char per byte) ---------------
  const binaryToBytes = (binary) => {
    const bytes = new Uint8ArrayCtor(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = ReflectApply(charCodeAt, binary, [i]);
    }
    return bytes;
  };
  // A fresh ArrayBuffer holding exactly the bytes of a Uint8Array (Java reads ArrayBuffers directly).
  const exactBuffer = (bytes) =>
    bytes.byteOffset === 0 && bytes.byteLength === ReflectApply(abByteLength, bytes.buffer, [])
      ? bytes.buffer
      : ReflectApply(ArrayBufferSlice, bytes.buffer, [bytes.byteOffset, bytes.byteOffset + bytes.byteLength]);

  // ---- what the finishing prelude (finish.js) and the web prelude's fetch build on ------------------
  const internal = ObjectFreeze({
    inspect,
    binaryToBytes,
    exactBuffer,
    // Throws Convex's error when fetch() is not allowed (queries, mutations, import time).
    assertCanFetch() {
      if (!realTime()) {
        throw notInQueriesOrMutations("fetch()");
      }
    },
    // The network under fetch(): resolves {status, statusText, url, urls, headers: [[name, value]...],
    // body: Uint8Array}, or rejects with a TypeError. Refused outside actions with Convex's error.
    fetch(method, url, headerPairs, body) {
      if (!realTime()) {
        throw notInQueriesOrMutations("fetch()");
      }
      const ticket = hostFetch(method, url, JSONStringify(headerPairs), body === null ? null : exactBuffer(body));
      if (ticket === null) {
        return rejected(hostError(TypeErrorCtor));
      }
      return new PromiseCtor((resolve, reject) => {
        pending[ticket] = { kind: "fetch", resolve, reject };
      });
    },
  });

  // ---- outcomes --------------------------------------------------------------------------------------
  const safeGet = (object, key) => {
    try {
      return object[key];
    } catch {
      return undefined;
    }
  };

  const uncaught = (name, message) =>
    name !== "" && message !== ""
      ? `Uncaught ${name}: ${message}`
      : name !== ""
        ? `Uncaught ${name}`
        : message !== ""
          ? `Uncaught ${message}`
          : "Uncaught";

  // What a thrown value becomes for the caller: Convex's "Uncaught Name: message", the stack, and for a
  // ConvexError (marked by convex/server with err.ConvexErrorSymbol) its data as Convex-JSON text.
  const failure = (thrown) => {
    try {
      if (thrown instanceof ErrorCtor) {
        const name = safeGet(thrown, "name");
        const message = safeGet(thrown, "message");
        const stack = safeGet(thrown, "stack");
        const marker = safeGet(thrown, "ConvexErrorSymbol");
        let data;
        if (typeof marker === "symbol" && safeGet(thrown, marker) === true) {
          const raw = safeGet(thrown, "data");
          data = typeof raw === "string" ? raw : "null";
        }
        return {
          ok: false,
          message: uncaught(name === undefined ? "Error" : StringCtor(name), message === undefined ? "" : StringCtor(message)),
          data,
          stack: typeof stack === "string" ? stack : "",
        };
      }
      const text = typeof thrown === "object" && thrown !== null ? inspect(thrown) : StringCtor(thrown);
      return { ok: false, message: uncaught("", text), stack: "" };
    } catch {
      return { ok: false, message: "Uncaught exception (it could not be described)", stack: "" };
    }
  };
  const developerFailure = (message) => ({ ok: false, message, stack: "" });

  const settle = (result) => {
    if (outcome === undefined) {
      outcome = result;
    }
  };

  const FLAGS = { query: "isQuery", mutation: "isMutation", action: "isAction" };
  const KIND_NAMES = { isQuery: "Query", isMutation: "Mutation", isAction: "Action", isHttp: "HttpAction" };
  const definedKind = (fn) => {
    for (const flag of ["isQuery", "isMutation", "isAction", "isHttp"]) {
      if (safeGet(fn, flag) === true) {
        return KIND_NAMES[flag];
      }
    }
    return undefined;
  };

  // ---- pollution check: a call that changes shared built-ins leaves a context that is not reused ----
  //
  // A change is an own property of a watched object added, removed or reordered, or changed in value,
  // kind (data or accessor), writability, enumerability or configurability; or a watched object's
  // prototype or extensibility changed. The baseline is taken once the modules are imported (their top
  // level may install polyfills): after an analysis, which imports them all, or else by the first call
  // after an import. Every call is compared with it as it ends, after its caller has the answer.
  //
  // Object.prototype comes first: descriptors inherit from it, so once its own keys are known to be as
  // in the baseline (and none of them is a descriptor field), `"value" in d` tells a data descriptor from
  // an accessor's and reading d's fields runs no user code. A property that can never change (not
  // configurable, and not writable or an accessor) is not read after the baseline.
  //
  // Not watched (a change to them would reach later calls on the context): the constructors Function,
  // Boolean, BigInt, Map, Set, WeakMap, WeakSet, RegExp, Proxy, DataView and the typed arrays; the
  // prototypes of WeakSet, DataView, the other typed arrays, the Error subclasses and async generators;
  // Intl; and the web platform's classes (URL, Headers, Request, Response, ...).
  const watched = [
    Object.prototype,
    G,
    Object,
    Function.prototype,
    Array,
    Array.prototype,
    String,
    String.prototype,
    Number,
    Number.prototype,
    Boolean.prototype,
    Symbol,
    Symbol.prototype,
    BigInt.prototype,
    Promise,
    Promise.prototype,
    ErrorCtor,
    ErrorCtor.prototype,
    RegExp.prototype,
    OrigDate.prototype,
    DateShim,
    Map.prototype,
    Set.prototype,
    WeakMap.prototype,
    ObjectGetPrototypeOf([][Symbol.iterator]()),
    ObjectGetPrototypeOf(ObjectGetPrototypeOf([][Symbol.iterator]())),
    ObjectGetPrototypeOf(new Map()[Symbol.iterator]()),
    ObjectGetPrototypeOf(new Set()[Symbol.iterator]()),
    ObjectGetPrototypeOf(""[Symbol.iterator]()),
    ObjectGetPrototypeOf(function* () {}).prototype,
    ObjectGetPrototypeOf(Uint8Array.prototype),
    Uint8Array.prototype,
    ArrayBuffer.prototype,
    JSON,
    Math,
    Reflect,
    Convex,
    consoleObject,
    performance,
    processObject,
  ];
  const DESCRIPTOR_FIELDS = ["value", "writable", "get", "set", "enumerable", "configurable"];
  const IMMUTABLE = -1; // the flags of a property that cannot change
  const ENUMERABLE = 1;
  const CONFIGURABLE = 2;
  const DATA = 4;
  const flagsOf = (d, data) => (d.enumerable ? ENUMERABLE : 0) | (d.configurable ? CONFIGURABLE : 0) | (data ? DATA : 0);

  // The baseline, flat: per watched object its prototype, extensibility and own keys; then per key its
  // value or getter, its writable flag or setter, and its flags (or IMMUTABLE). `plainDescriptors` is
  // false when Object.prototype has a property named like a descriptor field: descriptors are then told
  // apart with Object.hasOwn, which is slower.
  const snapshot = () => {
    const state = [];
    for (let w = 0; w < watched.length; w++) {
      const target = watched[w];
      const keys = ReflectOwnKeys(target);
      state[state.length] = ObjectGetPrototypeOf(target);
      state[state.length] = ObjectIsExtensible(target);
      state[state.length] = keys;
      for (let k = 0; k < keys.length; k++) {
        const d = ObjectGetOwnPropertyDescriptor(target, keys[k]);
        const data = ObjectHasOwn(d, "value");
        const fixed = !d.configurable && (!data || !d.writable);
        state[state.length] = data ? d.value : d.get;
        state[state.length] = data ? d.writable : d.set;
        state[state.length] = fixed ? IMMUTABLE : flagsOf(d, data);
      }
    }
    let plainDescriptors = true;
    for (let i = 0; i < DESCRIPTOR_FIELDS.length; i++) {
      plainDescriptors = plainDescriptors && !ObjectHasOwn(Object.prototype, DESCRIPTOR_FIELDS[i]);
    }
    return { state, plainDescriptors };
  };

  const sameKeys = (keys, expected) => {
    if (keys.length !== expected.length) {
      return false;
    }
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== expected[i]) {
        return false;
      }
    }
    return true;
  };

  let baseline = null;
  // Runs after every call: compares against the baseline as it walks (no copy of the state) and stops
  // at the first difference.
  const unchanged = () => {
    if (baseline === null) {
      baseline = snapshot();
      return true;
    }
    const { state, plainDescriptors } = baseline;
    let i = 0;
    for (let w = 0; w < watched.length; w++) {
      const target = watched[w];
      const keys = ReflectOwnKeys(target);
      if (ObjectGetPrototypeOf(target) !== state[i] || ObjectIsExtensible(target) !== state[i + 1] || !sameKeys(keys, state[i + 2])) {
        return false;
      }
      i += 3;
      for (let k = 0; k < keys.length; k++, i += 3) {
        const flags = state[i + 2];
        if (flags === IMMUTABLE) {
          continue;
        }
        const d = ObjectGetOwnPropertyDescriptor(target, keys[k]);
        const data = plainDescriptors ? "value" in d : ObjectHasOwn(d, "value");
        if (flagsOf(d, data) !== flags || !ObjectIs(data ? d.value : d.get, state[i]) || (data ? d.writable : d.set) !== state[i + 1]) {
          return false;
        }
      }
    }
    return true;
  };

  // ---- the driver: how the runtime (Java) talks to this context ---------------------------------------
  const begin = (config) => {
    const c = JSONParse(config);
    mode = c.mode;
    frozenNow = c.now;
    timeOrigin = c.now;
    random = seededRandom(c.seedHigh, c.seedLow);
    env = nullObject();
    for (const name of ReflectOwnKeys(c.env)) {
      env[name] = c.env[name];
    }
    pending = nullObject();
    timers = nullObject();
    consoleTimers = nullObject();
    outcome = undefined;
    install();
  };

  const driver = {
    internal,

    // Import mode around module evaluation: frozen time and seeded randomness, no syscalls.
    beginImport(config) {
      begin(config);
      mode = "import";
      baseline = null;
    },

    // Starts a call; a settled call's outcome is then read with poll().
    begin(config) {
      begin(config);
      if (baseline === null) {
        baseline = snapshot();
      }
    },

    invoke(fn, kind, args, requestId, udfPath) {
      try {
        if (typeof fn !== "function") {
          settle(developerFailure(`Could not find function for '${udfPath}'. Is it exported by its module?`));
          return;
        }
        const flag = FLAGS[kind];
        if (safeGet(fn, flag) !== true) {
          const defined = definedKind(fn);
          settle(
            developerFailure(
              defined === undefined
                ? `'${udfPath}' is not a Convex function (it is not registered with query, mutation or action).`
                : `Trying to execute ${udfPath} as ${KIND_NAMES[flag]}, but it is defined as ${defined}.`,
            ),
          );
          return;
        }
        const promise =
          kind === "query" ? fn.invokeQuery(args) : kind === "mutation" ? fn.invokeMutation(args) : fn.invokeAction(requestId, args);
        then(
          resolved(promise),
          (value) =>
            settle(typeof value === "string" ? { ok: true, json: value } : developerFailure(`${udfPath} did not return JSON text`)),
          (error) => settle(failure(error)),
        );
      } catch (error) {
        settle(failure(error));
      }
    },

    invokeHttp(router, method, url, path, headerPairs, body) {
      try {
        if (router === null || typeof router !== "object" || safeGet(router, "isRouter") !== true) {
          settle(developerFailure("http.js does not default-export an HttpRouter (httpRouter() from convex/server)."));
          return;
        }
        const match = router.lookup(path, method);
        if (match === null || match === undefined) {
          settle({ ok: true, status: 404, headers: '[["content-type","text/plain;charset=UTF-8"]]', body: `No HttpAction routed for ${path}` });
          return;
        }
        const handler = match[0];
        if (typeof handler !== "function" || safeGet(handler, "isHttp") !== true) {
          settle(developerFailure(`The route for ${method} ${path} does not lead to an httpAction.`));
          return;
        }
        const init = { method, headers: JSONParse(headerPairs) };
        if (body !== null && method !== "GET" && method !== "HEAD") {
          init.body = binaryToBytes(body);
        }
        const request = new G.Request(url, init);
        then(
          resolved(handler.invokeHttpAction(request)),
          (response) => respond(response, method, path),
          (error) => settle(failure(error)),
        );
      } catch (error) {
        settle(failure(error));
      }
    },

    deliverSyscall(ticket, ok, payload, data) {
      const entry = pending[ticket];
      if (entry === undefined) {
        return;
      }
      delete pending[ticket];
      if (ok) {
        entry.resolve(payload);
      } else {
        const error = new ErrorCtor(payload);
        if (data !== null) {
          error.data = JSONParse(data);
        }
        entry.reject(error);
      }
    },

    deliverFetch(ticket, ok, meta, body) {
      const entry = pending[ticket];
      if (entry === undefined) {
        return;
      }
      delete pending[ticket];
      if (ok) {
        const response = JSONParse(meta);
        response.body = binaryToBytes(body);
        entry.resolve(response);
      } else {
        entry.reject(new TypeErrorCtor(`fetch failed: ${meta}`));
      }
    },

    fireTimer(ticket) {
      const entry = pending[ticket];
      if (entry === undefined) {
        return;
      }
      delete pending[ticket];
      const timer = timers[entry.id];
      if (timer === undefined) {
        return;
      }
      if (timer.repeat) {
        arm(entry.id, timer);
      } else {
        delete timers[entry.id];
      }
      try {
        ReflectApply(timer.fn, G, timer.args);
      } catch (error) {
        const f = failure(error);
        f.message = f.message + " (thrown by a timer callback)";
        settle(f);
      }
    },

    // The settled outcome, or undefined while the call is still running.
    poll() {
      return outcome;
    },

    // Ends the call; answers whether the shared built-ins are as they were when it began (taking the
    // baseline instead when there is none yet, as after an analysis).
    end() {
      mode = "idle";
      pending = nullObject();
      timers = nullObject();
      return unchanged();
    },

    // The registered functions (and router, schema, crons) exported by a module namespace.
    describe(namespace, modulePath) {
      const functions = [];
      const result = { functions, routes: null, schema: null, crons: null };
      for (const name of ReflectOwnKeys(namespace)) {
        if (typeof name !== "string") {
          continue;
        }
        const value = namespace[name];
        if (typeof value === "function") {
          const kind = definedKind(value);
          if (kind !== undefined) {
            functions[functions.length] = describeFunction(value, name, kind);
          }
        } else if (name === "default" && value !== null && typeof value === "object") {
          describeDefault(value, modulePath, result);
        }
      }
      return result;
    },
  };

  const describeFunction = (fn, name, kind) => {
    if (kind === "HttpAction") {
      return { name, kind, visibility: "public", args: null, returns: null };
    }
    const visibility = safeGet(fn, "isInternal") === true ? "internal" : "public";
    const args = fn.exportArgs();
    const returns = fn.exportReturns();
    return { name, kind, visibility, args, returns: returns === "null" ? null : returns };
  };

  const describeDefault = (value, modulePath, result) => {
    if (modulePath === "http.js" && value.isRouter === true) {
      const routes = [];
      for (const route of value.getRoutes()) {
        routes[routes.length] = { path: StringCtor(route[0]), method: StringCtor(route[1]) };
      }
      result.routes = routes;
    } else if (modulePath === "schema.js" && typeof value.export === "function") {
      result.schema = value.export();
    } else if (modulePath === "crons.js" && value.isCrons === true) {
      result.crons = value.export();
    }
  };

  // Reads a Response returned by an HTTP action into {status, headers (JSON text), body}.
  const respond = (response, method, path) => {
    const ResponseClass = G.Response;
    if (!(typeof ResponseClass === "function" && response instanceof ResponseClass)) {
      settle(developerFailure(`The HTTP action for ${method} ${path} did not return a Response.`));
      return;
    }
    let headers;
    try {
      const pairs = [];
      response.headers.forEach((value, name) => {
        pairs[pairs.length] = [name, value];
      });
      headers = JSONStringify(pairs);
    } catch (error) {
      settle(failure(error));
      return;
    }
    then(
      resolved(response.arrayBuffer()),
      (buffer) => settle({ ok: true, status: response.status, headers, body: buffer }),
      (error) => settle(failure(error)),
    );
  };

  return ObjectFreeze(driver);
});
