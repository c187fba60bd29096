// Reads process.env at module load (top-level code) and inside a function.
import { queryGeneric as query } from "convex/server";

const greetingAtLoad = process.env.GREETING ?? null;

export const read = query({
  args: {},
  handler: async () => ({
    atLoad: greetingAtLoad,
    inCall: process.env.GREETING ?? null,
    other: process.env.OTHER ?? null,
  }),
});
