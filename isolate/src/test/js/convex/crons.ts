import { cronJobs, makeFunctionReference } from "convex/server";

const crons = cronJobs();
crons.interval("tidy up", { minutes: 5 }, makeFunctionReference<"mutation">("messages:send"), {
  channel: "cron",
  body: "tick",
});
export default crons;
