// Builds the web page into dist/: web/app.js bundled with the convex browser client, and
// index.html. The deployment URL comes from SLIPWAY_URL (set by `slipway deploy --cmd`, or by
// hand), falling back to the one in .env.local.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import * as esbuild from "esbuild";

function urlFromEnvLocal() {
  if (!existsSync(".env.local")) return undefined;
  const line = readFileSync(".env.local", "utf8")
    .split("\n")
    .find((l) => l.startsWith("SLIPWAY_URL="));
  return line?.slice("SLIPWAY_URL=".length).trim();
}

const url = process.env.SLIPWAY_URL ?? urlFromEnvLocal();
if (!url) {
  console.error("build.mjs: set SLIPWAY_URL to the deployment URL (or run `slipway init` for .env.local)");
  process.exit(1);
}
mkdirSync("dist", { recursive: true });
await esbuild.build({
  entryPoints: ["web/app.js"],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2020",
  outfile: "dist/app.js",
  define: { "process.env.SLIPWAY_URL": JSON.stringify(url) },
  logLevel: "warning",
});
copyFileSync("web/index.html", "dist/index.html");
console.log(`built dist/ for ${url}`);
