import { query } from "./_generated/server";

/** The channels that have messages, with their message counts, by name. */
export const list = query({
  args: {},
  handler: async (ctx) => {
    const counts = new Map<string, number>();
    for (const message of await ctx.db.query("messages").collect()) {
      counts.set(message.channel, (counts.get(message.channel) ?? 0) + 1);
    }
    return [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, messages]) => ({ name, messages }));
  },
});
