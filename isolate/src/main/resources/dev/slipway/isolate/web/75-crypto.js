// Slipway web prelude, file 75: crypto.getRandomValues and crypto.randomUUID (Web Crypto §10),
// built on Math.random.
//
// Math.random is looked up on every call, so when the runtime installs its seeded PRNG for queries
// and mutations (after this prelude ran, or before), these become deterministic with it. Each byte
// takes one Math.random() call. crypto.subtle is out of scope and left absent.
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("75-crypto.js: 00-internals.js must be evaluated first");
  }

  const INTEGER_ARRAYS = [
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Int32Array",
    "Uint32Array",
    "BigInt64Array",
    "BigUint64Array",
  ];

  const fillRandom = (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = Math.floor(Math.random() * 256);
    }
  };

  const methods = {
    getRandomValues(array) {
      I.requireArgs(arguments.length, 1, "crypto.getRandomValues");
      const name = I.typedArrayName(array);
      if (name === undefined || !INTEGER_ARRAYS.includes(name)) {
        throw I.domException(
          `crypto.getRandomValues: the argument must be an integer typed array, got ${name ?? typeof array}`,
          "TypeMismatchError",
        );
      }
      const bytes = I.viewBytes(array);
      if (bytes.length > 65536) {
        throw I.domException(
          `crypto.getRandomValues: ${bytes.length} bytes requested, more than the 65536 allowed`,
          "QuotaExceededError",
        );
      }
      fillRandom(bytes);
      return array;
    },

    randomUUID() {
      const b = new Uint8Array(16);
      fillRandom(b);
      b[6] = (b[6] & 0x0f) | 0x40; // version 4
      b[8] = (b[8] & 0x3f) | 0x80; // variant 10
      let hex = "";
      for (let i = 0; i < 16; i++) {
        hex += (b[i] < 16 ? "0" : "") + b[i].toString(16);
      }
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };

  if (I.isAbsent("crypto")) {
    const CONSTRUCT = Symbol("construct Crypto");
    class Crypto {
      constructor(key = undefined) {
        if (key !== CONSTRUCT) {
          throw new TypeError("Illegal constructor: use the global crypto object");
        }
      }

      getRandomValues(array) {
        if (!(this instanceof Crypto)) {
          throw new TypeError("crypto.getRandomValues called on an object that is not a Crypto");
        }
        I.requireArgs(arguments.length, 1, "crypto.getRandomValues");
        return methods.getRandomValues(array);
      }

      randomUUID() {
        if (!(this instanceof Crypto)) {
          throw new TypeError("crypto.randomUUID called on an object that is not a Crypto");
        }
        return methods.randomUUID();
      }
    }
    I.shapeClass(Crypto, "Crypto");
    if (I.isAbsent("Crypto")) {
      I.defineGlobal("Crypto", Crypto);
    }
    I.defineGlobal("crypto", new Crypto(CONSTRUCT));
  } else if (I.isObject(globalThis.crypto)) {
    // A crypto object exists (e.g. the runtime's, with subtle): add what it lacks.
    for (const name of ["getRandomValues", "randomUUID"]) {
      if (typeof globalThis.crypto[name] !== "function") {
        Object.defineProperty(globalThis.crypto, name, {
          value: methods[name],
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    }
  }
})();
