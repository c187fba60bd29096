import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("heartbeat", { minutes: 5 }, internal.admin.stats.recordEvent, {
  kind: "heartbeat",
  detail: null,
});
crons.daily("nightly audit", { hourUTC: 3, minuteUTC: 30 }, internal.admin.stats.recordEvent, {
  kind: "nightly",
  detail: { source: "cron" },
});

export default crons;
