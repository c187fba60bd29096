// Slipway runtime prelude: the last file, evaluated after the web prelude (web/*.js, when present) as
// a function expression that the runtime calls with core.js's internal object. It defines `fetch` on
// top of whatever Request/Response/Headers exist, and minimal stand-ins for the few web globals the
// runtime itself needs when the web prelude does not provide them (Headers, Request, Response, self,
// queueMicrotask). The stand-ins hold bodies as bytes and cover what HTTP actions and fetch use; the
// web prelude's classes are the real thing.
(function (internal) {
  "use strict";
  const G = globalThis;
  const absent = (name) => typeof G[name] === "undefined";
  const defineGlobal = (name, value) =>
    Object.defineProperty(G, name, { value, writable: true, enumerable: false, configurable: true });
  const encoder = typeof TextEncoder === "function" ? new TextEncoder() : null;
  const decoder = typeof TextDecoder === "function" ? new TextDecoder() : null;
  const utf8 = (s) => encoder.encode(String(s));

  if (absent("self")) {
    defineGlobal("self", G);
  }

  if (absent("queueMicrotask")) {
    const done = Promise.resolve();
    const then = Promise.prototype.then;
    defineGlobal("queueMicrotask", function queueMicrotask(callback) {
      if (typeof callback !== "function") {
        throw new TypeError("queueMicrotask: the callback must be a function");
      }
      Reflect.apply(then, done, [() => callback()]);
    });
  }

  if (absent("Headers")) {
    class Headers {
      #list = [];

      constructor(init = undefined) {
        if (init instanceof Headers) {
          init.forEach((value, name) => this.append(name, value));
        } else if (Array.isArray(init)) {
          for (const pair of init) {
            this.append(pair[0], pair[1]);
          }
        } else if (init !== undefined && init !== null) {
          for (const name of Object.keys(init)) {
            this.append(name, init[name]);
          }
        }
      }

      append(name, value) {
        this.#list.push([String(name).toLowerCase(), String(value).trim()]);
      }

      set(name, value) {
        this.delete(name);
        this.append(name, value);
      }

      delete(name) {
        const key = String(name).toLowerCase();
        this.#list = this.#list.filter((pair) => pair[0] !== key);
      }

      get(name) {
        const key = String(name).toLowerCase();
        const values = this.#list.filter((pair) => pair[0] === key).map((pair) => pair[1]);
        return values.length === 0 ? null : values.join(", ");
      }

      has(name) {
        return this.get(name) !== null;
      }

      forEach(callback, thisArg = undefined) {
        for (const [name, value] of this.entries()) {
          callback.call(thisArg, value, name, this);
        }
      }

      *entries() {
        const names = [...new Set(this.#list.map((pair) => pair[0]))].sort();
        for (const name of names) {
          yield [name, this.get(name)];
        }
      }

      *keys() {
        for (const [name] of this.entries()) {
          yield name;
        }
      }

      *values() {
        for (const [, value] of this.entries()) {
          yield value;
        }
      }

      [Symbol.iterator]() {
        return this.entries();
      }
    }
    defineGlobal("Headers", Headers);
  }

  const toBytes = (body) => {
    if (body === undefined || body === null) {
      return null;
    }
    if (typeof body === "string") {
      return utf8(body);
    }
    if (body instanceof ArrayBuffer) {
      return new Uint8Array(body.slice(0));
    }
    if (ArrayBuffer.isView(body)) {
      return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
    }
    if (typeof URLSearchParams === "function" && body instanceof URLSearchParams) {
      return utf8(body.toString());
    }
    return utf8(String(body));
  };

  // Body methods over bytes, shared by the stand-in Request and Response.
  const bodyMixin = (Cls) => {
    Object.assign(Cls.prototype, {
      async arrayBuffer() {
        return this.bytes_().buffer;
      },
      async bytes() {
        return this.bytes_();
      },
      async text() {
        return decoder.decode(this.bytes_());
      },
      async json() {
        return JSON.parse(decoder.decode(this.bytes_()));
      },
    });
  };

  if (absent("Request")) {
    class Request {
      #bytes;

      constructor(input, init = {}) {
        const source = input instanceof Request ? input : null;
        this.url = source === null ? String(input) : source.url;
        this.method = String(init.method ?? source?.method ?? "GET").toUpperCase();
        this.headers = new G.Headers(init.headers ?? source?.headers);
        this.#bytes = init.body !== undefined ? toBytes(init.body) : source === null ? null : source.bytes_();
        this.bodyUsed = false;
        if (typeof init.body === "string" && !this.headers.has("content-type")) {
          this.headers.set("content-type", "text/plain;charset=UTF-8");
        }
      }

      bytes_() {
        if (this.bodyUsed) {
          throw new TypeError("Body is unusable: Body has already been read");
        }
        this.bodyUsed = true;
        return this.#bytes === null ? new Uint8Array(0) : this.#bytes.slice();
      }

      get body() {
        return this.#bytes;
      }

      clone() {
        return new Request(this);
      }
    }
    bodyMixin(Request);
    defineGlobal("Request", Request);
  }

  if (absent("Response")) {
    class Response {
      #bytes;

      constructor(body = null, init = {}) {
        this.status = init.status ?? 200;
        this.statusText = init.statusText ?? "";
        this.headers = new G.Headers(init.headers);
        this.#bytes = toBytes(body);
        this.bodyUsed = false;
        this.url = "";
        this.redirected = false;
        this.type = "default";
        if (typeof body === "string" && !this.headers.has("content-type")) {
          this.headers.set("content-type", "text/plain;charset=UTF-8");
        }
      }

      get ok() {
        return this.status >= 200 && this.status <= 299;
      }

      bytes_() {
        if (this.bodyUsed) {
          throw new TypeError("Body is unusable: Body has already been read");
        }
        this.bodyUsed = true;
        return this.#bytes === null ? new Uint8Array(0) : this.#bytes.slice();
      }

      get body() {
        return this.#bytes;
      }

      clone() {
        const copy = new Response(this.#bytes, this);
        copy.url = this.url;
        return copy;
      }

      static json(data, init = {}) {
        const headers = new G.Headers(init.headers);
        if (!headers.has("content-type")) {
          headers.set("content-type", "application/json");
        }
        return new Response(JSON.stringify(data), { ...init, headers });
      }

      static error() {
        const response = new Response(null, { status: 0 });
        response.type = "error";
        return response;
      }

      static redirect(url, status = 302) {
        return new Response(null, { status, headers: { location: String(url) } });
      }
    }
    bodyMixin(Response);
    defineGlobal("Response", Response);
  }

  // fetch belongs to the runtime (the web prelude defines the classes, not the network).
  const RequestClass = G.Request;
  const ResponseClass = G.Response;
  const webHooks = G[Symbol.for("slipway.web.internals")];
  const nullBodyStatus = (status) => status === 101 || status === 103 || status === 204 || status === 205 || status === 304;

  const fetch = {
    async fetch(input, init = undefined) {
      internal.assertCanFetch();
      const request = new RequestClass(input, init);
      const headers = [];
      request.headers.forEach((value, name) => {
        headers.push([name, value]);
      });
      let body = null;
      if (request.method !== "GET" && request.method !== "HEAD") {
        const bytes = new Uint8Array(await request.arrayBuffer());
        body = bytes.length === 0 ? null : bytes;
      }
      const result = await internal.fetch(request.method, request.url, headers, body);
      const response = new ResponseClass(nullBodyStatus(result.status) ? null : result.body, {
        status: result.status,
        statusText: result.statusText,
        headers: result.headers,
      });
      if (webHooks !== undefined && typeof webHooks.setResponseURLList === "function") {
        webHooks.setResponseURLList(response, result.urls);
      } else {
        Object.defineProperty(response, "url", { value: result.url, configurable: true });
        Object.defineProperty(response, "redirected", { value: result.urls.length > 1, configurable: true });
      }
      return response;
    },
  }.fetch;
  defineGlobal("fetch", fetch);
});
