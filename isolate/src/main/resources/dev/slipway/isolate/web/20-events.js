// Slipway web prelude, file 20: Event, CustomEvent, EventTarget (DOM §2), AbortController and
// AbortSignal (DOM §3).
//
// There is no DOM tree, so dispatch only has the target phase: capture listeners run first, then
// the others, each list in registration order (as the DOM spec orders listeners at the target).
// A listener that throws is reported (I.reportException) and dispatch goes on.
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("20-events.js: 00-internals.js must be evaluated first");
  }

  const NONE = 0;
  const CAPTURING_PHASE = 1;
  const AT_TARGET = 2;
  const BUBBLING_PHASE = 3;

  const now = () =>
    typeof globalThis.performance === "object" && typeof globalThis.performance?.now === "function"
      ? globalThis.performance.now()
      : 0;

  const isTrustedGetter = Object.getOwnPropertyDescriptor(
    {
      get isTrusted() {
        return false;
      },
    },
    "isTrusted",
  ).get;

  if (I.isAbsent("Event")) {
    class Event {
      #type;
      #bubbles;
      #cancelable;
      #composed;
      #target = null;
      #currentTarget = null;
      #phase = NONE;
      #canceled = false;
      #stopPropagation = false;
      #stopImmediate = false;
      #dispatching = false;
      #inPassiveListener = false;
      #timeStamp = now();

      constructor(type, eventInitDict = undefined) {
        I.requireArgs(arguments.length, 1, "Event constructor");
        this.#type = I.toDOMString(type);
        const init = I.toDictionary(eventInitDict, "Event constructor");
        this.#bubbles = Boolean(init.bubbles);
        this.#cancelable = Boolean(init.cancelable);
        this.#composed = Boolean(init.composed);
        // [LegacyUnforgeable] readonly attribute boolean isTrusted: an own accessor.
        Object.defineProperty(this, "isTrusted", { get: isTrustedGetter, enumerable: true, configurable: false });
      }

      get type() {
        return this.#type;
      }

      get target() {
        return this.#target;
      }

      get srcElement() {
        return this.#target;
      }

      get currentTarget() {
        return this.#currentTarget;
      }

      composedPath() {
        return this.#dispatching && this.#currentTarget !== null ? [this.#currentTarget] : [];
      }

      get eventPhase() {
        return this.#phase;
      }

      stopPropagation() {
        this.#stopPropagation = true;
      }

      get cancelBubble() {
        return this.#stopPropagation;
      }

      set cancelBubble(value) {
        if (value) {
          this.#stopPropagation = true;
        }
      }

      stopImmediatePropagation() {
        this.#stopPropagation = true;
        this.#stopImmediate = true;
      }

      get bubbles() {
        return this.#bubbles;
      }

      get cancelable() {
        return this.#cancelable;
      }

      get returnValue() {
        return !this.#canceled;
      }

      set returnValue(value) {
        if (!value) {
          this.#setCanceled();
        }
      }

      preventDefault() {
        this.#setCanceled();
      }

      #setCanceled() {
        if (this.#cancelable && !this.#inPassiveListener) {
          this.#canceled = true;
        }
      }

      get defaultPrevented() {
        return this.#canceled;
      }

      get composed() {
        return this.#composed;
      }

      get timeStamp() {
        return this.#timeStamp;
      }

      initEvent(type, bubbles = false, cancelable = false) {
        I.requireArgs(arguments.length, 1, "Event.initEvent");
        if (this.#dispatching) {
          return;
        }
        this.#stopPropagation = false;
        this.#stopImmediate = false;
        this.#canceled = false;
        this.#target = null;
        this.#type = I.toDOMString(type);
        this.#bubbles = Boolean(bubbles);
        this.#cancelable = Boolean(cancelable);
      }

      static {
        I.isEvent = (v) => I.isObject(v) && #type in v;
        // The dispatch algorithm's access to the event's flags.
        I.eventDispatch = {
          begin(e, target) {
            if (e.#dispatching) {
              throw I.domException("The event is already being dispatched.", "InvalidStateError");
            }
            e.#dispatching = true;
            e.#target = target;
            e.#currentTarget = target;
            e.#phase = AT_TARGET;
          },
          stopped: (e) => e.#stopPropagation,
          stoppedImmediately: (e) => e.#stopImmediate,
          setPassive(e, passive) {
            e.#inPassiveListener = passive;
          },
          end(e) {
            e.#dispatching = false;
            e.#phase = NONE;
            e.#currentTarget = null;
            e.#stopPropagation = false;
            e.#stopImmediate = false;
            e.#inPassiveListener = false;
            return !e.#canceled;
          },
        };
      }
    }
    I.shapeClass(Event, "Event");
    for (const [name, value] of [
      ["NONE", NONE],
      ["CAPTURING_PHASE", CAPTURING_PHASE],
      ["AT_TARGET", AT_TARGET],
      ["BUBBLING_PHASE", BUBBLING_PHASE],
    ]) {
      const d = { value, writable: false, enumerable: true, configurable: false };
      Object.defineProperty(Event, name, d);
      Object.defineProperty(Event.prototype, name, d);
    }
    I.registerPlatformClass("Event", I.isEvent, false);
    I.defineGlobal("Event", Event);
  }

  if (I.isAbsent("CustomEvent") && I.isEvent !== undefined && globalThis.Event !== undefined) {
    class CustomEvent extends globalThis.Event {
      #detail;

      constructor(type, eventInitDict = undefined) {
        I.requireArgs(arguments.length, 1, "CustomEvent constructor");
        super(type, eventInitDict);
        const init = I.toDictionary(eventInitDict, "CustomEvent constructor");
        this.#detail = init.detail === undefined ? null : init.detail;
      }

      get detail() {
        return this.#detail;
      }

      initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
        I.requireArgs(arguments.length, 1, "CustomEvent.initCustomEvent");
        this.initEvent(type, bubbles, cancelable);
        this.#detail = detail;
      }
    }
    I.shapeClass(CustomEvent, "CustomEvent");
    I.defineGlobal("CustomEvent", CustomEvent);
  }

  if (I.isAbsent("EventTarget")) {
    if (I.eventDispatch === undefined) {
      throw new Error("20-events.js: EventTarget needs this prelude's own Event, but Event was already defined");
    }
    const D = I.eventDispatch;

    const flattenCapture = (options) => (typeof options === "boolean" ? options : Boolean(options?.capture));

    class EventTarget {
      // type -> listener records {callback, capture, once, passive, removed}, in registration order
      #listeners = new Map();

      addEventListener(type, callback, options = undefined) {
        I.requireArgs(arguments.length, 2, "EventTarget.addEventListener");
        const t = I.toDOMString(type);
        let capture = false;
        let once = false;
        let passive = false;
        let signal = null;
        if (typeof options === "boolean") {
          capture = options;
        } else if (I.isObject(options)) {
          capture = Boolean(options.capture);
          once = Boolean(options.once);
          passive = Boolean(options.passive);
          if (options.signal !== undefined) {
            signal = options.signal;
            if (!I.isAbortSignal(signal)) {
              throw new TypeError("EventTarget.addEventListener: options.signal must be an AbortSignal");
            }
          }
        }
        if (callback === null || callback === undefined) {
          return;
        }
        if (!I.isObject(callback)) {
          throw new TypeError("EventTarget.addEventListener: the listener must be a function or an object");
        }
        if (signal !== null && signal.aborted) {
          return;
        }
        let list = this.#listeners.get(t);
        if (list === undefined) {
          list = [];
          this.#listeners.set(t, list);
        }
        if (list.some((l) => l.callback === callback && l.capture === capture)) {
          return;
        }
        const record = { callback, capture, once, passive, removed: false };
        list.push(record);
        if (signal !== null) {
          I.addAbortAlgorithm(signal, () => this.#remove(t, record));
        }
      }

      removeEventListener(type, callback, options = undefined) {
        I.requireArgs(arguments.length, 2, "EventTarget.removeEventListener");
        const t = I.toDOMString(type);
        const capture = flattenCapture(options);
        const list = this.#listeners.get(t);
        if (list === undefined) {
          return;
        }
        const record = list.find((l) => l.callback === callback && l.capture === capture);
        if (record !== undefined) {
          this.#remove(t, record);
        }
      }

      #remove(type, record) {
        record.removed = true;
        const list = this.#listeners.get(type);
        if (list === undefined) {
          return;
        }
        const i = list.indexOf(record);
        if (i >= 0) {
          list.splice(i, 1);
        }
        if (list.length === 0) {
          this.#listeners.delete(type);
        }
      }

      dispatchEvent(event) {
        I.requireArgs(arguments.length, 1, "EventTarget.dispatchEvent");
        if (!I.isEvent(event)) {
          throw new TypeError("EventTarget.dispatchEvent: the argument must be an Event");
        }
        D.begin(event, this);
        const listeners = (this.#listeners.get(event.type) ?? []).slice();
        passes: for (const capturePass of [true, false]) {
          if (D.stopped(event)) {
            break;
          }
          for (const record of listeners) {
            if (record.capture !== capturePass || record.removed) {
              continue;
            }
            if (record.once) {
              this.#remove(event.type, record);
            }
            this.#invoke(record, event);
            if (D.stoppedImmediately(event)) {
              break passes;
            }
          }
        }
        return D.end(event);
      }

      #invoke(record, event) {
        if (record.passive) {
          D.setPassive(event, true);
        }
        try {
          const callback = record.callback;
          if (typeof callback === "function") {
            callback.call(this, event);
          } else {
            const handleEvent = callback.handleEvent;
            if (typeof handleEvent !== "function") {
              throw new TypeError(`The listener for '${event.type}' has no handleEvent method`);
            }
            handleEvent.call(callback, event);
          }
        } catch (error) {
          I.reportException(error);
        } finally {
          D.setPassive(event, false);
        }
      }

      static {
        I.isEventTarget = (v) => I.isObject(v) && #listeners in v;
      }
    }
    I.shapeClass(EventTarget, "EventTarget");
    I.registerPlatformClass("EventTarget", I.isEventTarget, false);
    I.defineGlobal("EventTarget", EventTarget);
  }

  if (I.isAbsent("AbortSignal")) {
    if (I.isEventTarget === undefined) {
      throw new Error("20-events.js: AbortSignal needs this prelude's own EventTarget, but EventTarget was already defined");
    }
    const CONSTRUCT = Symbol("construct AbortSignal");
    const defaultReason = () => I.domException("This operation was aborted", "AbortError");

    class AbortSignal extends globalThis.EventTarget {
      #aborted = false;
      #reason = undefined;
      #algorithms = [];
      #dependent = false;
      #sources = new Set();
      #dependents = new Set();
      #onabort = null;
      #onabortListener = null;

      constructor(key = undefined) {
        if (key !== CONSTRUCT) {
          throw new TypeError("Illegal constructor: use new AbortController().signal or AbortSignal.abort()");
        }
        super();
      }

      static abort(reason = undefined) {
        const signal = new AbortSignal(CONSTRUCT);
        signal.#aborted = true;
        signal.#reason = reason === undefined ? defaultReason() : reason;
        return signal;
      }

      static timeout(milliseconds) {
        I.requireArgs(arguments.length, 1, "AbortSignal.timeout");
        const ms = Number(milliseconds);
        if (!Number.isFinite(ms) || Math.trunc(ms) < 0 || Math.trunc(ms) > Number.MAX_SAFE_INTEGER) {
          throw new TypeError(`AbortSignal.timeout: ${milliseconds} is not a valid number of milliseconds`);
        }
        if (typeof globalThis.setTimeout !== "function") {
          throw I.domException(
            "AbortSignal.timeout is not supported: this runtime has no timers here",
            "NotSupportedError",
          );
        }
        const signal = new AbortSignal(CONSTRUCT);
        globalThis.setTimeout(() => {
          AbortSignal.#signalAbort(signal, I.domException("The operation was aborted due to timeout", "TimeoutError"));
        }, Math.trunc(ms));
        return signal;
      }

      static any(signals) {
        I.requireArgs(arguments.length, 1, "AbortSignal.any");
        if (!I.isObject(signals) || typeof signals[Symbol.iterator] !== "function") {
          throw new TypeError("AbortSignal.any: the argument must be a sequence of AbortSignal objects");
        }
        const list = [...signals];
        for (const s of list) {
          if (!I.isAbortSignal(s)) {
            throw new TypeError("AbortSignal.any: every element must be an AbortSignal");
          }
        }
        return AbortSignal.#createDependent(list);
      }

      static #createDependent(signals) {
        const result = new AbortSignal(CONSTRUCT);
        for (const s of signals) {
          if (s.#aborted) {
            result.#aborted = true;
            result.#reason = s.#reason;
            return result;
          }
        }
        result.#dependent = true;
        for (const s of signals) {
          const sources = s.#dependent ? s.#sources : [s];
          for (const source of sources) {
            result.#sources.add(source);
            source.#dependents.add(result);
          }
        }
        return result;
      }

      static #signalAbort(signal, reason) {
        if (signal.#aborted) {
          return;
        }
        signal.#aborted = true;
        signal.#reason = reason === undefined ? defaultReason() : reason;
        const dependentsToAbort = [];
        for (const d of signal.#dependents) {
          if (!d.#aborted) {
            d.#aborted = true;
            d.#reason = signal.#reason;
            dependentsToAbort.push(d);
          }
        }
        AbortSignal.#runAbortSteps(signal);
        for (const d of dependentsToAbort) {
          AbortSignal.#runAbortSteps(d);
        }
      }

      static #runAbortSteps(signal) {
        const algorithms = signal.#algorithms;
        signal.#algorithms = [];
        for (const algorithm of algorithms) {
          try {
            algorithm();
          } catch (error) {
            I.reportException(error);
          }
        }
        signal.dispatchEvent(new globalThis.Event("abort"));
      }

      get aborted() {
        return this.#aborted;
      }

      get reason() {
        return this.#reason;
      }

      throwIfAborted() {
        if (this.#aborted) {
          throw this.#reason;
        }
      }

      get onabort() {
        return this.#onabort;
      }

      set onabort(value) {
        const handler = I.isObject(value) ? value : null;
        this.#onabort = handler;
        if (handler !== null && this.#onabortListener === null) {
          this.#onabortListener = (event) => {
            const h = this.#onabort;
            if (typeof h === "function") {
              h.call(this, event);
            }
          };
          this.addEventListener("abort", this.#onabortListener);
        } else if (handler === null && this.#onabortListener !== null) {
          this.removeEventListener("abort", this.#onabortListener);
          this.#onabortListener = null;
        }
      }

      static {
        I.isAbortSignal = (v) => I.isObject(v) && #aborted in v;
        I.createAbortSignal = () => new AbortSignal(CONSTRUCT);
        I.signalAbort = (signal, reason) => AbortSignal.#signalAbort(signal, reason);
        I.anySignal = (signals) => AbortSignal.#createDependent(signals);
        I.addAbortAlgorithm = (signal, algorithm) => {
          if (!signal.#aborted) {
            signal.#algorithms.push(algorithm);
          }
        };
      }
    }
    I.shapeClass(AbortSignal, "AbortSignal");
    I.registerPlatformClass("AbortSignal", I.isAbortSignal, false);
    I.defineGlobal("AbortSignal", AbortSignal);
  }

  if (I.isAbsent("AbortController")) {
    if (I.createAbortSignal === undefined) {
      throw new Error("20-events.js: AbortController needs this prelude's own AbortSignal");
    }
    class AbortController {
      #signal = I.createAbortSignal();

      get signal() {
        return this.#signal;
      }

      abort(reason = undefined) {
        I.signalAbort(this.#signal, reason);
      }

      static {
        I.isAbortController = (v) => I.isObject(v) && #signal in v;
      }
    }
    I.shapeClass(AbortController, "AbortController");
    I.registerPlatformClass("AbortController", I.isAbortController, false);
    I.defineGlobal("AbortController", AbortController);
  }
})();
