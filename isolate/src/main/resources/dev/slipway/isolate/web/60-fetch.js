// Slipway web prelude, file 60: Request and Response with the Body mixin (Fetch Standard §5.3-5.5).
//
// Bodies are held as bytes, not streams: a body is {source, disturbed, stream} where source is a
// Uint8Array, or a promise of one when it comes from a stream or a Blob that is not ours. `body`
// returns null for a null body, else a readable stream made on first access (see 45-blob.js);
// reading it or consuming the body (text(), json(), ...) disturbs it, after which bodyUsed is true.
//
// The standard's browser-only parts are left out: there is no origin or base URL (relative URLs are
// refused), forbidden request and response headers are not filtered, referrers are kept as given,
// and `fetch` itself belongs to the runtime. Response.redirect() and Response.error() have
// immutable headers, as specified.
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("60-fetch.js: 00-internals.js must be evaluated first");
  }
  if (!I.isAbsent("Request") && !I.isAbsent("Response")) {
    return;
  }
  for (const [need, file] of [
    ["createHeaders", "40-headers.js"],
    ["isBlob", "45-blob.js"],
    ["isFormData", "50-form-data.js"],
    ["parseURL", "30-url.js"],
    ["createAbortSignal", "20-events.js"],
  ]) {
    if (I[need] === undefined) {
      throw new Error(`60-fetch.js: needs this prelude's ${file}`);
    }
  }

  // ---- MIME types (MIME Sniffing Standard §4) ------------------------------------------------------

  const HTTP_WS = /[\t\n\r ]/;
  const QUOTED_STRING_TOKEN = /^[\t\x20-\x7e\x80-\xff]*$/;

  /** Collects an HTTP quoted string starting at s[pos] === '"'; returns [value, newPos]. */
  const collectQuotedString = (s, pos) => {
    let value = "";
    pos++;
    for (;;) {
      while (pos < s.length && s[pos] !== '"' && s[pos] !== "\\") {
        value += s[pos++];
      }
      if (pos >= s.length) {
        break;
      }
      const quoteOrBackslash = s[pos++];
      if (quoteOrBackslash === "\\") {
        if (pos >= s.length) {
          value += "\\";
          break;
        }
        value += s[pos++];
      } else {
        break;
      }
    }
    return [value, pos];
  };

  /** Parses a MIME type: {type, subtype, essence, parameters: Map} or null. */
  const parseMimeType = (input) => {
    const s = input.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
    let pos = 0;
    let type = "";
    while (pos < s.length && s[pos] !== "/") type += s[pos++];
    if (type === "" || !I.isToken(type) || pos >= s.length) return null;
    pos++;
    let subtype = "";
    while (pos < s.length && s[pos] !== ";") subtype += s[pos++];
    subtype = subtype.replace(/[\t\n\r ]+$/, "");
    if (subtype === "" || !I.isToken(subtype)) return null;
    const mime = { type: type.toLowerCase(), subtype: subtype.toLowerCase(), parameters: new Map() };
    while (pos < s.length) {
      pos++; // past ";"
      while (pos < s.length && HTTP_WS.test(s[pos])) pos++;
      let name = "";
      while (pos < s.length && s[pos] !== ";" && s[pos] !== "=") name += s[pos++];
      name = name.toLowerCase();
      if (pos < s.length) {
        if (s[pos] === ";") continue;
        pos++; // past "="
      }
      if (pos >= s.length) break;
      let value;
      if (s[pos] === '"') {
        [value, pos] = collectQuotedString(s, pos);
        while (pos < s.length && s[pos] !== ";") pos++;
      } else {
        value = "";
        while (pos < s.length && s[pos] !== ";") value += s[pos++];
        value = value.replace(/[\t\n\r ]+$/, "");
        if (value === "") continue;
      }
      if (name !== "" && I.isToken(name) && QUOTED_STRING_TOKEN.test(value) && !mime.parameters.has(name)) {
        mime.parameters.set(name, value);
      }
    }
    mime.essence = mime.type + "/" + mime.subtype;
    return mime;
  };

  const serializeMimeType = (mime) => {
    let out = mime.essence;
    for (const [name, value] of mime.parameters) {
      let v = value;
      if (v === "" || !I.isToken(v)) {
        v = '"' + v.replace(/["\\]/g, "\\$&") + '"';
      }
      out += ";" + name + "=" + v;
    }
    return out;
  };

  /** "Get, decode, and split" a header value on commas outside quoted strings. */
  const splitHeaderValue = (value) => {
    const values = [];
    let pos = 0;
    let temp = "";
    for (;;) {
      while (pos < value.length && value[pos] !== '"' && value[pos] !== ",") temp += value[pos++];
      if (pos < value.length && value[pos] === '"') {
        const start = pos;
        [, pos] = collectQuotedString(value, pos);
        temp += value.slice(start, pos);
        if (pos < value.length) continue;
      }
      values.push(temp.replace(/^[\t ]+|[\t ]+$/g, ""));
      temp = "";
      if (pos >= value.length) return values;
      pos++; // past ","
    }
  };

  /** "Extract a MIME type" from a Headers object: a MIME type record or null. */
  const extractMimeType = (headers) => {
    const header = I.headersGet(headers, "content-type");
    if (header === null) return null;
    let charset = null;
    let essence = null;
    let mimeType = null;
    for (const value of splitHeaderValue(header)) {
      const temp = parseMimeType(value);
      if (temp === null || temp.essence === "*/*") continue;
      mimeType = temp;
      if (mimeType.essence !== essence) {
        charset = mimeType.parameters.has("charset") ? mimeType.parameters.get("charset") : null;
        essence = mimeType.essence;
      } else if (!mimeType.parameters.has("charset") && charset !== null) {
        mimeType.parameters.set("charset", charset);
      }
    }
    return mimeType;
  };

  I.parseMimeType = parseMimeType;
  I.serializeMimeType = serializeMimeType;

  // ---- multipart/form-data ---------------------------------------------------------------------------

  const escapeMultipartName = (s) =>
    s.replace(/\r\n|\r|\n/g, "\r\n").replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
  const normalizeNewlines = (s) => s.replace(/\r\n|\r|\n/g, "\r\n");

  const randomHex = (n) => {
    let out = "";
    for (let i = 0; i < n; i++) out += Math.floor(Math.random() * 16).toString(16);
    return out;
  };

  /** The multipart/form-data encoding algorithm (HTML §4.10.21.8) over FormData entries. */
  const encodeMultipart = (entries) => {
    const boundary = "----SlipwayFormBoundary" + randomHex(24);
    const chunks = [];
    for (const [name, value] of entries) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeMultipartName(name)}"`;
      if (typeof value === "string") {
        chunks.push(I.utf8Encode(head + "\r\n\r\n" + normalizeNewlines(value) + "\r\n"));
      } else {
        head += `; filename="${escapeMultipartName(value.name)}"\r\n`;
        head += `Content-Type: ${value.type === "" ? "application/octet-stream" : value.type}\r\n\r\n`;
        chunks.push(I.utf8Encode(head), I.blobBytes(value), I.utf8Encode("\r\n"));
      }
    }
    chunks.push(I.utf8Encode(`--${boundary}--\r\n`));
    return { bytes: I.concatBytes(chunks), type: `multipart/form-data; boundary=${boundary}` };
  };

  const indexOfBytes = (haystack, needle, from) => {
    outer: for (let i = from; i <= haystack.length - needle.length; i++) {
      for (let j = 0; j < needle.length; j++) {
        if (haystack[i + j] !== needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  };

  /** Parses Content-Disposition parameters (name="x"; filename="y") of a multipart part. */
  const parseDisposition = (value) => {
    const m = /^\s*form-data\s*(;|$)/i.exec(value);
    if (m === null) return null;
    const params = new Map();
    const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
    let p;
    while ((p = re.exec(value)) !== null) {
      const key = p[1].toLowerCase();
      const v = p[2] !== undefined ? p[2].replace(/\\(.)/g, "$1") : p[3].trim();
      if (!params.has(key)) params.set(key, v);
    }
    return params;
  };

  /** Parses a multipart/form-data body into FormData entries; throws TypeError when malformed. */
  const parseMultipart = (bytes, boundary) => {
    const fail = (why) => {
      throw new TypeError(`Could not parse the multipart/form-data body: ${why}`);
    };
    const delimiter = I.utf8Encode("--" + boundary);
    const entries = [];
    let pos = indexOfBytes(bytes, delimiter, 0);
    if (pos < 0) fail(`the boundary '${boundary}' does not occur`);
    pos += delimiter.length;
    const CRLF_DELIMITER = I.concatBytes([I.utf8Encode("\r\n"), delimiter]);
    const HEADER_END = I.utf8Encode("\r\n\r\n");
    for (;;) {
      if (bytes[pos] === 0x2d && bytes[pos + 1] === 0x2d) break; // "--": the closing delimiter
      while (bytes[pos] === 0x20 || bytes[pos] === 0x09) pos++; // transport padding
      if (bytes[pos] !== 0x0d || bytes[pos + 1] !== 0x0a) fail("a boundary is not followed by CRLF");
      pos += 2;
      let headerEnd;
      let headerText;
      if (bytes[pos] === 0x0d && bytes[pos + 1] === 0x0a) {
        headerEnd = pos;
        headerText = "";
      } else {
        headerEnd = indexOfBytes(bytes, HEADER_END, pos);
        if (headerEnd < 0) fail("a part's headers do not end");
        headerText = I.utf8DecodeNoBOM(bytes.subarray(pos, headerEnd));
        headerEnd += 2;
      }
      const bodyStart = headerEnd + 2;
      const bodyEnd = indexOfBytes(bytes, CRLF_DELIMITER, bodyStart);
      if (bodyEnd < 0) fail("a part is not closed by a boundary");
      let disposition = null;
      let contentType = null;
      for (const line of headerText.split("\r\n")) {
        if (line === "") continue;
        const colon = line.indexOf(":");
        if (colon <= 0) fail(`the part header line '${line}' has no name`);
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === "content-disposition") disposition = parseDisposition(value);
        else if (name === "content-type") contentType = value;
      }
      if (disposition === null || !disposition.has("name")) fail("a part has no Content-Disposition: form-data with a name");
      const name = disposition.get("name");
      const content = bytes.slice(bodyStart, bodyEnd);
      if (disposition.has("filename")) {
        entries.push([name, I.createFile(content, disposition.get("filename"), contentType ?? "text/plain", undefined)]);
      } else {
        entries.push([name, I.utf8DecodeNoBOM(content)]);
      }
      pos = bodyEnd + CRLF_DELIMITER.length;
    }
    return entries;
  };

  // ---- bodies ---------------------------------------------------------------------------------------

  /** "Extract a body with type": {source: Uint8Array | Promise<Uint8Array> | stream, type}. */
  const extractBody = (object, where) => {
    if (I.isBlob(object)) {
      return { source: I.blobBytes(object), type: object.type === "" ? null : object.type };
    }
    const copy = I.bufferSourceCopy(object);
    if (copy !== null) {
      return { source: copy, type: null };
    }
    if (I.isFormData(object)) {
      const { bytes, type } = encodeMultipart(I.formDataEntries(object));
      return { source: bytes, type };
    }
    if (I.isURLSearchParams(object)) {
      return {
        source: I.utf8Encode(I.serializeUrlencoded(I.searchParamsList(object))),
        type: "application/x-www-form-urlencoded;charset=UTF-8",
      };
    }
    if (I.isReadableStreamLike(object)) {
      if (object.locked) {
        throw new TypeError(`${where}: the body stream is locked`);
      }
      if (I.isByteStream(object)) {
        // Our own one-chunk stream: read it by its source, and mark it read.
        const source = I.byteStreamSource(object);
        I.byteStreamCancel(object);
        return { source: Promise.resolve().then(source), type: null, stream: true };
      }
      return { source: I.readAllBytes(object), type: null, stream: true };
    }
    if (typeof globalThis.Blob === "function" && object instanceof globalThis.Blob) {
      // a Blob from another implementation: its bytes arrive asynchronously
      return {
        source: object.arrayBuffer().then((b) => new Uint8Array(b)),
        type: object.type === "" ? null : I.toByteString(object.type, where),
      };
    }
    return { source: I.utf8Encode(I.toUSVString(object)), type: "text/plain;charset=UTF-8" };
  };

  /** A body holder; Request and Response each keep one in a private field. */
  class Body {
    constructor(source) {
      this.source = source; // null (no body), Uint8Array, or Promise<Uint8Array>
      this.disturbed = false;
      this.stream = null;
      if (source instanceof Promise) {
        source.catch(() => {}); // a failed stream read is reported when the body is consumed
      }
    }

    get unusable() {
      return this.source !== null && (this.disturbed || (this.stream !== null && this.stream.locked));
    }

    streamObject() {
      if (this.source === null) return null;
      if (this.stream === null) {
        const source = this.source;
        this.stream = I.createByteStream(
          () => source,
          () => {
            this.disturbed = true;
          },
        );
      }
      return this.stream;
    }

    /** "Consume body": rejects when unusable, else disturbs and resolves with the bytes. */
    consume(where) {
      if (this.unusable) {
        return Promise.reject(new TypeError(`${where}: the body has already been read (or its stream is locked)`));
      }
      if (this.source === null) {
        return Promise.resolve(new Uint8Array(0));
      }
      this.disturbed = true;
      if (this.stream !== null && I.isByteStream(this.stream)) {
        I.byteStreamCancel(this.stream);
      }
      return Promise.resolve(this.source);
    }

    /** A second body with the same content ("clone a body"). */
    clone() {
      return new Body(this.source);
    }
  }

  /** Body mixin methods, shared by Request and Response; getState(obj) returns {body, headers}. */
  const defineBodyMethods = (Cls, name, getState) => {
    const consume = (obj, method) => {
      let state;
      try {
        state = getState(obj);
      } catch (e) {
        return { error: Promise.reject(e) };
      }
      return { state, bytes: state.body.consume(`${name}.${method}`) };
    };
    const methods = {
      arrayBuffer() {
        const c = consume(this, "arrayBuffer");
        return c.error ?? c.bytes.then((b) => b.slice().buffer);
      },
      blob() {
        const c = consume(this, "blob");
        return (
          c.error ??
          c.bytes.then((b) => {
            const mime = extractMimeType(c.state.headers);
            return I.createBlob(b.slice(), mime === null ? "" : serializeMimeType(mime));
          })
        );
      },
      bytes() {
        const c = consume(this, "bytes");
        return c.error ?? c.bytes.then((b) => b.slice());
      },
      formData() {
        const c = consume(this, "formData");
        return (
          c.error ??
          c.bytes.then((b) => {
            const mime = extractMimeType(c.state.headers);
            if (mime !== null && mime.essence === "multipart/form-data") {
              const boundary = mime.parameters.get("boundary");
              if (boundary === undefined) {
                throw new TypeError(`${name}.formData: the multipart/form-data Content-Type has no boundary`);
              }
              return I.createFormData(parseMultipart(b, boundary));
            }
            if (mime !== null && mime.essence === "application/x-www-form-urlencoded") {
              return I.createFormData(I.parseUrlencodedBytes(b));
            }
            throw new TypeError(
              `${name}.formData: the Content-Type must be multipart/form-data or application/x-www-form-urlencoded, ` +
                `got ${mime === null ? "none" : `'${mime.essence}'`}`,
            );
          })
        );
      },
      json() {
        const c = consume(this, "json");
        return c.error ?? c.bytes.then((b) => JSON.parse(I.utf8Decode(b)));
      },
      text() {
        const c = consume(this, "text");
        return c.error ?? c.bytes.then((b) => I.utf8Decode(b));
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
    Object.defineProperty(Cls.prototype, "body", {
      get: function body() {
        return getState(this).body.streamObject();
      },
      enumerable: true,
      configurable: true,
    });
    Object.defineProperty(Cls.prototype, "bodyUsed", {
      get: function bodyUsed() {
        const b = getState(this).body;
        return b.source !== null && b.disturbed;
      },
      enumerable: true,
      configurable: true,
    });
  };

  // ---- Request ----------------------------------------------------------------------------------------

  const METHOD_NORMALIZED = new Map(
    ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].map((m) => [m.toLowerCase(), m]),
  );
  const FORBIDDEN_METHODS = ["connect", "trace", "track"];

  const ENUMS = {
    referrerPolicy: [
      "",
      "no-referrer",
      "no-referrer-when-downgrade",
      "same-origin",
      "origin",
      "strict-origin",
      "origin-when-cross-origin",
      "strict-origin-when-cross-origin",
      "unsafe-url",
    ],
    mode: ["navigate", "same-origin", "no-cors", "cors"],
    credentials: ["omit", "same-origin", "include"],
    cache: ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"],
    redirect: ["follow", "error", "manual"],
    duplex: ["half"],
    priority: ["high", "low", "auto"],
  };

  /** Reads a RequestInit dictionary in the standard's (lexicographic) member order. */
  const readRequestInit = (init) => {
    const o = I.toDictionary(init, "Request constructor");
    const where = (m) => `Request constructor: init.${m}`;
    const r = {};
    const has = (m) => o[m] !== undefined;
    if (o.body !== undefined) r.body = o.body;
    if (has("cache")) r.cache = I.toEnum(o.cache, ENUMS.cache, where("cache"));
    if (has("credentials")) r.credentials = I.toEnum(o.credentials, ENUMS.credentials, where("credentials"));
    if (has("duplex")) r.duplex = I.toEnum(o.duplex, ENUMS.duplex, where("duplex"));
    if (has("headers")) {
      if (!I.isObject(o.headers)) {
        throw new TypeError(`${where("headers")} must be a Headers object, a record or a sequence of pairs`);
      }
      r.headers = o.headers;
    }
    if (has("integrity")) r.integrity = I.toDOMString(o.integrity);
    if (has("keepalive")) r.keepalive = Boolean(o.keepalive);
    if (has("method")) r.method = I.toByteString(o.method, where("method"));
    if (has("mode")) r.mode = I.toEnum(o.mode, ENUMS.mode, where("mode"));
    if (has("priority")) r.priority = I.toEnum(o.priority, ENUMS.priority, where("priority"));
    if (has("redirect")) r.redirect = I.toEnum(o.redirect, ENUMS.redirect, where("redirect"));
    if (has("referrer")) r.referrer = I.toUSVString(o.referrer);
    if (has("referrerPolicy")) r.referrerPolicy = I.toEnum(o.referrerPolicy, ENUMS.referrerPolicy, where("referrerPolicy"));
    if (o.signal !== undefined) {
      if (o.signal !== null && !I.isAbortSignal(o.signal)) {
        throw new TypeError(`${where("signal")} must be an AbortSignal or null`);
      }
      r.signal = o.signal;
    }
    if (o.window !== undefined) r.window = o.window;
    return r;
  };

  const REQUEST_FROM_PARTS = Symbol("Request from parts");

  class Request {
    #method = "GET";
    #url; // URL record
    #headers;
    #signal;
    #body;
    #referrer = "about:client";
    #referrerPolicy = "";
    #mode = "cors";
    #credentials = "same-origin";
    #cache = "default";
    #redirect = "follow";
    #integrity = "";
    #keepalive = false;

    constructor(input, init = undefined) {
      if (input === REQUEST_FROM_PARTS) {
        return;
      }
      I.requireArgs(arguments.length, 1, "Request constructor");
      // WebIDL converts both arguments before the constructor steps run.
      const inputRequest = I.isObject(input) && #method in input ? input : null;
      const inputString = inputRequest === null ? I.toUSVString(input) : null;
      const o = readRequestInit(init);
      let urlRecord;
      let signal = null;
      if (inputRequest !== null) {
        urlRecord = inputRequest.#url;
        signal = inputRequest.#signal;
      } else {
        const s = inputString;
        urlRecord = I.parseURL(s);
        if (urlRecord === null) {
          throw new TypeError(`Request constructor: '${s}' is not a valid absolute URL`);
        }
        if (I.urlIncludesCredentials(urlRecord)) {
          throw new TypeError(`Request constructor: the URL '${s}' includes credentials, which a Request may not carry`);
        }
      }
      const initIsEmpty = Object.keys(o).length === 0;
      if (o.window !== undefined && o.window !== null) {
        throw new TypeError("Request constructor: init.window can only be null");
      }
      this.#url = urlRecord;
      if (inputRequest !== null) {
        this.#method = inputRequest.#method;
        this.#referrer = inputRequest.#referrer;
        this.#referrerPolicy = inputRequest.#referrerPolicy;
        this.#mode = inputRequest.#mode;
        this.#credentials = inputRequest.#credentials;
        this.#cache = inputRequest.#cache;
        this.#redirect = inputRequest.#redirect;
        this.#integrity = inputRequest.#integrity;
        this.#keepalive = inputRequest.#keepalive;
      }
      if (!initIsEmpty) {
        if (this.#mode === "navigate") this.#mode = "same-origin";
        this.#referrer = "about:client";
        this.#referrerPolicy = "";
      }
      if (o.referrer !== undefined) {
        if (o.referrer === "") {
          this.#referrer = "";
        } else {
          const parsed = I.parseURL(o.referrer);
          if (parsed === null) {
            throw new TypeError(`Request constructor: init.referrer '${o.referrer}' is not a valid URL`);
          }
          const serialized = I.serializeURL(parsed);
          this.#referrer = serialized === "about:client" ? "about:client" : serialized;
        }
      }
      if (o.referrerPolicy !== undefined) this.#referrerPolicy = o.referrerPolicy;
      const mode = o.mode ?? (inputRequest === null ? "cors" : null);
      if (mode === "navigate") {
        throw new TypeError("Request constructor: init.mode 'navigate' is not allowed");
      }
      if (mode !== null) this.#mode = mode;
      if (o.credentials !== undefined) this.#credentials = o.credentials;
      if (o.cache !== undefined) this.#cache = o.cache;
      if (this.#cache === "only-if-cached" && this.#mode !== "same-origin") {
        throw new TypeError("Request constructor: cache 'only-if-cached' needs mode 'same-origin'");
      }
      if (o.redirect !== undefined) this.#redirect = o.redirect;
      if (o.integrity !== undefined) this.#integrity = o.integrity;
      if (o.keepalive !== undefined) this.#keepalive = o.keepalive;
      if (o.method !== undefined) {
        const m = o.method;
        if (!I.isToken(m)) {
          throw new TypeError(`Request constructor: '${m}' is not a valid HTTP method`);
        }
        if (FORBIDDEN_METHODS.includes(m.toLowerCase())) {
          throw new TypeError(`Request constructor: the HTTP method '${m}' is forbidden`);
        }
        this.#method = METHOD_NORMALIZED.get(m.toLowerCase()) ?? m;
      }
      if (o.signal !== undefined) signal = o.signal;
      this.#signal = I.anySignal(signal === null ? [] : [signal]);

      const headersSource = o.headers ?? (inputRequest === null ? undefined : inputRequest.#headers);
      if (this.#mode === "no-cors" && !["GET", "HEAD", "POST"].includes(this.#method)) {
        throw new TypeError(`Request constructor: mode 'no-cors' allows only GET, HEAD and POST, not '${this.#method}'`);
      }
      this.#headers = I.createHeaders("request", headersSource, "Request constructor: init.headers");

      const inputBody = inputRequest === null ? null : inputRequest.#body;
      const hasInitBody = o.body !== undefined && o.body !== null;
      if ((hasInitBody || (inputBody !== null && inputBody.source !== null)) && (this.#method === "GET" || this.#method === "HEAD")) {
        throw new TypeError(`Request constructor: a ${this.#method} request cannot have a body`);
      }
      let body = null;
      if (hasInitBody) {
        const extracted = extractBody(o.body, "Request constructor");
        if (extracted.type !== null && I.headersGet(this.#headers, "content-type") === null) {
          I.headersAppendUnchecked(this.#headers, "Content-Type", extracted.type);
        }
        if (extracted.stream && o.duplex === undefined) {
          throw new TypeError("Request constructor: init.duplex must be 'half' when the body is a stream");
        }
        body = new Body(extracted.source);
      } else if (inputBody !== null && inputBody.source !== null) {
        if (inputBody.unusable) {
          throw new TypeError("Request constructor: the input request's body has already been read");
        }
        body = new Body(inputBody.source);
        inputBody.disturbed = true; // the new request takes the body over
      }
      this.#body = body ?? new Body(null);
    }

    get method() {
      return this.#method;
    }

    get url() {
      return I.serializeURL(this.#url);
    }

    get headers() {
      return this.#headers;
    }

    get destination() {
      this.#method; // brand check
      return "";
    }

    get referrer() {
      return this.#referrer;
    }

    get referrerPolicy() {
      return this.#referrerPolicy;
    }

    get mode() {
      return this.#mode;
    }

    get credentials() {
      return this.#credentials;
    }

    get cache() {
      return this.#cache;
    }

    get redirect() {
      return this.#redirect;
    }

    get integrity() {
      return this.#integrity;
    }

    get keepalive() {
      return this.#keepalive;
    }

    get isReloadNavigation() {
      this.#method; // brand check
      return false;
    }

    get isHistoryNavigation() {
      this.#method; // brand check
      return false;
    }

    get signal() {
      return this.#signal;
    }

    get duplex() {
      this.#method; // brand check
      return "half";
    }

    clone() {
      if (this.#body.unusable) {
        throw new TypeError("Request.clone: the body has already been read");
      }
      const r = new Request(REQUEST_FROM_PARTS);
      r.#method = this.#method;
      r.#url = this.#url;
      r.#headers = I.createHeaders(I.headersGuard(this.#headers), this.#headers);
      r.#signal = I.anySignal([this.#signal]);
      r.#body = this.#body.clone();
      r.#referrer = this.#referrer;
      r.#referrerPolicy = this.#referrerPolicy;
      r.#mode = this.#mode;
      r.#credentials = this.#credentials;
      r.#cache = this.#cache;
      r.#redirect = this.#redirect;
      r.#integrity = this.#integrity;
      r.#keepalive = this.#keepalive;
      return r;
    }

    static {
      I.isRequest = (v) => I.isObject(v) && #method in v;
      I.requestState = (r) => ({ body: r.#body, headers: r.#headers });
    }
  }
  I.shapeClass(Request, "Request");
  defineBodyMethods(Request, "Request", I.requestState);

  // ---- Response ------------------------------------------------------------------------------------

  const NULL_BODY_STATUS = [101, 103, 204, 205, 304];
  const REDIRECT_STATUS = [301, 302, 303, 307, 308];
  const RESPONSE_FROM_PARTS = Symbol("Response from parts");

  /** WebIDL unsigned short: ToNumber, non-finite to 0, truncated, modulo 2^16. */
  const toUnsignedShort = (v) => {
    const x = Number(v);
    if (!Number.isFinite(x)) return 0;
    const t = Math.trunc(x) % 65536;
    return t < 0 ? t + 65536 : t;
  };

  const readResponseInit = (init, where) => {
    const o = I.toDictionary(init, where);
    const headers = o.headers;
    if (headers !== undefined && !I.isObject(headers)) {
      throw new TypeError(`${where}: init.headers must be a Headers object, a record or a sequence of pairs`);
    }
    const status = o.status === undefined ? 200 : toUnsignedShort(o.status);
    const statusText = o.statusText === undefined ? "" : I.toByteString(o.statusText, `${where}: init.statusText`);
    return { headers, status, statusText };
  };

  class Response {
    #type = "default";
    #urlList = [];
    #status = 200;
    #statusText = "";
    #headers;
    #body;

    constructor(body = null, init = undefined) {
      if (body === RESPONSE_FROM_PARTS) {
        return;
      }
      const extracted = body === null || body === undefined ? null : extractBody(body, "Response constructor");
      const o = readResponseInit(init, "Response constructor");
      this.#initialize(o, extracted, "Response constructor");
    }

    /** "Initialize a response". */
    #initialize(o, extracted, where) {
      if (o.status < 200 || o.status > 599) {
        throw new RangeError(`${where}: init.status must be in the range 200 to 599, got ${o.status}`);
      }
      if (o.statusText !== "" && !/^[\t\x20-\x7e\x80-\xff]*$/.test(o.statusText)) {
        throw new TypeError(`${where}: init.statusText ${JSON.stringify(o.statusText)} is not a valid reason phrase`);
      }
      this.#status = o.status;
      this.#statusText = o.statusText;
      this.#headers = I.createHeaders("response", o.headers, `${where}: init.headers`);
      if (extracted !== null) {
        if (NULL_BODY_STATUS.includes(o.status)) {
          throw new TypeError(`${where}: a response with status ${o.status} cannot have a body`);
        }
        if (extracted.type !== null && I.headersGet(this.#headers, "content-type") === null) {
          I.headersAppendUnchecked(this.#headers, "Content-Type", extracted.type);
        }
        this.#body = new Body(extracted.source);
      } else {
        this.#body = new Body(null);
      }
    }

    static error() {
      const r = new Response(RESPONSE_FROM_PARTS);
      r.#type = "error";
      r.#status = 0;
      r.#headers = I.createHeaders("immutable");
      r.#body = new Body(null);
      return r;
    }

    static redirect(url, status = 302) {
      I.requireArgs(arguments.length, 1, "Response.redirect");
      const s = I.toUSVString(url);
      const parsed = I.parseURL(s);
      if (parsed === null) {
        throw new TypeError(`Response.redirect: '${s}' is not a valid absolute URL`);
      }
      const code = toUnsignedShort(status);
      if (!REDIRECT_STATUS.includes(code)) {
        throw new RangeError(`Response.redirect: ${code} is not a redirect status (301, 302, 303, 307 or 308)`);
      }
      const r = new Response(RESPONSE_FROM_PARTS);
      r.#status = code;
      r.#headers = I.createHeaders("response");
      I.headersAppendUnchecked(r.#headers, "Location", I.serializeURL(parsed));
      r.#headers = I.createHeaders("immutable", r.#headers);
      r.#body = new Body(null);
      return r;
    }

    static json(data, init = undefined) {
      I.requireArgs(arguments.length, 1, "Response.json");
      const text = JSON.stringify(data);
      if (text === undefined) {
        throw new TypeError("Response.json: the value is not JSON serializable");
      }
      const o = readResponseInit(init, "Response.json");
      const r = new Response(RESPONSE_FROM_PARTS);
      r.#initialize(o, { source: I.utf8Encode(text), type: "application/json" }, "Response.json");
      return r;
    }

    get type() {
      return this.#type;
    }

    get url() {
      const last = this.#urlList[this.#urlList.length - 1];
      return last === undefined ? "" : I.serializeURL(last, true);
    }

    get redirected() {
      return this.#urlList.length > 1;
    }

    get status() {
      return this.#status;
    }

    get ok() {
      return this.#status >= 200 && this.#status <= 299;
    }

    get statusText() {
      return this.#statusText;
    }

    get headers() {
      return this.#headers;
    }

    clone() {
      if (this.#body.unusable) {
        throw new TypeError("Response.clone: the body has already been read");
      }
      const r = new Response(RESPONSE_FROM_PARTS);
      r.#type = this.#type;
      r.#urlList = this.#urlList.slice();
      r.#status = this.#status;
      r.#statusText = this.#statusText;
      r.#headers = I.createHeaders(I.headersGuard(this.#headers), this.#headers);
      r.#body = this.#body.clone();
      return r;
    }

    static {
      I.isResponse = (v) => I.isObject(v) && #urlList in v;
      I.responseState = (r) => ({ body: r.#body, headers: r.#headers });
      /** For the runtime's fetch: sets the URL list (redirect chain) of a response. */
      I.setResponseURLList = (r, urls) => {
        r.#urlList = urls.map((u) => {
          const parsed = I.parseURL(u);
          if (parsed === null) throw new TypeError(`setResponseURLList: '${u}' is not a valid URL`);
          return parsed;
        });
      };
    }
  }
  I.shapeClass(Response, "Response");
  defineBodyMethods(Response, "Response", I.responseState);

  /**
   * For the runtime: the body bytes of a Request or Response without consuming it, as a Uint8Array
   * (shared, do not modify), a promise of one, or null for a null body.
   */
  I.peekBody = (r) => {
    const state = I.isRequest(r) ? I.requestState(r) : I.responseState(r);
    return state.body.source;
  };

  if (I.isAbsent("Request")) {
    I.registerPlatformClass("Request", I.isRequest, false);
    I.defineGlobal("Request", Request);
  }
  if (I.isAbsent("Response")) {
    I.registerPlatformClass("Response", I.isResponse, false);
    I.defineGlobal("Response", Response);
  }
})();
