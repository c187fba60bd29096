// A running "frontend": a ConvexClient on the URL baked in by build.mjs (or the URL given as the
// first argument), subscribed to messages:list. It prints one JSON line per event on stdout:
//   {"type":"update","value":[...]}            a new result of the subscription
//   {"type":"queryError","message":"..."}      the subscription failed
//   {"type":"result","id":N,"value":...}       a mutation finished
//   {"type":"mutationError","id":N,"message":"...","data":...}
// and reads commands on stdin, one per line: `<id> <function> <body>` runs mutation <function> with
// {body}. It stays connected until stdin closes.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { ConvexClient } from "convex/browser";
import { anyApi, makeFunctionReference } from "convex/server";

const url = process.argv[2] ?? JSON.parse(readFileSync("dist/frontend.json", "utf8")).url;
const client = new ConvexClient(url);
const emit = (event) => process.stdout.write(JSON.stringify(event) + "\n");

client.onUpdate(
  anyApi.messages.list,
  {},
  (value) => emit({ type: "update", value }),
  (error) => emit({ type: "queryError", message: String(error.message), data: error.data ?? null }),
);

const lines = createInterface({ input: process.stdin });
lines.on("line", async (line) => {
  const [id, fn, ...body] = line.split(" ");
  try {
    const value = await client.mutation(makeFunctionReference(fn), { body: body.join(" ") });
    emit({ type: "result", id: Number(id), value });
  } catch (error) {
    emit({ type: "mutationError", id: Number(id), message: String(error.message), data: error.data ?? null });
  }
});
lines.on("close", async () => {
  await client.close();
  process.exit(0);
});
emit({ type: "started", url });
