import { query } from "./_generated/server";

export const current = query({
  args: {},
  handler: async () => "v1",
});
