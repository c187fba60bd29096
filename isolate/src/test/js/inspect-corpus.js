// Values whose console rendering must match Convex's runtime, which formats each console argument
// with object-inspect ({maxStringLength: 32768, indent: 2, customInspect: true}). ConsoleFormatTest
// logs them in Slipway's runtime and compares with inspect-oracle.mjs, which runs the real
// object-inspect under Node. Plain ES module, no imports: it is loaded as is by both.
//
// Left out on purpose: WeakRef (Convex and Slipway replace it with a non-collecting shim, Node has the
// native one) and values whose text depends on the engine rather than on the formatter.
export function values() {
  const circular = { name: "loop" };
  circular.self = circular;
  class Point {
    constructor(x, y) {
      this.x = x;
      this.y = y;
    }
  }
  const withCode = Object.assign(new TypeError("typed"), { code: 42 });
  const nullProto = Object.assign(Object.create(null), { a: 1 });
  const fnWithProps = Object.assign(function named() {}, { extra: true });
  const arrayWithLabel = Object.assign([1, 2], { label: "x" });
  // eslint-disable-next-line no-sparse-arrays
  const sparse = [1, , 3];
  const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
  const tagged = { [Symbol.toStringTag]: "Custom", v: 1 };
  return [
    "hi",
    "",
    "it's",
    "back\\slash",
    "line\nbreak\ttab\u0001\u001f\r\b\f",
    "x".repeat(40000),
    "é ünïcode ✓",
    0,
    -0,
    1.5,
    NaN,
    Infinity,
    -Infinity,
    123456789,
    1e21,
    10n,
    -5n,
    true,
    false,
    null,
    undefined,
    Symbol("s"),
    Symbol(),
    Symbol.iterator,
    [],
    [1, "two", [3]],
    sparse,
    arrayWithLabel,
    [{ a: 1 }, { b: [1, 2] }],
    {},
    { a: 1 },
    { "with-dash": 1, $ok: 2, _u: 3, 42: "n", "": "empty" },
    { nested: { list: [1, { deep: true }], s: "x" } },
    deep,
    circular,
    new Point(1, 2),
    nullProto,
    tagged,
    function () {},
    () => 1,
    fnWithProps,
    class Foo {},
    async function asyncNamed() {},
    new Error("bad"),
    withCode,
    new RangeError(""),
    new Map([
      ["k", 1],
      [{ o: 1 }, "obj"],
    ]),
    new Set([1, "a", { s: 1 }]),
    new Map(),
    new Set(),
    new WeakMap(),
    new WeakSet(),
    /re+/gi,
    new Date(0),
    new Number(3),
    new String("boxed"),
    new Boolean(false),
    Object(10n),
    Object(Symbol("b")),
    new Uint8Array([1, 2]),
    new ArrayBuffer(2),
    { [Symbol("k")]: "symbol value", plain: 1 },
    { inspect() { return "custom!"; } },
    globalThis,
    [[[[[[1]]]]]],
    { list: [{ a: [{ b: 1 }] }] },
  ];
}
