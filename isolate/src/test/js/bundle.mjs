// Bundles convex/*.ts like the convex CLI does for the Convex runtime (one ES module per entry, shared
// code split into _deps/ chunks, convex/server and convex/values inlined), with the esbuild that the
// convex package installs. Usage: node bundle.mjs <outdir>
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";
import path from "node:path";

const outdir = process.argv[2];
if (!outdir) {
  console.error("usage: node bundle.mjs <outdir>");
  process.exit(2);
}
const dir = "convex";
const entryPoints = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
  .map((f) => path.join(dir, f));

await esbuild.build({
  entryPoints,
  bundle: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  conditions: ["convex", "module"],
  target: "esnext",
  outdir,
  outbase: dir,
  splitting: true,
  chunkNames: "_deps/[hash]",
  treeShaking: true,
  keepNames: true,
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
