// Slipway web prelude, file 10: small globals: self, queueMicrotask, and non-collecting WeakRef /
// FinalizationRegistry shims for engines that lack them (GraalJS has both natively).
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("10-globals.js: 00-internals.js must be evaluated first");
  }

  if (I.isAbsent("self")) {
    I.defineGlobal("self", globalThis);
  }

  if (I.isAbsent("queueMicrotask")) {
    // Captured at load time so user code replacing Promise.prototype.then cannot break it. An
    // exception thrown by the callback becomes an unhandled rejection, which the runtime reports.
    const resolved = Promise.resolve();
    const then = Promise.prototype.then;
    const queueMicrotask = {
      queueMicrotask(callback) {
        I.requireArgs(arguments.length, 1, "queueMicrotask");
        if (typeof callback !== "function") {
          throw new TypeError("queueMicrotask: the callback must be a function");
        }
        then.call(resolved, () => {
          callback();
        });
      },
    }.queueMicrotask;
    I.defineGlobal("queueMicrotask", queueMicrotask);
  }

  if (I.isAbsent("WeakRef")) {
    // Holds its target strongly: deref() always returns it. Correct, never collects.
    class WeakRef {
      #target;

      constructor(target) {
        if (new.target === undefined) {
          throw new TypeError("Constructor WeakRef requires 'new'");
        }
        if (!I.isObject(target)) {
          throw new TypeError("WeakRef: the target must be an object");
        }
        this.#target = target;
      }

      deref() {
        return this.#target;
      }
    }
    Object.defineProperty(WeakRef.prototype, Symbol.toStringTag, { value: "WeakRef", configurable: true });
    I.defineGlobal("WeakRef", WeakRef);
  }

  if (I.isAbsent("FinalizationRegistry")) {
    // Never calls the cleanup callback (nothing is ever collected); register/unregister keep the
    // bookkeeping so unregister returns what the standard says it returns.
    class FinalizationRegistry {
      #cleanup;
      #cells = [];

      constructor(cleanupCallback) {
        if (new.target === undefined) {
          throw new TypeError("Constructor FinalizationRegistry requires 'new'");
        }
        if (typeof cleanupCallback !== "function") {
          throw new TypeError("FinalizationRegistry: the cleanup callback must be a function");
        }
        this.#cleanup = cleanupCallback;
      }

      register(target, heldValue, unregisterToken = undefined) {
        if (!I.isObject(target)) {
          throw new TypeError("FinalizationRegistry.register: the target must be an object");
        }
        if (Object.is(target, heldValue)) {
          throw new TypeError("FinalizationRegistry.register: the target and the held value must differ");
        }
        if (unregisterToken !== undefined && !I.isObject(unregisterToken)) {
          throw new TypeError("FinalizationRegistry.register: the unregister token must be an object");
        }
        if (unregisterToken !== undefined) {
          this.#cells.push(unregisterToken);
        }
        return undefined;
      }

      unregister(unregisterToken) {
        if (!I.isObject(unregisterToken)) {
          throw new TypeError("FinalizationRegistry.unregister: the unregister token must be an object");
        }
        const before = this.#cells.length;
        this.#cells = this.#cells.filter((t) => t !== unregisterToken);
        return this.#cells.length !== before;
      }
    }
    Object.defineProperty(FinalizationRegistry.prototype, Symbol.toStringTag, {
      value: "FinalizationRegistry",
      configurable: true,
    });
    I.defineGlobal("FinalizationRegistry", FinalizationRegistry);
  }
})();
