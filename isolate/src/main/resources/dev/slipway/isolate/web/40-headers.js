// Slipway web prelude, file 40: Headers (Fetch Standard §5.2).
//
// A header list is an array of [name, value] pairs in insertion order, names kept as first given.
// Guards: only "immutable" is enforced. The "request" and "response" guards of the standard would
// drop forbidden headers such as Set-Cookie, which is a browser rule: a server runtime must be able
// to set them (Node and Deno do not enforce them either).
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("40-headers.js: 00-internals.js must be evaluated first");
  }

  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const HTTP_WHITESPACE_EDGES = /^[\t\n\r ]+|[\t\n\r ]+$/g;

  I.isHeaderName = (name) => TOKEN.test(name);
  I.isToken = (s) => TOKEN.test(s);

  /** Strips leading and trailing HTTP whitespace (the "normalize" of header values). */
  I.normalizeHeaderValue = (value) => value.replace(HTTP_WHITESPACE_EDGES, "");

  const isHeaderValue = (value) => !/[\0\r\n]/.test(value) && !/^[\t ]|[\t ]$/.test(value);

  const validateName = (name, where) => {
    if (!TOKEN.test(name)) {
      throw new TypeError(`${where}: "${name}" is an invalid header name`);
    }
  };

  const validateValue = (value, where) => {
    if (!isHeaderValue(value)) {
      throw new TypeError(`${where}: ${JSON.stringify(value)} is an invalid header value`);
    }
  };

  class Headers {
    #list = [];
    #guard = "none";
    #sorted = null; // cached sort-and-combine result, cleared on every change

    constructor(init = undefined) {
      if (init !== undefined) {
        this.#fill(init, "Headers constructor");
      }
    }

    #fill(init, where) {
      if (!I.isObject(init)) {
        const got = init === null ? "null" : typeof init;
        throw new TypeError(`${where}: the headers must be a sequence of [name, value] pairs or a record, got ${got}`);
      }
      const iteratorMethod = init[Symbol.iterator];
      if (iteratorMethod !== undefined && iteratorMethod !== null) {
        if (typeof iteratorMethod !== "function") {
          throw new TypeError(`${where}: headers[Symbol.iterator] is not a function`);
        }
        const pairs = [];
        for (const header of { [Symbol.iterator]: () => iteratorMethod.call(init) }) {
          if (!I.isObject(header) || typeof header[Symbol.iterator] !== "function") {
            throw new TypeError(`${where}: each header must be a [name, value] pair`);
          }
          const items = [...header].map((x) => I.toByteString(x, where));
          if (items.length !== 2) {
            throw new TypeError(`${where}: each header must be a [name, value] pair, found one with ${items.length} item(s)`);
          }
          pairs.push(items);
        }
        for (const [name, value] of pairs) {
          this.#append(name, value, where);
        }
      } else {
        const pairs = [];
        for (const key of Reflect.ownKeys(init)) {
          const desc = Reflect.getOwnPropertyDescriptor(init, key);
          if (desc !== undefined && desc.enumerable) {
            pairs.push([I.toByteString(key, where), I.toByteString(init[key], where)]);
          }
        }
        for (const [name, value] of pairs) {
          this.#append(name, value, where);
        }
      }
    }

    #checkMutable(where) {
      if (this.#guard === "immutable") {
        throw new TypeError(`${where}: these headers are immutable`);
      }
    }

    #append(name, rawValue, where) {
      const value = I.normalizeHeaderValue(rawValue);
      validateName(name, where);
      validateValue(value, where);
      this.#checkMutable(where);
      const lower = name.toLowerCase();
      const existing = this.#list.find(([n]) => n.toLowerCase() === lower);
      this.#list.push([existing === undefined ? name : existing[0], value]);
      this.#sorted = null;
    }

    append(name, value) {
      I.requireArgs(arguments.length, 2, "Headers.append");
      this.#append(I.toByteString(name, "Headers.append"), I.toByteString(value, "Headers.append"), "Headers.append");
    }

    delete(name) {
      I.requireArgs(arguments.length, 1, "Headers.delete");
      const n = I.toByteString(name, "Headers.delete");
      validateName(n, "Headers.delete");
      this.#checkMutable("Headers.delete");
      const lower = n.toLowerCase();
      const before = this.#list.length;
      this.#list = this.#list.filter(([k]) => k.toLowerCase() !== lower);
      if (this.#list.length !== before) {
        this.#sorted = null;
      }
    }

    get(name) {
      I.requireArgs(arguments.length, 1, "Headers.get");
      const n = I.toByteString(name, "Headers.get");
      validateName(n, "Headers.get");
      return getCombined(this.#list, n.toLowerCase());
    }

    getSetCookie() {
      return this.#list.filter(([k]) => k.toLowerCase() === "set-cookie").map(([, v]) => v);
    }

    has(name) {
      I.requireArgs(arguments.length, 1, "Headers.has");
      const n = I.toByteString(name, "Headers.has");
      validateName(n, "Headers.has");
      const lower = n.toLowerCase();
      return this.#list.some(([k]) => k.toLowerCase() === lower);
    }

    set(name, value) {
      I.requireArgs(arguments.length, 2, "Headers.set");
      const n = I.toByteString(name, "Headers.set");
      const v = I.normalizeHeaderValue(I.toByteString(value, "Headers.set"));
      validateName(n, "Headers.set");
      validateValue(v, "Headers.set");
      this.#checkMutable("Headers.set");
      const lower = n.toLowerCase();
      const i = this.#list.findIndex(([k]) => k.toLowerCase() === lower);
      if (i < 0) {
        this.#list.push([n, v]);
      } else {
        this.#list[i] = [this.#list[i][0], v];
        this.#list = this.#list.filter(([k], j) => j <= i || k.toLowerCase() !== lower);
      }
      this.#sorted = null;
    }

    /** "sort and combine": lowercase names in byte order, values combined, set-cookie kept apart. */
    #sortAndCombine() {
      if (this.#sorted !== null) {
        return this.#sorted;
      }
      const names = [...new Set(this.#list.map(([k]) => k.toLowerCase()))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const out = [];
      for (const name of names) {
        if (name === "set-cookie") {
          for (const [k, v] of this.#list) {
            if (k.toLowerCase() === name) {
              out.push([name, v]);
            }
          }
        } else {
          out.push([name, getCombined(this.#list, name)]);
        }
      }
      this.#sorted = out;
      return out;
    }

    static {
      I.isHeaders = (v) => I.isObject(v) && #list in v;
      I.headersPairs = (h) => h.#sortAndCombine();
      /** Creates Headers with a guard, filled from init (HeadersInit or Headers) if given. */
      I.createHeaders = (guard, init = undefined, where = "Headers") => {
        const h = new Headers();
        if (init !== undefined) {
          if (I.isHeaders(init)) {
            h.#list = init.#list.map(([k, v]) => [k, v]);
          } else {
            h.#fill(init, where);
          }
        }
        h.#guard = guard;
        return h;
      };
      I.headersList = (h) => h.#list;
      I.headersGuard = (h) => h.#guard;
      /** Appends without guard checks (the runtime's own headers, e.g. Content-Type defaults). */
      I.headersAppendUnchecked = (h, name, value) => {
        h.#list.push([name, value]);
        h.#sorted = null;
      };
      I.headersGet = (h, name) => getCombined(h.#list, name.toLowerCase());
    }
  }

  /** "get" on a header list: all values of the name joined by ", ", or null. */
  const getCombined = (list, lowerName) => {
    const values = list.filter(([k]) => k.toLowerCase() === lowerName).map(([, v]) => v);
    return values.length === 0 ? null : values.join(", ");
  };

  I.shapeClass(Headers, "Headers");
  I.defineIterable(Headers, "Headers", (h) => I.headersPairs(h));

  if (I.isAbsent("Headers")) {
    I.registerPlatformClass("Headers", I.isHeaders, false);
    I.defineGlobal("Headers", Headers);
  }
})();
