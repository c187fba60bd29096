// Slipway web prelude, file 15: TextEncoder / TextDecoder (UTF-8 only; a fallback for when the
// engine's own, e.g. GraalJS's js.text-encoding, is not enabled) and atob / btoa (HTML's forgiving
// base64).
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("15-encoding.js: 00-internals.js must be evaluated first");
  }

  // Labels of the UTF-8 encoding (Encoding Standard §4.2), compared after trimming ASCII whitespace
  // and lowercasing.
  const UTF8_LABELS = ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"];

  if (I.isAbsent("TextEncoder")) {
    class TextEncoder {
      get encoding() {
        return "utf-8";
      }

      encode(input = "") {
        return I.utf8Encode(I.toUSVString(input));
      }

      encodeInto(source, destination) {
        I.requireArgs(arguments.length, 2, "TextEncoder.encodeInto");
        const s = I.toUSVString(source);
        if (I.typedArrayName(destination) !== "Uint8Array") {
          throw new TypeError("TextEncoder.encodeInto: the destination must be a Uint8Array");
        }
        let read = 0;
        let written = 0;
        for (let i = 0; i < s.length; ) {
          const cp = s.codePointAt(i);
          const units = cp > 0xffff ? 2 : 1;
          const bytes = I.utf8Encode(s.slice(i, i + units));
          if (written + bytes.length > destination.length) {
            break;
          }
          destination.set(bytes, written);
          written += bytes.length;
          read += units;
          i += units;
        }
        return { read, written };
      }
    }
    I.shapeClass(TextEncoder, "TextEncoder");
    I.defineGlobal("TextEncoder", TextEncoder);
  }

  if (I.isAbsent("TextDecoder")) {
    class TextDecoder {
      #fatal;
      #ignoreBOM;
      #decoder;

      constructor(label = "utf-8", options = undefined) {
        const name = I.toDOMString(label).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "").toLowerCase();
        if (!UTF8_LABELS.includes(name)) {
          throw new RangeError(
            `TextDecoder: the encoding '${label}' is not supported; this runtime decodes only utf-8`,
          );
        }
        const o = I.toDictionary(options, "TextDecoder");
        this.#fatal = Boolean(o.fatal);
        this.#ignoreBOM = Boolean(o.ignoreBOM);
        this.#decoder = new I.Utf8Decoder(this.#fatal, this.#ignoreBOM);
      }

      get encoding() {
        this.#fatal; // brand check
        return "utf-8";
      }

      get fatal() {
        return this.#fatal;
      }

      get ignoreBOM() {
        return this.#ignoreBOM;
      }

      decode(input = undefined, options = undefined) {
        let bytes;
        if (input === undefined) {
          bytes = new Uint8Array(0);
        } else if (I.isArrayBuffer(input)) {
          bytes = new Uint8Array(input);
        } else {
          bytes = I.viewBytes(input);
          if (bytes === null) {
            throw new TypeError(
              "TextDecoder.decode: the input must be an ArrayBuffer, a TypedArray or a DataView",
            );
          }
        }
        const stream = Boolean(I.toDictionary(options, "TextDecoder.decode").stream);
        return this.#decoder.decode(bytes, stream);
      }
    }
    I.shapeClass(TextDecoder, "TextDecoder");
    I.defineGlobal("TextDecoder", TextDecoder);
  }

  const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const BASE64_VALUE = new Int16Array(128).fill(-1);
  for (let i = 0; i < BASE64.length; i++) {
    BASE64_VALUE[BASE64.charCodeAt(i)] = i;
  }

  /** Base64 of bytes (0..255 numbers), standard alphabet with padding. */
  I.base64Encode = (bytes) => {
    let out = "";
    let i = 0;
    for (; i + 2 < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + BASE64[n & 63];
    }
    if (i + 1 === bytes.length) {
      const n = bytes[i] << 16;
      out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + "==";
    } else if (i + 2 === bytes.length) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
      out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + "=";
    }
    return out;
  };

  /** HTML's forgiving-base64 decode: a Uint8Array, or null on failure. */
  I.base64Decode = (input) => {
    let data = input.replace(/[\t\n\f\r ]/g, "");
    if (data.length % 4 === 0) {
      data = data.replace(/==?$/, "");
    }
    if (data.length % 4 === 1) {
      return null;
    }
    const out = new Uint8Array(Math.floor((data.length * 3) / 4));
    let buffer = 0;
    let bits = 0;
    let j = 0;
    for (let i = 0; i < data.length; i++) {
      const c = data.charCodeAt(i);
      const v = c < 128 ? BASE64_VALUE[c] : -1;
      if (v < 0) {
        return null;
      }
      buffer = (buffer << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[j++] = (buffer >> bits) & 0xff;
      }
    }
    return out.subarray(0, j);
  };

  if (I.isAbsent("btoa")) {
    const btoa = {
      btoa(data) {
        I.requireArgs(arguments.length, 1, "btoa");
        const s = I.toDOMString(data);
        const bytes = new Uint8Array(s.length);
        for (let i = 0; i < s.length; i++) {
          const c = s.charCodeAt(i);
          if (c > 0xff) {
            throw I.domException(
              `btoa: the string contains a character outside Latin1 (index ${i}, code ${c})`,
              "InvalidCharacterError",
            );
          }
          bytes[i] = c;
        }
        return I.base64Encode(bytes);
      },
    }.btoa;
    I.defineGlobal("btoa", btoa);
  }

  if (I.isAbsent("atob")) {
    const atob = {
      atob(data) {
        I.requireArgs(arguments.length, 1, "atob");
        const bytes = I.base64Decode(I.toDOMString(data));
        if (bytes === null) {
          throw I.domException("The string to be decoded is not correctly encoded.", "InvalidCharacterError");
        }
        return I.bytesToBinaryString(bytes);
      },
    }.atob;
    I.defineGlobal("atob", atob);
  }
})();
