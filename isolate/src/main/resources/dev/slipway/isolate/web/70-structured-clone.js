// Slipway web prelude, file 70: structuredClone (HTML §2.7), as a direct deep copy.
//
// Copies primitives (not symbols), plain objects and arrays (own enumerable string keys, getters
// run), Boolean/Number/String/BigInt wrappers, Date, RegExp, ArrayBuffer, typed arrays, DataView,
// Map, Set, Error objects (name, message, stack, cause), and this prelude's Blob, File and
// DOMException; shared references and cycles are preserved. Functions, symbols, WeakMap/WeakSet/
// WeakRef/Promise, SharedArrayBuffer and this prelude's other platform objects (URL, Headers,
// Request, ...) throw a DataCloneError. Class instances become plain objects, as specified.
// `transfer` works for ArrayBuffers when the engine has ArrayBuffer.prototype.transfer.
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("70-structured-clone.js: 00-internals.js must be evaluated first");
  }
  if (!I.isAbsent("structuredClone")) {
    return;
  }

  const functionToString = Function.prototype.toString;
  const dataCloneError = (what) => I.domException(`${what} could not be cloned.`, "DataCloneError");

  const describe = (v) => {
    if (typeof v === "symbol") return v.toString();
    if (typeof v === "function") {
      try {
        return functionToString.call(v);
      } catch {
        return "function";
      }
    }
    const ctor = I.isObject(v) ? v.constructor : undefined;
    return typeof ctor === "function" && typeof ctor.name === "string" && ctor.name !== "" ? `#<${ctor.name}>` : "#<Object>";
  };

  /** Returns true when `getter.call(v)` works, i.e. v has the internal slot the getter reads. */
  const hasSlot = (getter, v) => {
    try {
      getter.call(v);
      return true;
    } catch {
      return false;
    }
  };
  const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const MAP_SIZE = getter(Map.prototype, "size");
  const SET_SIZE = getter(Set.prototype, "size");
  const REGEXP_SOURCE = getter(RegExp.prototype, "source");
  const REGEXP_FLAGS = getter(RegExp.prototype, "flags");
  const SAB_BYTE_LENGTH =
    typeof SharedArrayBuffer === "function" ? getter(SharedArrayBuffer.prototype, "byteLength") : null;
  const abDetached =
    Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "detached")?.get ?? null;

  const primitiveWrapperValue = (v) => {
    for (const [ctor, fn] of [
      [Boolean, Boolean.prototype.valueOf],
      [Number, Number.prototype.valueOf],
      [String, String.prototype.valueOf],
      [BigInt, BigInt.prototype.valueOf],
    ]) {
      try {
        return { value: fn.call(v), ctor };
      } catch {
        // not this kind of wrapper
      }
    }
    return null;
  };

  const isDate = (v) => {
    try {
      Date.prototype.getTime.call(v);
      return true;
    } catch {
      return false;
    }
  };

  const isRegExp = (v) => v !== RegExp.prototype && hasSlot(REGEXP_SOURCE, v);

  const isError = (v) =>
    typeof Error.isError === "function" ? Error.isError(v) : Object.prototype.toString.call(v) === "[object Error]";

  const ERROR_CONSTRUCTORS = {
    Error,
    EvalError,
    RangeError,
    ReferenceError,
    SyntaxError,
    TypeError,
    URIError,
  };

  const isUncloneableBuiltin = (v) => {
    for (const [proto, method, arg] of [
      [WeakMap.prototype, "has", {}],
      [WeakSet.prototype, "has", {}],
    ]) {
      try {
        proto[method].call(v, arg);
        return true;
      } catch {
        // not this kind
      }
    }
    if (typeof WeakRef === "function") {
      try {
        WeakRef.prototype.deref.call(v);
        return true;
      } catch {
        // not a WeakRef
      }
    }
    const tag = Object.prototype.toString.call(v);
    return tag === "[object Promise]" || tag === "[object Generator]" || tag === "[object AsyncGenerator]";
  };

  const cloneValue = (value, memory) => {
    if (value === null || (typeof value !== "object" && typeof value !== "function" && typeof value !== "symbol")) {
      return value;
    }
    if (typeof value === "symbol" || typeof value === "function") {
      throw dataCloneError(describe(value));
    }
    if (memory.has(value)) {
      return memory.get(value);
    }
    let out;
    const wrapper = primitiveWrapperValue(value);
    if (wrapper !== null) {
      out = Object(wrapper.value);
      memory.set(value, out);
      return out;
    }
    if (isDate(value)) {
      out = new Date(Date.prototype.getTime.call(value));
      memory.set(value, out);
      return out;
    }
    if (isRegExp(value)) {
      out = new RegExp(REGEXP_SOURCE.call(value), REGEXP_FLAGS.call(value));
      memory.set(value, out);
      return out;
    }
    if (I.isArrayBuffer(value)) {
      if (abDetached !== null && abDetached.call(value)) {
        throw I.domException("A detached ArrayBuffer could not be cloned.", "DataCloneError");
      }
      out = new Uint8Array(value).slice().buffer;
      memory.set(value, out);
      return out;
    }
    if (SAB_BYTE_LENGTH !== null && hasSlot(SAB_BYTE_LENGTH, value)) {
      throw I.domException("SharedArrayBuffer could not be cloned: this runtime has a single thread.", "DataCloneError");
    }
    const typedName = I.typedArrayName(value);
    if (typedName !== undefined || I.isDataView(value)) {
      const buffer = cloneValue(value.buffer, memory);
      const Ctor = typedName !== undefined ? globalThis[typedName] : DataView;
      const length = typedName !== undefined ? value.length : value.byteLength;
      out = new Ctor(buffer, value.byteOffset, length);
      memory.set(value, out);
      return out;
    }
    if (hasSlot(MAP_SIZE, value)) {
      out = new Map();
      memory.set(value, out);
      const entries = [...Map.prototype.entries.call(value)];
      for (const [k, v] of entries) {
        out.set(cloneValue(k, memory), cloneValue(v, memory));
      }
      return out;
    }
    if (hasSlot(SET_SIZE, value)) {
      out = new Set();
      memory.set(value, out);
      const values = [...Set.prototype.values.call(value)];
      for (const v of values) {
        out.add(cloneValue(v, memory));
      }
      return out;
    }
    for (const { name, isInstance, serializable } of I.platformClasses) {
      if (!isInstance(value)) continue;
      if (!serializable) {
        throw dataCloneError(`${name} object`);
      }
      if (name === "File" || name === "Blob") {
        out = I.isFile(value)
          ? I.createFile(I.blobBytes(value), value.name, value.type, value.lastModified)
          : I.createBlob(I.blobBytes(value), value.type);
      } else if (name === "DOMException") {
        const { name: n, message } = I.domExceptionParts(value);
        out = I.domException(message, n);
      }
      memory.set(value, out);
      return out;
    }
    if (isError(value)) {
      const name = value.name;
      const Ctor = Object.hasOwn(ERROR_CONSTRUCTORS, name) ? ERROR_CONSTRUCTORS[name] : Error;
      const messageDesc = Object.getOwnPropertyDescriptor(value, "message");
      out = messageDesc !== undefined && "value" in messageDesc ? new Ctor(`${messageDesc.value}`) : new Ctor();
      memory.set(value, out);
      const stack = value.stack;
      if (typeof stack === "string") {
        Object.defineProperty(out, "stack", { value: stack, writable: true, enumerable: false, configurable: true });
      }
      if (Object.hasOwn(value, "cause")) {
        Object.defineProperty(out, "cause", {
          value: cloneValue(value.cause, memory),
          writable: true,
          enumerable: false,
          configurable: true,
        });
      }
      return out;
    }
    if (isUncloneableBuiltin(value)) {
      throw dataCloneError(describe(value));
    }
    out = Array.isArray(value) ? new Array(value.length) : {};
    memory.set(value, out);
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(value, key)) {
        out[key] = cloneValue(value[key], memory);
      }
    }
    return out;
  };

  const transferBuffers = (transferList) => {
    const seen = new Set();
    for (const t of transferList) {
      if (!I.isArrayBuffer(t)) {
        throw I.domException("Only ArrayBuffers can be transferred in this runtime.", "DataCloneError");
      }
      if (seen.has(t)) {
        throw I.domException("An ArrayBuffer is listed twice in the transfer list.", "DataCloneError");
      }
      if (abDetached !== null && abDetached.call(t)) {
        throw I.domException("A detached ArrayBuffer cannot be transferred.", "DataCloneError");
      }
      seen.add(t);
    }
    if (seen.size > 0 && typeof ArrayBuffer.prototype.transfer !== "function") {
      throw I.domException(
        "Transferring ArrayBuffers is not supported: the engine lacks ArrayBuffer.prototype.transfer.",
        "DataCloneError",
      );
    }
    return [...seen];
  };

  const structuredClone = {
    structuredClone(value, options = undefined) {
      I.requireArgs(arguments.length, 1, "structuredClone");
      const o = I.toDictionary(options, "structuredClone");
      const transferList = o.transfer === undefined ? [] : [...o.transfer];
      const buffers = transferBuffers(transferList);
      const result = cloneValue(value, new Map());
      // The clone already holds copies of the buffers; transferring then only has to detach the
      // originals, which happens after a successful copy so a failure detaches nothing.
      for (const b of buffers) {
        ArrayBuffer.prototype.transfer.call(b);
      }
      return result;
    },
  }.structuredClone;

  I.defineGlobal("structuredClone", structuredClone);
})();
