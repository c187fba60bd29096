// Cross-checks Slipway's Convex-JSON codec and value order against the real `convex` npm package.
// Driven by dev.slipway.value.ConvexJsCrossCheckTest.
//
// Usage: node crosscheck.mjs <cases.jsonl> <results.jsonl>
// Each input line is one case:
//   {"id": n, "op": "rt",  "v": <Convex-JSON>}            -> {"id": n, "out": JSON.stringify(convexToJson(jsonToConvex(v))),
//                                                             "size": getConvexSize(jsonToConvex(v))}
//   {"id": n, "op": "cmp", "a": <Convex-JSON>, "b": ...}  -> {"id": n, "cmp": sign(compareValues(a, b))}
//      (a missing "a" or "b" stands for `undefined`)
// A case that throws gives {"id": n, "error": message}.
import { readFileSync, writeFileSync } from "node:fs";
import { convexToJson, jsonToConvex, compareValues, getConvexSize } from "convex/values";

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node crosscheck.mjs <cases.jsonl> <results.jsonl>");
  process.exit(2);
}

function run(c) {
  switch (c.op) {
    case "rt": {
      const value = jsonToConvex(c.v);
      return { out: JSON.stringify(convexToJson(value)), size: getConvexSize(value) };
    }
    case "cmp": {
      const a = "a" in c ? jsonToConvex(c.a) : undefined;
      const b = "b" in c ? jsonToConvex(c.b) : undefined;
      return { cmp: Math.sign(compareValues(a, b)) };
    }
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

const results = [];
for (const line of readFileSync(input, "utf8").split("\n")) {
  if (line.trim() === "") continue;
  const c = JSON.parse(line);
  try {
    results.push(JSON.stringify({ id: c.id, ...run(c) }));
  } catch (e) {
    results.push(JSON.stringify({ id: c.id, error: String(e && e.message ? e.message : e) }));
  }
}
writeFileSync(output, results.join("\n") + "\n");
