import { query } from "./_generated/server";

/** The value of GREETING in the deployment's environment, or null (for EnvCommandTest). */
export const greeting = query({
  args: {},
  handler: async () => process.env.GREETING ?? null,
});
