#!/usr/bin/env node
// scenarios/gen-scenarios.mjs, runnable from the fixture directory:
//   node gen-scenarios.mjs <seed> <count> [--include-oracle-gaps]
import { main } from "./scenarios/gen-scenarios.mjs";

process.exitCode = main(process.argv.slice(2));
