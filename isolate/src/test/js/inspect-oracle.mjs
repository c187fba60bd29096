// Renders inspect-corpus.js with the real object-inspect, as Convex's runtime calls it, and prints the
// results as a JSON array of strings. Usage: TZ=UTC node inspect-oracle.mjs
import inspect from "object-inspect";
import { values } from "./inspect-corpus.js";

const rendered = values().map((v) => inspect(v, { maxStringLength: 32768, indent: 2, customInspect: true }));
process.stdout.write(JSON.stringify(rendered));
