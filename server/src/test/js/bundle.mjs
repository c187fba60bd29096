// Bundles convex/*.ts into one self-contained ES module each (convex/server and convex/values inlined),
// as a deployment receives them, with the esbuild the convex package installs.
// Usage: node bundle.mjs <outDir>; prints {"modules": [...]} on stdout.
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2];
if (!outdir) {
  console.error("usage: node bundle.mjs <outDir>");
  process.exit(2);
}
const dir = path.join(here, "convex");
const entries = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
await esbuild.build({
  absWorkingDir: here,
  entryPoints: entries.map((f) => path.join(dir, f)),
  outdir,
  outbase: dir,
  bundle: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  conditions: ["convex", "module"],
  target: "esnext",
  keepNames: true,
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "error",
});
process.stdout.write(JSON.stringify({ modules: entries.map((f) => f.replace(/\.ts$/, ".js")).sort() }) + "\n");
