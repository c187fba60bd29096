// Bundles each app under apps/<name>/convex/*.ts into <outDir>/<name>/<module>.js, one self-contained
// ES module per file (convex/server and convex/values inlined), as a deployment receives them, with the
// esbuild the convex package installs. Files under shared/ are imported by several app versions.
// Usage: node bundle.mjs <outDir>; prints {"apps": {...}} on stdout.
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const outRoot = process.argv[2];
if (!outRoot) {
  console.error("usage: node bundle.mjs <outDir>");
  process.exit(2);
}
const apps = {};
for (const app of readdirSync(path.join(here, "apps")).sort()) {
  const dir = path.join(here, "apps", app, "convex");
  const entries = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  await esbuild.build({
    absWorkingDir: here,
    entryPoints: entries.map((f) => path.join(dir, f)),
    outdir: path.join(outRoot, app),
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
  apps[app] = entries.map((f) => f.replace(/\.ts$/, ".js")).sort();
}
process.stdout.write(JSON.stringify({ apps }) + "\n");
