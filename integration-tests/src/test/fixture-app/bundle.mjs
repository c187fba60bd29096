#!/usr/bin/env node
// Bundles every entry file of convex/ into one self-contained ES module each, the way a Convex
// deployment receives them: `convex/server` and `convex/values` inlined, no imports left.
//
//   node bundle.mjs <outDir> [functionsDir]
//
// Writes <outDir>/<path>.js (messages.js, admin/stats.js, schema.js, http.js, ...) and prints
// {"modules": [...]} on stdout. Build errors go to stderr as file:line:column: message, exit 1.
// Files already in <outDir> are overwritten when a module has their name, and otherwise left.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The extensions esbuild can start a bundle from, as the convex CLI accepts them. */
const ENTRY_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx"];

/**
 * Entry files under `dir`, relative, with forward slashes, sorted. Like the convex CLI it skips
 * `_generated/`, dotfiles and names with more than one dot (so `*.d.ts`), and files with spaces;
 * unlike it, it keeps `schema.ts`, which the CLI bundles in a separate pass.
 */
export function entryFiles(dir) {
  const found = [];
  const walk = (rel) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const relPath = rel === "" ? name : `${rel}/${name}`;
      if (name.startsWith(".") || name.startsWith("#")) continue;
      if (statSync(path.join(dir, relPath)).isDirectory()) {
        if (relPath !== "_generated" && name !== "node_modules") walk(relPath);
        continue;
      }
      const ext = path.extname(name).toLowerCase();
      if (!ENTRY_EXTENSIONS.includes(ext)) continue;
      if ((name.match(/\./g) ?? []).length > 1) continue;
      if (relPath.includes(" ")) continue;
      found.push(relPath);
    }
  };
  walk("");
  return found;
}

/** The module path a bundle is stored under: `admin/stats.ts` → `admin/stats.js`. */
export function modulePath(entry) {
  return entry.slice(0, entry.length - path.extname(entry).length) + ".js";
}

function formatMessage(m) {
  const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}` : "<bundle>";
  return `${where}: ${m.text}`;
}

async function main(argv) {
  if (argv.length < 1 || argv.length > 2) {
    process.stderr.write("usage: node bundle.mjs <outDir> [functionsDir]\n");
    return 2;
  }
  const outDir = path.resolve(argv[0]);
  const functionsDir = path.resolve(argv[1] ?? path.join(here, "convex"));
  if (!existsSync(functionsDir)) {
    process.stderr.write(`${functionsDir}: functions directory not found\n`);
    return 1;
  }
  const entries = entryFiles(functionsDir);
  if (entries.length === 0) {
    process.stderr.write(`${functionsDir}: no entry files\n`);
    return 1;
  }
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: functionsDir,
      entryPoints: entries,
      outdir: outDir,
      outbase: functionsDir,
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "esnext",
      conditions: ["convex", "module"],
      mainFields: ["module", "main"],
      // A functions directory outside this fixture still gets `convex` from our node_modules.
      nodePaths: [path.join(here, "node_modules")],
      splitting: false,
      treeShaking: true,
      keepNames: true,
      // The convex CLI defines this too; a bundle must not depend on a real process object for it.
      define: { "process.env.NODE_ENV": '"production"' },
      metafile: true,
      write: false,
      logLevel: "silent",
    });
  } catch (e) {
    if (Array.isArray(e?.errors)) {
      for (const m of e.errors) process.stderr.write(`${formatMessage(m)}\n`);
      return 1;
    }
    throw e;
  }
  for (const m of result.warnings) process.stderr.write(`warning: ${formatMessage(m)}\n`);
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    const left = meta.imports.filter((i) => i.external);
    if (left.length > 0) {
      process.stderr.write(`${output}: imports left in the bundle: ${left.map((i) => i.path).join(", ")}\n`);
      return 1;
    }
  }
  const modules = [];
  for (const file of result.outputFiles) {
    const rel = path.relative(outDir, file.path).split(path.sep).join("/");
    mkdirSync(path.dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.contents);
    modules.push(rel);
  }
  modules.sort();
  const expected = entries.map(modulePath).sort();
  if (JSON.stringify(modules) !== JSON.stringify(expected)) {
    process.stderr.write(`bundle outputs ${JSON.stringify(modules)} differ from entries ${JSON.stringify(expected)}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify({ modules })}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
