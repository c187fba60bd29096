// Slipway runtime prelude: how console arguments are rendered.
//
// Convex's runtime renders each console argument with the npm package object-inspect, called with
// {maxStringLength: 32768, indent: 2, customInspect: true}, and joins the results with a space. This
// file reproduces that output (our own code, same rules), so log lines read as they do on Convex:
//   - strings are single-quoted, also at top level: console.log("hi") logs 'hi'
//   - plain objects always break over lines with two-space indentation: {\n  a: 1\n}
//   - arrays stay on one line ([ 1, 2 ]) unless an element spans lines
//   - errors print as [Error: msg], with own enumerable properties as { [Error: msg] k: v }
//   - nesting deeper than 5 prints as [Object] / [Array]; cycles as [Circular]
// Evaluated once per context, before anything else; evaluates to the inspect function, which the
// runtime hands to the core prelude. Built-ins are captured here, so user code changing them later
// cannot change how logs render.
"use strict";
(() => {
  const MAX_DEPTH = 5;
  const MAX_STRING = 32768;
  const INDENT = "  ";

  const objectToString = Object.prototype.toString;
  const hasOwn = Object.prototype.hasOwnProperty;
  const isEnumerable = Object.prototype.propertyIsEnumerable;
  const getPrototypeOf = Object.getPrototypeOf;
  const ownSymbols = Object.getOwnPropertySymbols;
  const functionToString = Function.prototype.toString;
  const symbolToString = Symbol.prototype.toString;
  const bigIntValueOf = BigInt.prototype.valueOf;
  const booleanValueOf = Boolean.prototype.valueOf;
  const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, "size").get;
  const setSize = Object.getOwnPropertyDescriptor(Set.prototype, "size").get;
  const mapForEach = Map.prototype.forEach;
  const setForEach = Set.prototype.forEach;
  const weakMapHas = WeakMap.prototype.has;
  const weakSetHas = WeakSet.prototype.has;
  const weakRefDeref = typeof WeakRef === "function" ? WeakRef.prototype.deref : null;
  const arrayIsArray = Array.isArray;
  const call = Function.prototype.call.bind(Function.prototype.call);
  const String_ = String;
  const Number_ = Number;
  const Object_ = Object;
  const toStringTag = Symbol.toStringTag;
  const errorHasCause = "cause" in Error.prototype;
  const objectPrototype = Object.prototype;
  const nonWordChar = /[^\w$]/;
  const quoteChars = /(['\\])/g;
  const controlChars = /[\x00-\x1f]/g;
  const functionName = /^function\s*([\w$]+)/;
  const replace = String.prototype.replace;
  const slice = String.prototype.slice;
  const match = String.prototype.match;
  const test = RegExp.prototype.test;
  const includes = String.prototype.includes;
  const toUpperCase = String.prototype.toUpperCase;
  const numberToString = Number.prototype.toString;

  const tag = (value) => call(objectToString, value);

  // object-inspect trusts Object.prototype.toString only when no Symbol.toStringTag can fake it.
  const trustsTag = (value) =>
    !(typeof value === "object" && (toStringTag in value || typeof value[toStringTag] !== "undefined"));
  const isA = (value, kind) => tag(value) === `[object ${kind}]` && trustsTag(value);

  const succeeds = (method, value, arg) => {
    try {
      call(method, value, arg);
      return true;
    } catch {
      return false;
    }
  };

  const isMap = (v) => v !== null && typeof v === "object" && succeeds(mapSize, v) && !succeeds(setSize, v);
  const isSet = (v) => v !== null && typeof v === "object" && succeeds(setSize, v) && !succeeds(mapSize, v);
  const isWeakMap = (v) =>
    v !== null && typeof v === "object" && succeeds(weakMapHas, v, weakMapHas) && !succeeds(weakSetHas, v, weakSetHas);
  const isWeakSet = (v) =>
    v !== null && typeof v === "object" && succeeds(weakSetHas, v, weakSetHas) && !succeeds(weakMapHas, v, weakMapHas);
  const isWeakRef = (v) => weakRefDeref !== null && v !== null && typeof v === "object" && succeeds(weakRefDeref, v);
  const isBoxedBigInt = (v) => v !== null && typeof v === "object" && succeeds(bigIntValueOf, v);
  const isBoxedSymbol = (v) => v !== null && typeof v === "object" && succeeds(symbolToString, v);

  const escapeControl = (c) => {
    const code = c.charCodeAt(0);
    switch (code) {
      case 8:
        return "\\b";
      case 9:
        return "\\t";
      case 10:
        return "\\n";
      case 12:
        return "\\f";
      case 13:
        return "\\r";
      default:
        return "\\x" + (code < 16 ? "0" : "") + call(toUpperCase, call(numberToString, code, 16));
    }
  };

  const quote = (s, maxLength) => {
    if (s.length > maxLength) {
      const rest = s.length - maxLength;
      return quote(call(slice, s, 0, maxLength), maxLength) + `... ${rest} more character${rest > 1 ? "s" : ""}`;
    }
    const escaped = call(replace, call(replace, s, quoteChars, "\\$1"), controlChars, escapeControl);
    return `'${escaped}'`;
  };

  const nameOfFunction = (f) => {
    if (f.name) {
      return f.name;
    }
    const m = call(match, call(functionToString, f), functionName);
    return m ? m[1] : null;
  };

  const multiLine = (parts) => {
    for (let i = 0; i < parts.length; i++) {
      if (call(includes, parts[i], "\n")) {
        return true;
      }
    }
    return false;
  };

  // The lines of a block, indented one level deeper than `depth`.
  const block = (parts, depth) => {
    if (parts.length === 0) {
      return "";
    }
    let outer = "";
    for (let i = 0; i < depth; i++) {
      outer += INDENT;
    }
    const joiner = "\n" + outer + INDENT;
    let s = joiner + parts[0];
    for (let i = 1; i < parts.length; i++) {
      s += "," + joiner + parts[i];
    }
    return s + "\n" + outer;
  };

  const join = (parts) => {
    let s = "";
    for (let i = 0; i < parts.length; i++) {
      s += (i === 0 ? "" : ", ") + parts[i];
    }
    return s;
  };

  // Own enumerable entries ("key: value"), array indices first for arrays, then enumerable symbols.
  const entries = (obj, child) => {
    const parts = [];
    const array = isA(obj, "Array");
    if (array) {
      for (let i = 0; i < obj.length; i++) {
        parts[parts.length] = call(hasOwn, obj, i) ? child(obj[i]) : "";
      }
    }
    for (const key in obj) {
      if (!call(hasOwn, obj, key)) {
        continue;
      }
      if (array && String_(Number_(key)) === key && key < obj.length) {
        continue;
      }
      const label = call(test, nonWordChar, key) ? child(key) : key;
      parts[parts.length] = label + ": " + child(obj[key]);
    }
    const symbols = ownSymbols(obj);
    for (let i = 0; i < symbols.length; i++) {
      const symbol = symbols[i];
      if (call(isEnumerable, obj, symbol)) {
        parts[parts.length] = "[" + call(symbolToString, symbol) + "]: " + child(obj[symbol]);
      }
    }
    return parts;
  };

  const render = (value, depth, seen, options) => {
    if (value === undefined) {
      return "undefined";
    }
    if (value === null) {
      return "null";
    }
    switch (typeof value) {
      case "boolean":
        return value ? "true" : "false";
      case "string":
        return quote(value, options.maxString);
      case "number":
        return value === 0 ? (1 / value > 0 ? "0" : "-0") : String_(value);
      case "bigint":
        return String_(value) + "n";
    }
    if (depth >= MAX_DEPTH && typeof value === "object") {
      return isA(value, "Array") ? "[Array]" : "[Object]";
    }
    for (let i = 0; i < seen.length; i++) {
      if (seen[i] === value) {
        return "[Circular]";
      }
    }
    const inner = [];
    for (let i = 0; i < seen.length; i++) {
      inner[i] = seen[i];
    }
    inner[seen.length] = value;
    const child = (v) => render(v, depth + 1, inner, options);
    const key = (v) => render(v, depth + 1, inner, PLAIN);

    if (typeof value === "function" && !isA(value, "RegExp")) {
      const name = nameOfFunction(value);
      const parts = entries(value, child);
      return `[Function${name ? ": " + name : " (anonymous)"}]` + (parts.length > 0 ? ` { ${join(parts)} }` : "");
    }
    if (typeof value === "symbol") {
      return call(symbolToString, value);
    }
    if (isBoxedSymbol(value)) {
      return `Object(${call(symbolToString, value)})`;
    }
    if (isA(value, "Array")) {
      if (value.length === 0) {
        return "[]";
      }
      const parts = entries(value, child);
      return options.indent && multiLine(parts) ? "[" + block(parts, depth) + "]" : `[ ${join(parts)} ]`;
    }
    if (isA(value, "Error")) {
      const parts = entries(value, child);
      const head = "[" + String_(value) + "]";
      if (!errorHasCause && "cause" in value && !call(isEnumerable, value, "cause")) {
        const withCause = ["[cause]: " + child(value.cause)];
        for (let i = 0; i < parts.length; i++) {
          withCause[i + 1] = parts[i];
        }
        return `{ ${head} ${join(withCause)} }`;
      }
      return parts.length === 0 ? head : `{ ${head} ${join(parts)} }`;
    }
    if (typeof value === "object" && options.custom && typeof value.inspect === "function") {
      return value.inspect();
    }
    if (isMap(value)) {
      const parts = [];
      call(mapForEach, value, (v, k) => {
        parts[parts.length] = key(k) + " => " + child(v);
      });
      return collection("Map", call(mapSize, value), parts, depth, options);
    }
    if (isSet(value)) {
      const parts = [];
      call(setForEach, value, (v) => {
        parts[parts.length] = child(v);
      });
      return collection("Set", call(setSize, value), parts, depth, options);
    }
    if (isWeakMap(value)) {
      return "WeakMap { ? }";
    }
    if (isWeakSet(value)) {
      return "WeakSet { ? }";
    }
    if (isWeakRef(value)) {
      return "WeakRef { ? }";
    }
    if (isA(value, "Number")) {
      return `Object(${child(Number_(value))})`;
    }
    if (isBoxedBigInt(value)) {
      return `Object(${child(call(bigIntValueOf, value))})`;
    }
    if (isA(value, "Boolean")) {
      return `Object(${call(booleanValueOf, value)})`;
    }
    if (isA(value, "String")) {
      return `Object(${child(String_(value))})`;
    }
    if (value === globalThis) {
      return "{ [object globalThis] }";
    }
    if (isA(value, "Date") || isA(value, "RegExp")) {
      return String_(value);
    }
    return object(value, depth, child, options);
  };

  const collection = (type, size, parts, depth, options) =>
    `${type} (${size}) {` + (options.indent ? block(parts, depth) : join(parts)) + "}";

  const object = (value, depth, child, options) => {
    const parts = entries(value, child);
    const proto = getPrototypeOf(value);
    const plain = proto === objectPrototype;
    const nullProto = !(value instanceof Object_) ? "null prototype" : "";
    const stringTag =
      !plain && toStringTag in value ? call(slice, tag(value), 8, -1) : nullProto ? "Object" : "";
    const ctor = plain || typeof value.constructor !== "function" ? "" : value.constructor.name ? value.constructor.name + " " : "";
    const labels = stringTag && nullProto ? stringTag + ": " + nullProto : stringTag || nullProto;
    const prefix = ctor + (labels ? "[" + labels + "] " : "");
    if (parts.length === 0) {
      return prefix + "{}";
    }
    return options.indent ? prefix + "{" + block(parts, depth) + "}" : prefix + `{ ${join(parts)} }`;
  };

  // Console arguments, as Convex passes them to object-inspect; map keys are rendered without indent
  // or string truncation, as object-inspect does.
  const CONSOLE = Object.freeze({ maxString: MAX_STRING, indent: true, custom: true });
  const PLAIN = Object.freeze({ maxString: Infinity, indent: false, custom: true });

  return function inspect(value) {
    return render(value, 0, [], CONSOLE);
  };
})();
