// The Slipway CLI's bundler driver: bundles an app's convex/ files into one self-contained ES module
// each, with the esbuild installed in the app's own node_modules. The CLI extracts this file to a
// temporary directory and runs it with `node`.
//
// stdin:  {"appDir": "/abs/app", "functionsDir": "/abs/app/convex", "files": ["messages.ts", ...]}
// stdout: one JSON object, always (exit 0):
//   {"modules": {"messages.js": "<source>", ...}, "warnings": [<message>...]}
//   {"errors": [<message>...], "warnings": [...]}     esbuild refused the code
//   {"missing": "esbuild", "message": "..."}            a package is not installed
// where <message> is {"file", "line", "column" (1-based), "text", "lineText", "notes": [text...]}.
// Anything else (a crash of this script) exits non-zero with the reason on stderr.
import { createRequire } from "node:module";
import path from "node:path";

const input = JSON.parse(await readStdin());
const { appDir, functionsDir, files } = input;

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (c) => chunks.push(c));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

/** esbuild as the app has it: its own dependency, or the one the convex package brought. */
function loadEsbuild() {
  const fromApp = createRequire(path.join(appDir, "package.json"));
  const candidates = [fromApp];
  try {
    candidates.push(createRequire(fromApp.resolve("convex/package.json")));
  } catch {
    // no convex package: the CLI checked for it already, keep looking from the app
  }
  for (const req of candidates) {
    try {
      return req(req.resolve("esbuild"));
    } catch {
      // try the next place
    }
  }
  return null;
}

function message(m) {
  return {
    file: m.location ? m.location.file : null,
    line: m.location ? m.location.line : null,
    column: m.location ? m.location.column + 1 : null,
    text: m.text,
    lineText: m.location ? m.location.lineText : null,
    notes: (m.notes ?? []).map((n) => n.text).filter((t) => t),
  };
}

function answer(value) {
  process.stdout.write(JSON.stringify(value));
}

const esbuild = loadEsbuild();
if (esbuild === null) {
  answer({ missing: "esbuild", message: `esbuild is not installed in ${path.join(appDir, "node_modules")}` });
} else {
  const outdir = path.join(appDir, ".slipway-bundle");
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: appDir,
      entryPoints: files.map((f) => path.join(functionsDir, f)),
      outdir,
      outbase: functionsDir,
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "esnext",
      jsx: "automatic",
      conditions: ["convex", "module"],
      mainFields: ["module", "main"],
      splitting: false,
      treeShaking: true,
      keepNames: true,
      define: { "process.env.NODE_ENV": '"production"' },
      metafile: true,
      write: false,
      logLevel: "silent",
    });
  } catch (e) {
    if (Array.isArray(e?.errors)) {
      answer({ errors: e.errors.map(message), warnings: (e.warnings ?? []).map(message) });
      process.exit(0);
    }
    throw e;
  }
  const errors = [];
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    const left = meta.imports.filter((i) => i.external).map((i) => i.path);
    if (left.length > 0) {
      errors.push({ file: path.relative(outdir, output), line: null, column: null,
        text: `imports left in the bundle: ${left.join(", ")}`, lineText: null, notes: [] });
    }
  }
  if (errors.length > 0) {
    answer({ errors, warnings: result.warnings.map(message) });
  } else {
    const modules = {};
    for (const file of result.outputFiles) {
      modules[path.relative(outdir, file.path).split(path.sep).join("/")] = file.text;
    }
    answer({ modules, warnings: result.warnings.map(message) });
  }
}
