// Bundles convex/*.ts like the convex CLI does for the Convex runtime (one ES module per entry, shared
// code split into _deps/ chunks, convex/server and convex/values inlined), with the esbuild that the
// convex package installs, and writes the benchmark's table next to it.
//
// Usage: node bundle.mjs [outdir]   (default: ../../../target/runtime-app, i.e. benchmarks/target/runtime-app)
// Writes <outdir>/modules/*.js (what Slipway loads), <outdir>/docs.jsonl (one Convex-JSON document a
// line) and <outdir>/package.json ({"type":"module"}, so Node imports the modules as ES modules).
import * as esbuild from "esbuild";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { documents } from "./fixture.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT = path.resolve(here, "../../../target/runtime-app");

/** Bundles the app into `outdir`; answers the directory of the modules. */
export async function bundle(outdir = DEFAULT_OUT) {
  const modules = path.join(outdir, "modules");
  await bundleModules(path.join(here, "convex"), modules);
  writeFileSync(path.join(outdir, "package.json"), '{"type":"module"}\n');
  writeFileSync(path.join(outdir, "docs.jsonl"), documents().map((d) => d.json + "\n").join(""));
  return modules;
}

/** Bundles every `*.ts` entry of the Convex app directory `dir` into the (emptied) directory `modules`. */
export async function bundleModules(dir, modules) {
  rmSync(modules, { recursive: true, force: true });
  mkdirSync(modules, { recursive: true });
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
    outdir: modules,
    outbase: dir,
    splitting: true,
    chunkNames: "_deps/[hash]",
    treeShaking: true,
    keepNames: true,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundle(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_OUT);
}
