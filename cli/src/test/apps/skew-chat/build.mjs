// The "frontend build": `slipway deploy --cmd "node build.mjs"` runs it with CONVEX_URL set to the
// pinned URL of the version being deployed, and it bakes that URL into dist/frontend.json, as a
// bundler bakes it into a web app.
import { mkdirSync, writeFileSync } from "node:fs";

const url = process.env.CONVEX_URL;
if (!url) {
  console.error("build.mjs: CONVEX_URL is not set");
  process.exit(1);
}
mkdirSync("dist", { recursive: true });
writeFileSync("dist/frontend.json", JSON.stringify({ url }));
console.log(`built the frontend for ${url}`);
