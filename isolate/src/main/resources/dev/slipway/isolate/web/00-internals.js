// Slipway web prelude, file 00: shared internals for the files that follow.
//
// The prelude files are classic scripts evaluated in file-name order, once per context, before
// user code. Classic scripts can only share state through the global object, so this file puts one
// object under the registered symbol Symbol.for("slipway.web.internals") (non-enumerable); every
// later file reads it, adds what it exports to the others (brand checks, accessors to private
// state), and 99-seal.js freezes it down to the few hooks the runtime may use. Nothing here is a
// web API by itself.
"use strict";
(() => {
  const KEY = Symbol.for("slipway.web.internals");
  if (globalThis[KEY] !== undefined) {
    return;
  }
  const I = Object.create(null);
  Object.defineProperty(globalThis, KEY, {
    value: I,
    writable: false,
    enumerable: false,
    configurable: true,
  });

  // ---- globals and WebIDL-ish class shaping ------------------------------------------------

  /** Defines a global the way WebIDL does for interfaces: writable, configurable, not enumerable. */
  I.defineGlobal = (name, value) => {
    Object.defineProperty(globalThis, name, {
      value,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  };

  I.isAbsent = (name) => typeof globalThis[name] === "undefined";

  /**
   * Gives a class the WebIDL look: prototype members enumerable (as browsers and Node have them),
   * a Symbol.toStringTag, and the constructor's name.
   */
  I.shapeClass = (Cls, name) => {
    for (const target of [Cls.prototype, Cls]) {
      for (const key of Reflect.ownKeys(target)) {
        if (key === "constructor" || key === "prototype" || key === "length" || key === "name") {
          continue;
        }
        const d = Object.getOwnPropertyDescriptor(target, key);
        if (typeof key === "string" && d.configurable && !("value" in d && typeof d.value !== "function")) {
          d.enumerable = true;
          Object.defineProperty(target, key, d);
        }
      }
    }
    Object.defineProperty(Cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
    Object.defineProperty(Cls, "name", { value: name, configurable: true });
  };

  /** WebIDL's "not enough arguments" check. */
  I.requireArgs = (given, required, where) => {
    if (given < required) {
      throw new TypeError(
        `${where}: ${required} argument${required === 1 ? "" : "s"} required, but only ${given} present`,
      );
    }
  };

  // ---- WebIDL conversions -------------------------------------------------------------------

  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

  /** DOMString: ToString (throws on Symbols). */
  I.toDOMString = (v) => `${v}`;

  /** USVString: ToString, then lone surrogates become U+FFFD. */
  I.toUSVString = (v) => {
    const s = `${v}`;
    return s.replace(loneSurrogate, "\uFFFD");
  };

  /** ByteString: ToString, every code unit must be <= 0xFF. */
  I.toByteString = (v, where) => {
    const s = `${v}`;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) {
        throw new TypeError(
          `${where}: cannot convert to a ByteString because the character at index ${i} ` +
            `has the value ${c}, which is greater than 255`,
        );
      }
    }
    return s;
  };

  /** Dictionary argument: undefined/null become {}, other non-objects are refused. */
  I.toDictionary = (v, where) => {
    if (v === undefined || v === null) {
      return {};
    }
    if (typeof v !== "object" && typeof v !== "function") {
      throw new TypeError(`${where}: the options argument must be an object, got ${typeof v}`);
    }
    return v;
  };

  I.isObject = (v) => v !== null && (typeof v === "object" || typeof v === "function");

  /** Converts to a WebIDL enum value, throwing TypeError naming the member when not allowed. */
  I.toEnum = (v, allowed, where) => {
    const s = `${v}`;
    if (!allowed.includes(s)) {
      throw new TypeError(`${where}: '${s}' is not a valid value; expected one of ${allowed.map((a) => `'${a}'`).join(", ")}`);
    }
    return s;
  };

  // ---- binary data ----------------------------------------------------------------------------

  const abByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
  const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  const taTag = Object.getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag).get;
  const taBuffer = Object.getOwnPropertyDescriptor(typedArrayProto, "buffer").get;
  const taByteOffset = Object.getOwnPropertyDescriptor(typedArrayProto, "byteOffset").get;
  const taByteLength = Object.getOwnPropertyDescriptor(typedArrayProto, "byteLength").get;
  const dvBuffer = Object.getOwnPropertyDescriptor(DataView.prototype, "buffer").get;
  const dvByteOffset = Object.getOwnPropertyDescriptor(DataView.prototype, "byteOffset").get;
  const dvByteLength = Object.getOwnPropertyDescriptor(DataView.prototype, "byteLength").get;

  /** True for ArrayBuffer objects of any realm (not SharedArrayBuffer). */
  I.isArrayBuffer = (x) => {
    if (!I.isObject(x)) {
      return false;
    }
    try {
      abByteLength.call(x);
      return true;
    } catch {
      return false;
    }
  };

  /** The name of a typed array's kind ("Uint8Array", ...) or undefined for anything else. */
  I.typedArrayName = (x) => (I.isObject(x) ? taTag.call(x) : undefined);

  I.isDataView = (x) => {
    if (!I.isObject(x)) {
      return false;
    }
    try {
      dvBuffer.call(x);
      return true;
    } catch {
      return false;
    }
  };

  /** A Uint8Array over exactly the bytes of a view (no copy), or null if x is not a view. */
  I.viewBytes = (x) => {
    if (I.typedArrayName(x) !== undefined) {
      return new Uint8Array(taBuffer.call(x), taByteOffset.call(x), taByteLength.call(x));
    }
    if (I.isDataView(x)) {
      return new Uint8Array(dvBuffer.call(x), dvByteOffset.call(x), dvByteLength.call(x));
    }
    return null;
  };

  /** A fresh copy of the bytes of a BufferSource (ArrayBuffer or view), or null. */
  I.bufferSourceCopy = (x) => {
    if (I.isArrayBuffer(x)) {
      return new Uint8Array(x).slice();
    }
    const view = I.viewBytes(x);
    return view === null ? null : view.slice();
  };

  I.concatBytes = (chunks) => {
    let total = 0;
    for (const c of chunks) {
      total += c.length;
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  };

  /** Bytes (0..255 each) as a "binary string" / isomorphic decode. */
  I.bytesToBinaryString = (bytes) => {
    let s = "";
    for (let i = 0; i < bytes.length; i += 8192) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
    }
    return s;
  };

  // ---- UTF-8 ------------------------------------------------------------------------------------

  /** UTF-8 encode of a string; lone surrogates are encoded as U+FFFD (USVString semantics). */
  I.utf8Encode = (str) => {
    const s = `${str}`;
    const out = new Uint8Array(s.length * 3);
    let j = 0;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        out[j++] = c;
        continue;
      }
      if (c < 0x800) {
        out[j++] = 0xc0 | (c >> 6);
        out[j++] = 0x80 | (c & 0x3f);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          out[j++] = 0xf0 | (cp >> 18);
          out[j++] = 0x80 | ((cp >> 12) & 0x3f);
          out[j++] = 0x80 | ((cp >> 6) & 0x3f);
          out[j++] = 0x80 | (cp & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      out[j++] = 0xe0 | (c >> 12);
      out[j++] = 0x80 | ((c >> 6) & 0x3f);
      out[j++] = 0x80 | (c & 0x3f);
    }
    return out.slice(0, j);
  };

  /**
   * The Encoding Standard's UTF-8 decoder with its BOM handling, usable for streaming. Errors
   * become U+FFFD, or a TypeError when fatal.
   */
  class Utf8Decoder {
    constructor(fatal, ignoreBOM) {
      this.fatal = fatal;
      this.ignoreBOM = ignoreBOM;
      this.doNotFlush = false;
      this.resetStream();
    }

    resetStream() {
      this.needed = 0;
      this.seen = 0;
      this.cp = 0;
      this.lower = 0x80;
      this.upper = 0xbf;
      this.bomSeen = false;
    }

    decode(bytes, stream) {
      if (!this.doNotFlush) {
        this.resetStream();
      }
      this.doNotFlush = stream;
      const units = new Uint16Array(bytes.length + 1);
      let n = 0;
      const emit = (cp) => {
        if (!this.ignoreBOM && !this.bomSeen) {
          this.bomSeen = true;
          if (cp === 0xfeff) {
            return;
          }
        }
        if (cp > 0xffff) {
          units[n++] = 0xd800 + ((cp - 0x10000) >> 10);
          units[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        } else {
          units[n++] = cp;
        }
      };
      const error = () => {
        if (this.fatal) {
          this.doNotFlush = false;
          throw new TypeError("The encoded data was not valid for encoding utf-8");
        }
        emit(0xfffd);
      };
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        if (this.needed === 0) {
          if (b <= 0x7f) {
            emit(b);
          } else if (b >= 0xc2 && b <= 0xdf) {
            this.needed = 1;
            this.cp = b & 0x1f;
          } else if (b >= 0xe0 && b <= 0xef) {
            if (b === 0xe0) this.lower = 0xa0;
            if (b === 0xed) this.upper = 0x9f;
            this.needed = 2;
            this.cp = b & 0xf;
          } else if (b >= 0xf0 && b <= 0xf4) {
            if (b === 0xf0) this.lower = 0x90;
            if (b === 0xf4) this.upper = 0x8f;
            this.needed = 3;
            this.cp = b & 0x7;
          } else {
            error();
          }
          continue;
        }
        if (b < this.lower || b > this.upper) {
          this.cp = 0;
          this.needed = 0;
          this.seen = 0;
          this.lower = 0x80;
          this.upper = 0xbf;
          i--; // the byte is processed again as the start of a sequence
          error();
          continue;
        }
        this.lower = 0x80;
        this.upper = 0xbf;
        this.cp = (this.cp << 6) | (b & 0x3f);
        this.seen++;
        if (this.seen === this.needed) {
          const cp = this.cp;
          this.cp = 0;
          this.needed = 0;
          this.seen = 0;
          emit(cp);
        }
      }
      if (!stream && this.needed !== 0) {
        this.needed = 0;
        this.seen = 0;
        this.cp = 0;
        this.lower = 0x80;
        this.upper = 0xbf;
        error();
      }
      let s = "";
      for (let i = 0; i < n; i += 8192) {
        s += String.fromCharCode.apply(null, units.subarray(i, Math.min(n, i + 8192)));
      }
      return s;
    }
  }
  I.Utf8Decoder = Utf8Decoder;

  /** "UTF-8 decode": strips a leading BOM, errors become U+FFFD. */
  I.utf8Decode = (bytes) => new Utf8Decoder(false, false).decode(bytes, false);

  /** "UTF-8 decode without BOM": a leading BOM is kept, errors become U+FFFD. */
  I.utf8DecodeNoBOM = (bytes) => new Utf8Decoder(false, true).decode(bytes, false);

  // ---- errors and tasks -------------------------------------------------------------------------

  /**
   * "Report the exception": calls a global reportError when the runtime defines one, else turns
   * the error into an unhandled promise rejection so the runtime's rejection tracking sees it.
   */
  I.reportException = (error) => {
    if (typeof globalThis.reportError === "function") {
      globalThis.reportError(error);
      return;
    }
    Promise.reject(error);
  };

  /** Brand checks of our platform objects, used by structuredClone to refuse them. */
  I.platformClasses = [];
  I.registerPlatformClass = (name, isInstance, serializable) => {
    I.platformClasses.push({ name, isInstance, serializable });
  };

  /**
   * WebIDL pair iteration (entries/keys/values/forEach/@@iterator) over a live list: getPairs(obj)
   * returns the current [key, value] pairs (and throws TypeError for foreign receivers).
   */
  I.defineIterable = (Cls, name, getPairs) => {
    const arrayIteratorProto = Object.getPrototypeOf([][Symbol.iterator]());
    const iteratorProto = Object.create(Object.getPrototypeOf(arrayIteratorProto));
    const states = new WeakMap();
    Object.defineProperty(iteratorProto, "next", {
      value: function next() {
        const st = states.get(this);
        if (st === undefined) {
          throw new TypeError(`next() called on an object that is not a ${name} Iterator`);
        }
        const pairs = getPairs(st.target);
        if (st.index >= pairs.length) {
          return { value: undefined, done: true };
        }
        const [k, v] = pairs[st.index++];
        return { value: st.kind === "key" ? k : st.kind === "value" ? v : [k, v], done: false };
      },
      writable: true,
      enumerable: true,
      configurable: true,
    });
    Object.defineProperty(iteratorProto, Symbol.toStringTag, { value: `${name} Iterator`, configurable: true });
    const make = (target, kind) => {
      getPairs(target); // brand check
      const it = Object.create(iteratorProto);
      states.set(it, { target, kind, index: 0 });
      return it;
    };
    const methods = {
      entries() {
        return make(this, "key+value");
      },
      keys() {
        return make(this, "key");
      },
      values() {
        return make(this, "value");
      },
      forEach(callback, thisArg = undefined) {
        getPairs(this);
        if (typeof callback !== "function") {
          throw new TypeError(`${name}.forEach: the callback must be a function`);
        }
        for (let i = 0; ; i++) {
          const pairs = getPairs(this);
          if (i >= pairs.length) {
            break;
          }
          callback.call(thisArg, pairs[i][1], pairs[i][0], this);
        }
      },
    };
    for (const key of Object.keys(methods)) {
      Object.defineProperty(Cls.prototype, key, {
        value: methods[key],
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    Object.defineProperty(Cls.prototype, Symbol.iterator, {
      value: methods.entries,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  };
})();
