// Slipway web prelude, file 30: URL and URLSearchParams (WHATWG URL Standard).
//
// The basic URL parser is the standard's state machine, state by state, including state overrides
// (used by the setters), file URLs, opaque paths, IPv4/IPv6 hosts and opaque hosts. A URL record is
// {scheme, username, password, host, port, path, query, fragment} where host is kept serialized
// (null, "" for the empty host, a domain, "1.2.3.4" or "[::1]"), port is null or a number, and path
// is an array of segments or a string (an opaque path).
//
// Known gap: IDNA. Non-ASCII domains get an approximation of UTS #46 ToASCII (ignored code points
// dropped, a few disallowed ones refused, NFKC + lowercase + NFC mapping, Punycode per label);
// CheckBidi and CheckJoiners are not implemented, and the full UTS #46 mapping table is not used.
// ASCII domains follow the standard exactly (they are lowercased).
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("30-url.js: 00-internals.js must be evaluated first");
  }

  const FAILURE = Symbol("failure");

  // ---- percent-encoding ------------------------------------------------------------------------

  const makeSet = (base, extra) => {
    const set = new Uint8Array(128);
    if (base) set.set(base);
    for (const c of extra) set[c.charCodeAt(0)] = 1;
    return set;
  };
  const C0_CONTROL_SET = new Uint8Array(128);
  for (let i = 0; i < 0x20; i++) C0_CONTROL_SET[i] = 1;
  C0_CONTROL_SET[0x7f] = 1;
  const FRAGMENT_SET = makeSet(C0_CONTROL_SET, ' "<>`');
  const QUERY_SET = makeSet(C0_CONTROL_SET, ' "#<>');
  const SPECIAL_QUERY_SET = makeSet(QUERY_SET, "'");
  const PATH_SET = makeSet(QUERY_SET, "?^`{}");
  const USERINFO_SET = makeSet(PATH_SET, "/:;=@[\\]|");
  const COMPONENT_SET = makeSet(USERINFO_SET, "$%&+,");
  const FORM_SET = makeSet(COMPONENT_SET, "!'()~");

  const HEX = "0123456789ABCDEF";
  const percentEncodeByte = (b) => "%" + HEX[b >> 4] + HEX[b & 15];

  /** UTF-8 percent-encodes one code point (given as a string) with a percent-encode set. */
  const encodeCodePoint = (c, set) => {
    const cp = c.codePointAt(0);
    if (cp < 0x80) {
      return set[cp] ? percentEncodeByte(cp) : c;
    }
    let out = "";
    for (const b of I.utf8Encode(c)) out += percentEncodeByte(b);
    return out;
  };

  /** UTF-8 percent-encodes a string; spaceAsPlus for application/x-www-form-urlencoded. */
  const encodeString = (s, set, spaceAsPlus = false) => {
    let out = "";
    for (const b of I.utf8Encode(s)) {
      if (spaceAsPlus && b === 0x20) {
        out += "+";
      } else if (b < 0x80 && !set[b]) {
        out += String.fromCharCode(b);
      } else {
        out += percentEncodeByte(b);
      }
    }
    return out;
  };

  const isHexByte = (b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
  const hexValue = (b) => (b <= 0x39 ? b - 0x30 : (b | 0x20) - 0x61 + 10);

  /** Percent-decodes a byte sequence. */
  const percentDecodeBytes = (bytes) => {
    const out = new Uint8Array(bytes.length);
    let j = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0x25 && i + 2 < bytes.length && isHexByte(bytes[i + 1]) && isHexByte(bytes[i + 2])) {
        out[j++] = (hexValue(bytes[i + 1]) << 4) | hexValue(bytes[i + 2]);
        i += 2;
      } else {
        out[j++] = b;
      }
    }
    return out.subarray(0, j);
  };

  // ---- application/x-www-form-urlencoded -------------------------------------------------------

  /** Parses application/x-www-form-urlencoded bytes into [name, value] pairs. */
  const parseUrlencodedBytes = (bytes) => {
    const out = [];
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x26) continue;
      const seq = bytes.subarray(start, i);
      start = i + 1;
      if (seq.length === 0) continue;
      let eq = seq.indexOf(0x3d);
      if (eq < 0) eq = seq.length;
      const name = seq.slice(0, eq);
      const value = seq.slice(Math.min(eq + 1, seq.length));
      for (const part of [name, value]) {
        for (let k = 0; k < part.length; k++) if (part[k] === 0x2b) part[k] = 0x20;
      }
      out.push([I.utf8DecodeNoBOM(percentDecodeBytes(name)), I.utf8DecodeNoBOM(percentDecodeBytes(value))]);
    }
    return out;
  };
  const parseUrlencoded = (s) => parseUrlencodedBytes(I.utf8Encode(s));

  const serializeUrlencoded = (pairs) =>
    pairs.map(([n, v]) => encodeString(n, FORM_SET, true) + "=" + encodeString(v, FORM_SET, true)).join("&");

  I.parseUrlencodedBytes = parseUrlencodedBytes;
  I.serializeUrlencoded = serializeUrlencoded;

  // ---- hosts -----------------------------------------------------------------------------------

  const FORBIDDEN_HOST = new Set(["\0", "\t", "\n", "\r", " ", "#", "/", ":", "<", ">", "?", "@", "[", "\\", "]", "^", "|"]);
  const isForbiddenDomainCodePoint = (c) => {
    if (FORBIDDEN_HOST.has(c) || c === "%") return true;
    const cp = c.codePointAt(0);
    return cp <= 0x1f || cp === 0x7f;
  };

  const parseIPv4Number = (input) => {
    if (input === "") return FAILURE;
    let s = input;
    let radix = 10;
    if (s.length >= 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
      s = s.slice(2);
      radix = 16;
    } else if (s.length >= 2 && s[0] === "0") {
      s = s.slice(1);
      radix = 8;
    }
    if (s === "") return 0;
    const re = radix === 10 ? /^[0-9]+$/ : radix === 16 ? /^[0-9A-Fa-f]+$/ : /^[0-7]+$/;
    if (!re.test(s)) return FAILURE;
    return parseInt(s, radix);
  };

  const endsInANumber = (input) => {
    const parts = input.split(".");
    if (parts[parts.length - 1] === "") {
      if (parts.length === 1) return false;
      parts.pop();
    }
    const last = parts[parts.length - 1];
    if (last !== "" && /^[0-9]+$/.test(last)) return true;
    return parseIPv4Number(last) !== FAILURE;
  };

  const parseIPv4 = (input) => {
    const parts = input.split(".");
    if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
    if (parts.length > 4) return FAILURE;
    const numbers = [];
    for (const part of parts) {
      const n = parseIPv4Number(part);
      if (n === FAILURE) return FAILURE;
      numbers.push(n);
    }
    for (let i = 0; i < numbers.length - 1; i++) {
      if (numbers[i] > 255) return FAILURE;
    }
    if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return FAILURE;
    let ipv4 = numbers[numbers.length - 1];
    for (let i = 0; i < numbers.length - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
    return ipv4;
  };

  const serializeIPv4 = (n) => {
    const out = [];
    for (let i = 0; i < 4; i++) {
      out.unshift(String(n % 256));
      n = Math.floor(n / 256);
    }
    return out.join(".");
  };

  const isHexDigit = (c) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);
  const isDigit = (c) => c !== undefined && c >= "0" && c <= "9";

  const parseIPv6 = (input) => {
    const address = [0, 0, 0, 0, 0, 0, 0, 0];
    let pieceIndex = 0;
    let compress = null;
    let p = 0;
    const cps = Array.from(input);
    if (cps[p] === ":") {
      if (cps[p + 1] !== ":") return FAILURE;
      p += 2;
      pieceIndex++;
      compress = pieceIndex;
    }
    while (cps[p] !== undefined) {
      if (pieceIndex === 8) return FAILURE;
      if (cps[p] === ":") {
        if (compress !== null) return FAILURE;
        p++;
        pieceIndex++;
        compress = pieceIndex;
        continue;
      }
      let value = 0;
      let length = 0;
      while (length < 4 && isHexDigit(cps[p])) {
        value = value * 0x10 + parseInt(cps[p], 16);
        p++;
        length++;
      }
      if (cps[p] === ".") {
        if (length === 0) return FAILURE;
        p -= length;
        if (pieceIndex > 6) return FAILURE;
        let numbersSeen = 0;
        while (cps[p] !== undefined) {
          let ipv4Piece = null;
          if (numbersSeen > 0) {
            if (cps[p] === "." && numbersSeen < 4) p++;
            else return FAILURE;
          }
          if (!isDigit(cps[p])) return FAILURE;
          while (isDigit(cps[p])) {
            const number = cps[p].charCodeAt(0) - 0x30;
            if (ipv4Piece === null) ipv4Piece = number;
            else if (ipv4Piece === 0) return FAILURE;
            else ipv4Piece = ipv4Piece * 10 + number;
            if (ipv4Piece > 255) return FAILURE;
            p++;
          }
          address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
          numbersSeen++;
          if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
        }
        if (numbersSeen !== 4) return FAILURE;
        break;
      } else if (cps[p] === ":") {
        p++;
        if (cps[p] === undefined) return FAILURE;
      } else if (cps[p] !== undefined) {
        return FAILURE;
      }
      address[pieceIndex] = value;
      pieceIndex++;
    }
    if (compress !== null) {
      let swaps = pieceIndex - compress;
      pieceIndex = 7;
      while (pieceIndex !== 0 && swaps > 0) {
        const t = address[pieceIndex];
        address[pieceIndex] = address[compress + swaps - 1];
        address[compress + swaps - 1] = t;
        pieceIndex--;
        swaps--;
      }
    } else if (pieceIndex !== 8) {
      return FAILURE;
    }
    return address;
  };

  const serializeIPv6 = (address) => {
    // the compressed piece: the first longest run (length > 1) of zero pieces
    let longestIndex = null;
    let longestSize = 1;
    let foundIndex = null;
    let foundSize = 0;
    for (let i = 0; i < 8; i++) {
      if (address[i] !== 0) {
        if (foundSize > longestSize) {
          longestIndex = foundIndex;
          longestSize = foundSize;
        }
        foundIndex = null;
        foundSize = 0;
      } else {
        if (foundIndex === null) foundIndex = i;
        foundSize++;
      }
    }
    const compress = foundSize > longestSize ? foundIndex : longestIndex;
    let out = "";
    let ignore0 = false;
    for (let i = 0; i < 8; i++) {
      if (ignore0 && address[i] === 0) continue;
      ignore0 = false;
      if (compress === i) {
        out += i === 0 ? "::" : ":";
        ignore0 = true;
        continue;
      }
      out += address[i].toString(16);
      if (i !== 7) out += ":";
    }
    return out;
  };

  const parseOpaqueHost = (input) => {
    for (const c of input) {
      if (FORBIDDEN_HOST.has(c)) return FAILURE;
    }
    let out = "";
    for (const c of input) out += encodeCodePoint(c, C0_CONTROL_SET);
    return out;
  };

  // ---- IDNA (approximate UTS #46 ToASCII, see the file comment) ------------------------------

  const PUNY_BASE = 36;
  const T_MIN = 1;
  const T_MAX = 26;
  const adapt = (delta, numPoints, firstTime) => {
    delta = firstTime ? Math.floor(delta / 700) : delta >> 1;
    delta += Math.floor(delta / numPoints);
    let k = 0;
    while (delta > ((PUNY_BASE - T_MIN) * T_MAX) >> 1) {
      delta = Math.floor(delta / (PUNY_BASE - T_MIN));
      k += PUNY_BASE;
    }
    return k + Math.floor(((PUNY_BASE - T_MIN + 1) * delta) / (delta + 38));
  };
  const threshold = (k, bias) => (k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias);
  const encodeDigit = (d) => String.fromCharCode(d < 26 ? 0x61 + d : 0x30 + d - 26);
  const decodeDigit = (c) =>
    c >= 0x30 && c <= 0x39 ? c - 0x30 + 26 : c >= 0x41 && c <= 0x5a ? c - 0x41 : c >= 0x61 && c <= 0x7a ? c - 0x61 : PUNY_BASE;

  /** RFC 3492 Punycode encoding of one label. */
  const punycodeEncode = (label) => {
    const cps = Array.from(label, (c) => c.codePointAt(0));
    let out = cps.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join("");
    const basic = out.length;
    let handled = basic;
    if (basic > 0) out += "-";
    let n = 0x80;
    let delta = 0;
    let bias = 72;
    while (handled < cps.length) {
      let m = Infinity;
      for (const c of cps) if (c >= n && c < m) m = c;
      delta += (m - n) * (handled + 1);
      n = m;
      for (const c of cps) {
        if (c < n) delta++;
        if (c === n) {
          let q = delta;
          for (let k = PUNY_BASE; ; k += PUNY_BASE) {
            const t = threshold(k, bias);
            if (q < t) break;
            out += encodeDigit(t + ((q - t) % (PUNY_BASE - t)));
            q = Math.floor((q - t) / (PUNY_BASE - t));
          }
          out += encodeDigit(q);
          bias = adapt(delta, handled + 1, handled === basic);
          delta = 0;
          handled++;
        }
      }
      delta++;
      n++;
    }
    return out;
  };

  /** RFC 3492 Punycode decoding of one label (without "xn--"), or FAILURE. */
  const punycodeDecode = (input) => {
    const out = [];
    const dash = input.lastIndexOf("-");
    const basicEnd = dash < 0 ? 0 : dash;
    for (let j = 0; j < basicEnd; j++) {
      const c = input.charCodeAt(j);
      if (c >= 0x80) return FAILURE;
      out.push(c);
    }
    let n = 0x80;
    let i = 0;
    let bias = 72;
    for (let idx = dash < 0 ? 0 : dash + 1; idx < input.length; ) {
      const oldi = i;
      let w = 1;
      for (let k = PUNY_BASE; ; k += PUNY_BASE) {
        if (idx >= input.length) return FAILURE;
        const digit = decodeDigit(input.charCodeAt(idx++));
        if (digit >= PUNY_BASE) return FAILURE;
        i += digit * w;
        if (i > 0x7fffffff) return FAILURE;
        const t = threshold(k, bias);
        if (digit < t) break;
        w *= PUNY_BASE - t;
      }
      bias = adapt(i - oldi, out.length + 1, oldi === 0);
      n += Math.floor(i / (out.length + 1));
      i %= out.length + 1;
      if (n > 0x10ffff) return FAILURE;
      out.splice(i, 0, n);
      i++;
    }
    return String.fromCodePoint(...out);
  };

  // Code points UTS #46 ignores (maps to nothing) and a few it disallows, approximately.
  const IDNA_IGNORED = /[\u00AD\u034F\u180B-\u180F\u200B\u2060\u2064\uFE00-\uFE0F\uFEFF]|\uDB40[\uDD00-\uDDEF]/g;
  const IDNA_DISALLOWED = /[\u0080-\u009F\u200C-\u200F\u2028-\u202E\u2066-\u206F\uE000-\uF8FF\uFDD0-\uFDEF\uFFF9-\uFFFF]/;
  const IDNA_DOTS = /[\u3002\uFF0E\uFF61]/g;

  const uts46ToASCII = (domain) => {
    let mapped = domain.replace(IDNA_IGNORED, "").replace(IDNA_DOTS, ".");
    // Lowercase code point by code point: String.prototype.toLowerCase would apply the final-sigma
    // context rule, which UTS #46 does not have. U+1E9E case-folds to "ss".
    mapped = Array.from(mapped.normalize("NFKC"), (c) => (c === "\u1E9E" ? "ss" : c.toLowerCase()))
      .join("")
      .normalize("NFC");
    if (IDNA_DISALLOWED.test(mapped)) return FAILURE;
    const labels = mapped.split(".");
    const out = [];
    for (const label of labels) {
      if (label.startsWith("xn--")) {
        const decoded = punycodeDecode(label.slice(4));
        if (decoded === FAILURE || decoded === "" || /^[\0-\x7f]*$/.test(decoded)) return FAILURE;
        out.push(label);
      } else if (/[^\0-\x7f]/.test(label)) {
        out.push("xn--" + punycodeEncode(label));
      } else {
        out.push(label);
      }
    }
    return out.join(".");
  };

  const domainToASCII = (domain) => {
    let result;
    if (/^[\0-\x7f]*$/.test(domain)) {
      result = domain.toLowerCase();
    } else {
      result = uts46ToASCII(domain);
      if (result === FAILURE) return FAILURE;
    }
    if (result === "") return FAILURE;
    for (const c of result) {
      if (isForbiddenDomainCodePoint(c)) return FAILURE;
    }
    return result;
  };

  /** The host parser; returns the serialized host or FAILURE. */
  const parseHost = (input, isOpaque) => {
    if (input.startsWith("[")) {
      if (!input.endsWith("]")) return FAILURE;
      const address = parseIPv6(input.slice(1, -1));
      return address === FAILURE ? FAILURE : "[" + serializeIPv6(address) + "]";
    }
    if (isOpaque) return parseOpaqueHost(input);
    const domain = I.utf8DecodeNoBOM(percentDecodeBytes(I.utf8Encode(input)));
    const asciiDomain = domainToASCII(domain);
    if (asciiDomain === FAILURE) return FAILURE;
    if (endsInANumber(asciiDomain)) {
      const ipv4 = parseIPv4(asciiDomain);
      return ipv4 === FAILURE ? FAILURE : serializeIPv4(ipv4);
    }
    return asciiDomain;
  };

  // ---- the basic URL parser --------------------------------------------------------------------

  const SPECIAL = new Map([
    ["ftp", 21],
    ["file", null],
    ["http", 80],
    ["https", 443],
    ["ws", 80],
    ["wss", 443],
  ]);
  const isSpecialScheme = (s) => SPECIAL.has(s);
  const defaultPort = (s) => (SPECIAL.has(s) ? SPECIAL.get(s) : null);
  const isSpecial = (url) => SPECIAL.has(url.scheme);
  const includesCredentials = (url) => url.username !== "" || url.password !== "";
  const hasOpaquePath = (url) => typeof url.path === "string";
  const cannotHaveCredentialsOrPort = (url) => url.host === null || url.host === "" || url.scheme === "file";

  const isAsciiAlpha = (c) => c !== undefined && /^[A-Za-z]$/.test(c);
  const isAsciiAlnum = (c) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
  const isWindowsDriveLetter = (s) => /^[A-Za-z][:|]$/.test(s);
  const isNormalizedWindowsDriveLetter = (s) => typeof s === "string" && /^[A-Za-z]:$/.test(s);
  const startsWithWindowsDriveLetter = (cps, p) =>
    cps.length - p >= 2 &&
    isWindowsDriveLetter(cps[p] + cps[p + 1]) &&
    (cps.length - p === 2 || ["/", "\\", "?", "#"].includes(cps[p + 2]));
  const isSingleDot = (s) => s === "." || s.toLowerCase() === "%2e";
  const isDoubleDot = (s) => {
    const l = s.toLowerCase();
    return l === ".." || l === ".%2e" || l === "%2e." || l === "%2e%2e";
  };

  const shortenPath = (url) => {
    const path = url.path;
    if (url.scheme === "file" && path.length === 1 && isNormalizedWindowsDriveLetter(path[0])) return;
    path.pop();
  };

  const newRecord = () => ({
    scheme: "",
    username: "",
    password: "",
    host: null,
    port: null,
    path: [],
    query: null,
    fragment: null,
  });

  const S = {
    SCHEME_START: 1,
    SCHEME: 2,
    NO_SCHEME: 3,
    SPECIAL_RELATIVE_OR_AUTHORITY: 4,
    PATH_OR_AUTHORITY: 5,
    RELATIVE: 6,
    RELATIVE_SLASH: 7,
    SPECIAL_AUTHORITY_SLASHES: 8,
    SPECIAL_AUTHORITY_IGNORE_SLASHES: 9,
    AUTHORITY: 10,
    HOST: 11,
    HOSTNAME: 12,
    PORT: 13,
    FILE: 14,
    FILE_SLASH: 15,
    FILE_HOST: 16,
    PATH_START: 17,
    PATH: 18,
    OPAQUE_PATH: 19,
    QUERY: 20,
    FRAGMENT: 21,
  };

  /**
   * The basic URL parser. Without url/stateOverride it returns a new record or FAILURE; with them
   * it modifies url and returns url or FAILURE (the setters ignore the result).
   *
   * One long switch on purpose: each case is one state of the standard's state machine, in the
   * standard's order and wording, so the code can be checked against the text line by line. The
   * states share the buffer, the flags and the pointer, which separate functions would have to pass
   * around.
   */
  const basicParse = (rawInput, base = null, givenUrl = null, stateOverride = null) => {
    let input = rawInput;
    let url = givenUrl;
    if (url === null) {
      url = newRecord();
      input = input.replace(/^[\0- ]+|[\0- ]+$/g, "");
    }
    input = input.replace(/[\t\n\r]/g, "");
    const cps = Array.from(input);
    let state = stateOverride ?? S.SCHEME_START;
    let buffer = "";
    let atSignSeen = false;
    let insideBrackets = false;
    let passwordTokenSeen = false;
    let p = 0;
    for (;;) {
      const c = cps[p];
      switch (state) {
        case S.SCHEME_START:
          if (isAsciiAlpha(c)) {
            buffer += c.toLowerCase();
            state = S.SCHEME;
          } else if (stateOverride === null) {
            state = S.NO_SCHEME;
            p--;
          } else {
            return FAILURE;
          }
          break;

        case S.SCHEME:
          if (isAsciiAlnum(c) || c === "+" || c === "-" || c === ".") {
            buffer += c.toLowerCase();
          } else if (c === ":") {
            if (stateOverride !== null) {
              if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return url;
              if ((includesCredentials(url) || url.port !== null) && buffer === "file") return url;
              if (url.scheme === "file" && url.host === "") return url;
            }
            url.scheme = buffer;
            if (stateOverride !== null) {
              if (url.port === defaultPort(url.scheme)) url.port = null;
              return url;
            }
            buffer = "";
            if (url.scheme === "file") {
              state = S.FILE;
            } else if (isSpecial(url) && base !== null && base.scheme === url.scheme) {
              state = S.SPECIAL_RELATIVE_OR_AUTHORITY;
            } else if (isSpecial(url)) {
              state = S.SPECIAL_AUTHORITY_SLASHES;
            } else if (cps[p + 1] === "/") {
              state = S.PATH_OR_AUTHORITY;
              p++;
            } else {
              url.path = "";
              state = S.OPAQUE_PATH;
            }
          } else if (stateOverride === null) {
            buffer = "";
            state = S.NO_SCHEME;
            p = -1;
          } else {
            return FAILURE;
          }
          break;

        case S.NO_SCHEME:
          if (base === null || (hasOpaquePath(base) && c !== "#")) {
            return FAILURE;
          } else if (hasOpaquePath(base) && c === "#") {
            url.scheme = base.scheme;
            url.path = base.path;
            url.query = base.query;
            url.fragment = "";
            state = S.FRAGMENT;
          } else if (base.scheme !== "file") {
            state = S.RELATIVE;
            p--;
          } else {
            state = S.FILE;
            p--;
          }
          break;

        case S.SPECIAL_RELATIVE_OR_AUTHORITY:
          if (c === "/" && cps[p + 1] === "/") {
            state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
            p++;
          } else {
            state = S.RELATIVE;
            p--;
          }
          break;

        case S.PATH_OR_AUTHORITY:
          if (c === "/") {
            state = S.AUTHORITY;
          } else {
            state = S.PATH;
            p--;
          }
          break;

        case S.RELATIVE:
          url.scheme = base.scheme;
          if (c === "/" || (isSpecial(url) && c === "\\")) {
            state = S.RELATIVE_SLASH;
          } else {
            url.username = base.username;
            url.password = base.password;
            url.host = base.host;
            url.port = base.port;
            url.path = base.path.slice();
            url.query = base.query;
            if (c === "?") {
              url.query = "";
              state = S.QUERY;
            } else if (c === "#") {
              url.fragment = "";
              state = S.FRAGMENT;
            } else if (c !== undefined) {
              url.query = null;
              shortenPath(url);
              state = S.PATH;
              p--;
            }
          }
          break;

        case S.RELATIVE_SLASH:
          if (isSpecial(url) && (c === "/" || c === "\\")) {
            state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          } else if (c === "/") {
            state = S.AUTHORITY;
          } else {
            url.username = base.username;
            url.password = base.password;
            url.host = base.host;
            url.port = base.port;
            state = S.PATH;
            p--;
          }
          break;

        case S.SPECIAL_AUTHORITY_SLASHES:
          if (c === "/" && cps[p + 1] === "/") {
            state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
            p++;
          } else {
            state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
            p--;
          }
          break;

        case S.SPECIAL_AUTHORITY_IGNORE_SLASHES:
          if (c !== "/" && c !== "\\") {
            state = S.AUTHORITY;
            p--;
          }
          break;

        case S.AUTHORITY:
          if (c === "@") {
            if (atSignSeen) buffer = "%40" + buffer;
            atSignSeen = true;
            for (const cp of buffer) {
              if (cp === ":" && !passwordTokenSeen) {
                passwordTokenSeen = true;
                continue;
              }
              const encoded = encodeCodePoint(cp, USERINFO_SET);
              if (passwordTokenSeen) url.password += encoded;
              else url.username += encoded;
            }
            buffer = "";
          } else if (c === undefined || c === "/" || c === "?" || c === "#" || (isSpecial(url) && c === "\\")) {
            if (atSignSeen && buffer === "") return FAILURE;
            p -= Array.from(buffer).length + 1;
            buffer = "";
            state = S.HOST;
          } else {
            buffer += c;
          }
          break;

        case S.HOST:
        case S.HOSTNAME:
          if (stateOverride !== null && url.scheme === "file") {
            p--;
            state = S.FILE_HOST;
          } else if (c === ":" && !insideBrackets) {
            if (buffer === "") return FAILURE;
            if (stateOverride === S.HOSTNAME) return FAILURE;
            const host = parseHost(buffer, !isSpecial(url));
            if (host === FAILURE) return FAILURE;
            url.host = host;
            buffer = "";
            state = S.PORT;
          } else if (c === undefined || c === "/" || c === "?" || c === "#" || (isSpecial(url) && c === "\\")) {
            p--;
            if (isSpecial(url) && buffer === "") return FAILURE;
            if (stateOverride !== null && buffer === "" && (includesCredentials(url) || url.port !== null)) {
              return FAILURE;
            }
            const host = parseHost(buffer, !isSpecial(url));
            if (host === FAILURE) return FAILURE;
            url.host = host;
            buffer = "";
            state = S.PATH_START;
            if (stateOverride !== null) return url;
          } else {
            if (c === "[") insideBrackets = true;
            if (c === "]") insideBrackets = false;
            buffer += c;
          }
          break;

        case S.PORT:
          if (isDigit(c)) {
            buffer += c;
          } else if (
            c === undefined ||
            c === "/" ||
            c === "?" ||
            c === "#" ||
            (isSpecial(url) && c === "\\") ||
            stateOverride !== null
          ) {
            if (buffer !== "") {
              const port = parseInt(buffer, 10);
              if (port > 65535) return FAILURE;
              url.port = port === defaultPort(url.scheme) ? null : port;
              buffer = "";
              if (stateOverride !== null) return url;
            }
            if (stateOverride !== null) return FAILURE;
            state = S.PATH_START;
            p--;
          } else {
            return FAILURE;
          }
          break;

        case S.FILE:
          url.scheme = "file";
          url.host = "";
          if (c === "/" || c === "\\") {
            state = S.FILE_SLASH;
          } else if (base !== null && base.scheme === "file") {
            url.host = base.host;
            url.path = base.path.slice();
            url.query = base.query;
            if (c === "?") {
              url.query = "";
              state = S.QUERY;
            } else if (c === "#") {
              url.fragment = "";
              state = S.FRAGMENT;
            } else if (c !== undefined) {
              url.query = null;
              if (!startsWithWindowsDriveLetter(cps, p)) shortenPath(url);
              else url.path = [];
              state = S.PATH;
              p--;
            }
          } else {
            state = S.PATH;
            p--;
          }
          break;

        case S.FILE_SLASH:
          if (c === "/" || c === "\\") {
            state = S.FILE_HOST;
          } else {
            if (base !== null && base.scheme === "file") {
              url.host = base.host;
              if (!startsWithWindowsDriveLetter(cps, p) && isNormalizedWindowsDriveLetter(base.path[0])) {
                url.path.push(base.path[0]);
              }
            }
            state = S.PATH;
            p--;
          }
          break;

        case S.FILE_HOST:
          if (c === undefined || c === "/" || c === "\\" || c === "?" || c === "#") {
            p--;
            if (stateOverride === null && isWindowsDriveLetter(buffer)) {
              state = S.PATH;
            } else if (buffer === "") {
              url.host = "";
              if (stateOverride !== null) return url;
              state = S.PATH_START;
            } else {
              let host = parseHost(buffer, !isSpecial(url));
              if (host === FAILURE) return FAILURE;
              if (host === "localhost") host = "";
              url.host = host;
              if (stateOverride !== null) return url;
              buffer = "";
              state = S.PATH_START;
            }
          } else {
            buffer += c;
          }
          break;

        case S.PATH_START:
          if (isSpecial(url)) {
            state = S.PATH;
            if (c !== "/" && c !== "\\") p--;
          } else if (stateOverride === null && c === "?") {
            url.query = "";
            state = S.QUERY;
          } else if (stateOverride === null && c === "#") {
            url.fragment = "";
            state = S.FRAGMENT;
          } else if (c !== undefined) {
            state = S.PATH;
            if (c !== "/") p--;
          } else if (stateOverride !== null && url.host === null) {
            url.path.push("");
          }
          break;

        case S.PATH: {
          const slash = c === "/" || (isSpecial(url) && c === "\\");
          if (c === undefined || slash || (stateOverride === null && (c === "?" || c === "#"))) {
            if (isDoubleDot(buffer)) {
              shortenPath(url);
              if (!slash) url.path.push("");
            } else if (isSingleDot(buffer) && !slash) {
              url.path.push("");
            } else if (!isSingleDot(buffer)) {
              if (url.scheme === "file" && url.path.length === 0 && isWindowsDriveLetter(buffer)) {
                buffer = buffer[0] + ":";
              }
              url.path.push(buffer);
            }
            buffer = "";
            if (c === "?") {
              url.query = "";
              state = S.QUERY;
            }
            if (c === "#") {
              url.fragment = "";
              state = S.FRAGMENT;
            }
          } else {
            buffer += encodeCodePoint(c, PATH_SET);
          }
          break;
        }

        case S.OPAQUE_PATH:
          if (c === "?") {
            url.query = "";
            state = S.QUERY;
          } else if (c === "#") {
            url.fragment = "";
            state = S.FRAGMENT;
          } else if (c === " ") {
            const next = cps[p + 1];
            url.path += next === "?" || next === "#" ? "%20" : " ";
          } else if (c !== undefined) {
            url.path += encodeCodePoint(c, C0_CONTROL_SET);
          }
          break;

        case S.QUERY:
          if ((stateOverride === null && c === "#") || c === undefined) {
            url.query += encodeString(buffer, isSpecial(url) ? SPECIAL_QUERY_SET : QUERY_SET);
            buffer = "";
            if (c === "#") {
              url.fragment = "";
              state = S.FRAGMENT;
            }
          } else {
            buffer += c;
          }
          break;

        case S.FRAGMENT:
          if (c !== undefined) url.fragment += encodeCodePoint(c, FRAGMENT_SET);
          break;

        default:
          throw new Error(`URL parser: unknown state ${state}`);
      }
      if (p >= cps.length) break;
      p++;
    }
    return url;
  };

  const serializePath = (url) => (hasOpaquePath(url) ? url.path : url.path.map((s) => "/" + s).join(""));

  const serializeURL = (url, excludeFragment = false) => {
    let out = url.scheme + ":";
    if (url.host !== null) {
      out += "//";
      if (includesCredentials(url)) {
        out += url.username;
        if (url.password !== "") out += ":" + url.password;
        out += "@";
      }
      out += url.host;
      if (url.port !== null) out += ":" + url.port;
    }
    if (url.host === null && !hasOpaquePath(url) && url.path.length > 1 && url.path[0] === "") out += "/.";
    out += serializePath(url);
    if (url.query !== null) out += "?" + url.query;
    if (!excludeFragment && url.fragment !== null) out += "#" + url.fragment;
    return out;
  };

  const serializeOrigin = (url) => {
    switch (url.scheme) {
      case "blob": {
        const pathURL = basicParse(serializePath(url));
        if (pathURL !== FAILURE && (pathURL.scheme === "http" || pathURL.scheme === "https")) {
          return serializeOrigin(pathURL);
        }
        return "null";
      }
      case "ftp":
      case "http":
      case "https":
      case "ws":
      case "wss":
        return url.scheme + "://" + url.host + (url.port === null ? "" : ":" + url.port);
      default:
        return "null";
    }
  };

  /** For Request/Response: parses an absolute URL string (no base); returns a record or null. */
  I.parseURL = (input, base = undefined) => {
    let parsedBase = null;
    if (base !== undefined) {
      parsedBase = basicParse(I.toUSVString(base));
      if (parsedBase === FAILURE) return null;
    }
    const r = basicParse(I.toUSVString(input), parsedBase);
    return r === FAILURE ? null : r;
  };
  I.serializeURL = serializeURL;
  I.urlIncludesCredentials = includesCredentials;

  // ---- URLSearchParams -------------------------------------------------------------------------

  let setURLQuery; // (urlObject, query string or null) => void, set by URL's static block

  class URLSearchParams {
    #list = [];
    #urlObject = null;

    constructor(init = "") {
      if (I.isObject(init)) {
        const iteratorMethod = init[Symbol.iterator];
        if (iteratorMethod !== undefined && iteratorMethod !== null) {
          if (typeof iteratorMethod !== "function") {
            throw new TypeError("URLSearchParams constructor: init[Symbol.iterator] is not a function");
          }
          for (const pair of { [Symbol.iterator]: () => iteratorMethod.call(init) }) {
            if (!I.isObject(pair) || typeof pair[Symbol.iterator] !== "function") {
              throw new TypeError("URLSearchParams constructor: each element of the sequence must be a [name, value] pair");
            }
            const items = [...pair];
            if (items.length !== 2) {
              throw new TypeError(
                `URLSearchParams constructor: each pair must have exactly 2 items, found one with ${items.length}`,
              );
            }
            this.#list.push([I.toUSVString(items[0]), I.toUSVString(items[1])]);
          }
        } else {
          for (const key of Reflect.ownKeys(init)) {
            const desc = Reflect.getOwnPropertyDescriptor(init, key);
            if (desc !== undefined && desc.enumerable) {
              this.#list.push([I.toUSVString(key), I.toUSVString(init[key])]);
            }
          }
        }
      } else {
        let s = I.toUSVString(init);
        if (s.startsWith("?")) s = s.slice(1);
        this.#list = parseUrlencoded(s);
      }
    }

    #update() {
      if (this.#urlObject === null) return;
      const serialized = serializeUrlencoded(this.#list);
      setURLQuery(this.#urlObject, serialized === "" ? null : serialized);
    }

    get size() {
      return this.#list.length;
    }

    append(name, value) {
      I.requireArgs(arguments.length, 2, "URLSearchParams.append");
      this.#list.push([I.toUSVString(name), I.toUSVString(value)]);
      this.#update();
    }

    delete(name, value = undefined) {
      I.requireArgs(arguments.length, 1, "URLSearchParams.delete");
      const n = I.toUSVString(name);
      if (value !== undefined) {
        const v = I.toUSVString(value);
        this.#list = this.#list.filter(([k, x]) => !(k === n && x === v));
      } else {
        this.#list = this.#list.filter(([k]) => k !== n);
      }
      this.#update();
    }

    get(name) {
      I.requireArgs(arguments.length, 1, "URLSearchParams.get");
      const n = I.toUSVString(name);
      const found = this.#list.find(([k]) => k === n);
      return found === undefined ? null : found[1];
    }

    getAll(name) {
      I.requireArgs(arguments.length, 1, "URLSearchParams.getAll");
      const n = I.toUSVString(name);
      return this.#list.filter(([k]) => k === n).map(([, v]) => v);
    }

    has(name, value = undefined) {
      I.requireArgs(arguments.length, 1, "URLSearchParams.has");
      const n = I.toUSVString(name);
      if (value !== undefined) {
        const v = I.toUSVString(value);
        return this.#list.some(([k, x]) => k === n && x === v);
      }
      return this.#list.some(([k]) => k === n);
    }

    set(name, value) {
      I.requireArgs(arguments.length, 2, "URLSearchParams.set");
      const n = I.toUSVString(name);
      const v = I.toUSVString(value);
      const i = this.#list.findIndex(([k]) => k === n);
      if (i < 0) {
        this.#list.push([n, v]);
      } else {
        this.#list[i] = [n, v];
        this.#list = this.#list.filter(([k], j) => k !== n || j <= i);
      }
      this.#update();
    }

    sort() {
      // stable sort by code units of the name
      this.#list = this.#list
        .map((pair, index) => ({ pair, index }))
        .sort((a, b) => (a.pair[0] < b.pair[0] ? -1 : a.pair[0] > b.pair[0] ? 1 : a.index - b.index))
        .map(({ pair }) => pair);
      this.#update();
    }

    toString() {
      return serializeUrlencoded(this.#list);
    }

    static {
      I.isURLSearchParams = (v) => I.isObject(v) && #list in v;
      I.searchParamsList = (p) => p.#list;
      I.searchParamsForURL = (urlObject, query) => {
        const p = new URLSearchParams();
        p.#list = parseUrlencoded(query);
        p.#urlObject = urlObject;
        return p;
      };
      I.searchParamsSetList = (p, list) => {
        p.#list = list;
      };
    }
  }
  I.shapeClass(URLSearchParams, "URLSearchParams");
  I.defineIterable(URLSearchParams, "URLSearchParams", (p) => I.searchParamsList(p));

  // ---- URL -------------------------------------------------------------------------------------

  const describeInput = (url, base) =>
    base === undefined ? `'${url}'` : `'${url}' with base '${base}'`;

  const FROM_RECORD = Symbol("URL from a parsed record");

  class URL {
    #url;
    #query;

    constructor(url, base = undefined) {
      if (url === FROM_RECORD) {
        this.#url = base;
      } else {
        I.requireArgs(arguments.length, 1, "URL constructor");
        const input = I.toUSVString(url);
        const baseString = base === undefined ? undefined : I.toUSVString(base);
        let parsedBase = null;
        if (baseString !== undefined) {
          parsedBase = basicParse(baseString);
          if (parsedBase === FAILURE) {
            throw new TypeError(`Invalid URL: the base ${describeInput(baseString)} is not a valid URL`);
          }
        }
        const parsed = basicParse(input, parsedBase);
        if (parsed === FAILURE) {
          throw new TypeError(`Invalid URL: ${describeInput(input, baseString)}`);
        }
        this.#url = parsed;
      }
      this.#query = I.searchParamsForURL(this, this.#url.query ?? "");
    }

    static parse(url, base = undefined) {
      I.requireArgs(arguments.length, 1, "URL.parse");
      const parsed = I.parseURL(url, base);
      return parsed === null ? null : new URL(FROM_RECORD, parsed);
    }

    static canParse(url, base = undefined) {
      I.requireArgs(arguments.length, 1, "URL.canParse");
      return I.parseURL(url, base) !== null;
    }

    get href() {
      return serializeURL(this.#url);
    }

    set href(value) {
      const input = I.toUSVString(value);
      const parsed = basicParse(input);
      if (parsed === FAILURE) {
        throw new TypeError(`Invalid URL: ${describeInput(input)}`);
      }
      this.#url = parsed;
      I.searchParamsSetList(this.#query, parsed.query === null ? [] : parseUrlencoded(parsed.query));
    }

    toString() {
      return serializeURL(this.#url);
    }

    toJSON() {
      return serializeURL(this.#url);
    }

    get origin() {
      return serializeOrigin(this.#url);
    }

    get protocol() {
      return this.#url.scheme + ":";
    }

    set protocol(value) {
      basicParse(I.toUSVString(value) + ":", null, this.#url, S.SCHEME_START);
    }

    get username() {
      return this.#url.username;
    }

    set username(value) {
      const v = I.toUSVString(value);
      if (cannotHaveCredentialsOrPort(this.#url)) return;
      this.#url.username = encodeString(v, USERINFO_SET);
    }

    get password() {
      return this.#url.password;
    }

    set password(value) {
      const v = I.toUSVString(value);
      if (cannotHaveCredentialsOrPort(this.#url)) return;
      this.#url.password = encodeString(v, USERINFO_SET);
    }

    get host() {
      const url = this.#url;
      if (url.host === null) return "";
      return url.port === null ? url.host : url.host + ":" + url.port;
    }

    set host(value) {
      const v = I.toUSVString(value);
      if (hasOpaquePath(this.#url)) return;
      this.#setWithOverride(v, S.HOST);
    }

    get hostname() {
      return this.#url.host ?? "";
    }

    set hostname(value) {
      const v = I.toUSVString(value);
      if (hasOpaquePath(this.#url)) return;
      this.#setWithOverride(v, S.HOSTNAME);
    }

    get port() {
      return this.#url.port === null ? "" : String(this.#url.port);
    }

    set port(value) {
      const v = I.toUSVString(value);
      if (cannotHaveCredentialsOrPort(this.#url)) return;
      if (v === "") {
        this.#url.port = null;
      } else {
        this.#setWithOverride(v, S.PORT);
      }
    }

    get pathname() {
      return serializePath(this.#url);
    }

    set pathname(value) {
      const v = I.toUSVString(value);
      if (hasOpaquePath(this.#url)) return;
      this.#url.path = [];
      basicParse(v, null, this.#url, S.PATH_START);
    }

    get search() {
      const q = this.#url.query;
      return q === null || q === "" ? "" : "?" + q;
    }

    set search(value) {
      const v = I.toUSVString(value);
      if (v === "") {
        this.#url.query = null;
        I.searchParamsSetList(this.#query, []);
        return;
      }
      const input = v.startsWith("?") ? v.slice(1) : v;
      this.#url.query = "";
      basicParse(input, null, this.#url, S.QUERY);
      I.searchParamsSetList(this.#query, parseUrlencoded(input));
    }

    get searchParams() {
      return this.#query;
    }

    get hash() {
      const f = this.#url.fragment;
      return f === null || f === "" ? "" : "#" + f;
    }

    set hash(value) {
      const v = I.toUSVString(value);
      if (v === "") {
        this.#url.fragment = null;
        return;
      }
      const input = v.startsWith("#") ? v.slice(1) : v;
      this.#url.fragment = "";
      basicParse(input, null, this.#url, S.FRAGMENT);
    }

    /** Runs the parser with a state override on this URL (a failure leaves what was done so far). */
    #setWithOverride(value, stateOverride) {
      basicParse(value, null, this.#url, stateOverride);
    }

    static {
      setURLQuery = (urlObject, query) => {
        urlObject.#url.query = query;
      };
      I.isURL = (v) => I.isObject(v) && #url in v;
    }
  }
  I.shapeClass(URL, "URL");

  if (I.isAbsent("URL")) {
    I.registerPlatformClass("URL", I.isURL, false);
    I.defineGlobal("URL", URL);
  }
  if (I.isAbsent("URLSearchParams")) {
    I.registerPlatformClass("URLSearchParams", I.isURLSearchParams, false);
    I.defineGlobal("URLSearchParams", URLSearchParams);
  }
})();
