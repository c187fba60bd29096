// Slipway web prelude, file 45: Blob and File (File API), and the minimal byte stream that
// Blob.stream() and Request/Response.body return.
//
// Blob contents are one immutable Uint8Array; slices copy. The minimal stream is NOT a full
// ReadableStream (there is no web streams implementation in this prelude): it supports getReader()
// with read()/releaseLock()/cancel()/closed, cancel(), locked, tee() and async iteration, and hands
// out the whole content as one chunk. When a global ReadableStream exists (provided by the runtime),
// a real one is created instead.
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("45-blob.js: 00-internals.js must be evaluated first");
  }

  // ---- minimal byte stream -----------------------------------------------------------------------

  /**
   * A one-chunk readable stream over source(), which returns a Uint8Array or a promise of one.
   * onDisturb() runs when the stream is first read from or cancelled.
   */
  class ByteStream {
    #source;
    #onDisturb;
    #reader = null;
    #done = false;

    constructor(token, source, onDisturb) {
      if (token !== BYTE_STREAM) {
        throw new TypeError("Illegal constructor: this runtime has no ReadableStream constructor");
      }
      this.#source = source;
      this.#onDisturb = onDisturb;
    }

    get locked() {
      return this.#reader !== null;
    }

    getReader(options = undefined) {
      if (I.isObject(options) && options.mode !== undefined) {
        throw new TypeError("ReadableStream.getReader: only the default reader is supported (no 'byob' mode)");
      }
      if (this.#reader !== null) {
        throw new TypeError("ReadableStream.getReader: the stream is locked to another reader");
      }
      const reader = new ByteStreamReader(BYTE_STREAM, this);
      this.#reader = reader;
      return reader;
    }

    cancel(reason = undefined) {
      if (this.#reader !== null) {
        return Promise.reject(new TypeError("ReadableStream.cancel: the stream is locked to a reader"));
      }
      this.#disturb();
      this.#done = true;
      return Promise.resolve(undefined);
    }

    tee() {
      if (this.#reader !== null) {
        throw new TypeError("ReadableStream.tee: the stream is locked to a reader");
      }
      this.#reader = new ByteStreamReader(BYTE_STREAM, this);
      const done = this.#done;
      const source = this.#source;
      const branch = () => {
        const s = new ByteStream(BYTE_STREAM, source, () => this.#disturb());
        s.#done = done;
        return s;
      };
      return [branch(), branch()];
    }

    values(options = undefined) {
      const reader = this.getReader();
      const preventCancel = I.isObject(options) && Boolean(options.preventCancel);
      return {
        next: () => reader.read().then((r) => {
          if (r.done) {
            reader.releaseLock();
          }
          return r;
        }),
        return: (value) => {
          const finish = preventCancel ? Promise.resolve() : reader.cancel();
          return finish.then(() => {
            reader.releaseLock();
            return { value, done: true };
          });
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    }

    [Symbol.asyncIterator](options = undefined) {
      return this.values(options);
    }

    #disturb() {
      const f = this.#onDisturb;
      this.#onDisturb = null;
      if (f !== null) {
        f();
      }
    }

    static {
      I.byteStreamRead = async (stream) => {
        stream.#disturb();
        if (stream.#done) {
          return { value: undefined, done: true };
        }
        stream.#done = true;
        const bytes = await stream.#source();
        return bytes.length === 0 ? { value: undefined, done: true } : { value: bytes.slice(), done: false };
      };
      I.byteStreamCancel = (stream) => {
        stream.#disturb();
        stream.#done = true;
      };
      I.byteStreamRelease = (stream, reader) => {
        if (stream.#reader === reader) {
          stream.#reader = null;
        }
      };
      I.isByteStream = (v) => I.isObject(v) && #source in v;
      I.byteStreamSource = (v) => v.#source;
    }
  }
  const BYTE_STREAM = Symbol("ByteStream");
  Object.defineProperty(ByteStream.prototype, Symbol.toStringTag, { value: "ReadableStream", configurable: true });

  class ByteStreamReader {
    #stream;
    #closed;
    #resolveClosed;

    constructor(token, stream) {
      if (token !== BYTE_STREAM) {
        throw new TypeError("Illegal constructor");
      }
      this.#stream = stream;
      this.#closed = new Promise((resolve) => {
        this.#resolveClosed = resolve;
      });
    }

    get closed() {
      return this.#closed;
    }

    read() {
      if (this.#stream === null) {
        return Promise.reject(new TypeError("ReadableStreamDefaultReader.read: the reader has been released"));
      }
      return I.byteStreamRead(this.#stream).then((r) => {
        if (r.done) {
          this.#resolveClosed(undefined);
        }
        return r;
      });
    }

    cancel(reason = undefined) {
      if (this.#stream === null) {
        return Promise.reject(new TypeError("ReadableStreamDefaultReader.cancel: the reader has been released"));
      }
      I.byteStreamCancel(this.#stream);
      this.#resolveClosed(undefined);
      return Promise.resolve(undefined);
    }

    releaseLock() {
      if (this.#stream !== null) {
        I.byteStreamRelease(this.#stream, this);
        this.#stream = null;
      }
    }
  }
  Object.defineProperty(ByteStreamReader.prototype, Symbol.toStringTag, {
    value: "ReadableStreamDefaultReader",
    configurable: true,
  });

  /**
   * A readable stream over source() (bytes or a promise of bytes): a real ReadableStream when the
   * runtime provides one, else the minimal one above. onDisturb runs on the first read or cancel.
   */
  I.createByteStream = (source, onDisturb = () => {}) => {
    const RS = globalThis.ReadableStream;
    if (typeof RS === "function") {
      let disturbed = false;
      const disturb = () => {
        if (!disturbed) {
          disturbed = true;
          onDisturb();
        }
      };
      return new RS(
        {
          async pull(controller) {
            disturb();
            const bytes = await source();
            if (bytes.length > 0) {
              controller.enqueue(bytes.slice());
            }
            controller.close();
          },
          cancel() {
            disturb();
          },
        },
        { highWaterMark: 0 },
      );
    }
    return new ByteStream(BYTE_STREAM, source, onDisturb);
  };

  /** Reads a whole stream (ours or a real ReadableStream) into one Uint8Array. */
  I.readAllBytes = async (stream) => {
    const reader = stream.getReader();
    const chunks = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      const bytes = I.bufferSourceCopy(value);
      if (bytes === null) {
        throw new TypeError("A body stream produced a chunk that is not a Uint8Array");
      }
      chunks.push(bytes);
    }
    return I.concatBytes(chunks);
  };

  /** Is this a stream we can read a body from (ours, or anything with getReader())? */
  I.isReadableStreamLike = (v) => I.isByteStream(v) || (I.isObject(v) && typeof v.getReader === "function" && "locked" in v);

  // ---- Blob ----------------------------------------------------------------------------------------

  /** The Blob type rule: "" if any code unit is outside U+0020..U+007E, else lowercased. */
  const normalizeType = (t) => (/[^\x20-\x7e]/.test(t) ? "" : t.toLowerCase());

  /** WebIDL [Clamp] long long. */
  const clampLongLong = (v) => {
    let x = Number(v);
    if (Number.isNaN(x)) {
      return 0;
    }
    x = Math.min(Math.max(x, -Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
    const f = Math.floor(x);
    const diff = x - f;
    if (diff > 0.5 || (diff === 0.5 && f % 2 !== 0)) {
      return f + 1;
    }
    return f;
  };

  let BlobCls;
  const PRECONVERTED = Symbol("preconverted blob parts");

  /** The sequence<BlobPart> conversion: each part becomes bytes (copied) or a USVString. */
  const convertParts = (blobParts, where) => {
    if (blobParts === undefined) {
      return [];
    }
    if (!I.isObject(blobParts) || typeof blobParts[Symbol.iterator] !== "function") {
      throw new TypeError(`${where}: the parts must be a sequence (an array or other iterable)`);
    }
    const parts = [];
    for (const part of blobParts) {
      const copy = I.bufferSourceCopy(part);
      if (copy !== null) {
        parts.push(copy);
      } else if (I.isBlob(part)) {
        parts.push(I.blobBytes(part));
      } else {
        parts.push(I.toUSVString(part));
      }
    }
    return parts;
  };

  /** Concatenates converted parts, applying the endings option to the string parts. */
  const joinParts = (parts, endings) => {
    const chunks = parts.map((part) => {
      if (typeof part !== "string") {
        return part;
      }
      return I.utf8Encode(endings === "native" ? part.replace(/\r\n|\r/g, "\n") : part);
    });
    return chunks.length === 1 ? chunks[0] : I.concatBytes(chunks);
  };

  const readEndings = (o, where) =>
    o.endings === undefined
      ? "transparent"
      : I.toEnum(o.endings, ["transparent", "native"], `${where}: options.endings`);

  class Blob {
    #bytes;
    #type;

    constructor(blobParts = undefined, options = undefined) {
      if (blobParts === PRECONVERTED) {
        this.#bytes = options.bytes;
        this.#type = options.type;
        return;
      }
      const parts = convertParts(blobParts, "Blob constructor");
      const o = I.toDictionary(options, "Blob constructor");
      const endings = readEndings(o, "Blob constructor");
      const type = o.type === undefined ? "" : I.toDOMString(o.type);
      this.#bytes = joinParts(parts, endings);
      this.#type = normalizeType(type);
    }

    get size() {
      return this.#bytes.length;
    }

    get type() {
      return this.#type;
    }

    slice(start = undefined, end = undefined, contentType = undefined) {
      const size = this.#bytes.length;
      const s = start === undefined ? 0 : clampLongLong(start);
      const e = end === undefined ? size : clampLongLong(end);
      const relativeStart = s < 0 ? Math.max(size + s, 0) : Math.min(s, size);
      const relativeEnd = e < 0 ? Math.max(size + e, 0) : Math.min(e, size);
      const type = contentType === undefined ? "" : normalizeType(I.toDOMString(contentType));
      const blob = new Blob();
      blob.#bytes = this.#bytes.slice(relativeStart, Math.max(relativeEnd, relativeStart));
      blob.#type = type;
      return blob;
    }

    stream() {
      const bytes = this.#bytes;
      return I.createByteStream(() => bytes);
    }

    async text() {
      return I.utf8Decode(this.#bytes);
    }

    async arrayBuffer() {
      return this.#bytes.slice().buffer;
    }

    async bytes() {
      return this.#bytes.slice();
    }

    static {
      I.isBlob = (v) => I.isObject(v) && #bytes in v;
      /** The blob's bytes, shared (callers must not modify them). */
      I.blobBytes = (b) => b.#bytes;
      /** A Blob over bytes (taken, not copied) with an already normalized type. */
      I.createBlob = (bytes, type) => {
        const b = new BlobCls();
        b.#bytes = bytes;
        b.#type = normalizeType(type);
        return b;
      };
      /** Replaces the bytes of a Blob or File just created by this prelude (taken, not copied). */
      I.setBlobBytes = (b, bytes) => {
        b.#bytes = bytes;
      };
    }
  }
  BlobCls = Blob;
  I.shapeClass(Blob, "Blob");

  class File extends Blob {
    #name;
    #lastModified;

    constructor(fileBits, fileName, options = undefined) {
      I.requireArgs(arguments.length, 2, "File constructor");
      const parts = convertParts(fileBits, "File constructor");
      const name = I.toUSVString(fileName);
      const o = I.toDictionary(options, "File constructor");
      const endings = readEndings(o, "File constructor");
      const lastModified = o.lastModified === undefined ? Date.now() : toLongLong(o.lastModified);
      const type = o.type === undefined ? "" : I.toDOMString(o.type);
      super(PRECONVERTED, { bytes: joinParts(parts, endings), type: normalizeType(type) });
      this.#name = name;
      this.#lastModified = lastModified;
    }

    get name() {
      return this.#name;
    }

    get lastModified() {
      return this.#lastModified;
    }

    get webkitRelativePath() {
      this.#name; // brand check
      return "";
    }

    static {
      I.isFile = (v) => I.isObject(v) && #name in v;
      /** A File over bytes (taken, not copied). */
      I.createFile = (bytes, name, type, lastModified) => {
        const f = new File([], name, { type, lastModified });
        I.setBlobBytes(f, bytes);
        return f;
      };
    }
  }
  I.shapeClass(File, "File");

  /** WebIDL long long (no clamp): ToNumber, NaN/Infinity become 0, truncated, wrapped to 64 bits. */
  const toLongLong = (v) => {
    const x = Number(v);
    if (!Number.isFinite(x)) {
      return 0;
    }
    return Number(BigInt.asIntN(64, BigInt(Math.trunc(x))));
  };

  if (I.isAbsent("Blob")) {
    I.registerPlatformClass("Blob", I.isBlob, true);
    I.defineGlobal("Blob", Blob);
  }
  if (I.isAbsent("File")) {
    I.registerPlatformClass("File", I.isFile, true);
    I.defineGlobal("File", File);
  }
})();
