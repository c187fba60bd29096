// The chat page: subscribes to messages:list with the convex browser client (every new message
// arrives over the WebSocket) and posts with messages:send. The deployment URL is put in at build
// time (build.mjs), from SLIPWAY_URL, which `slipway deploy --cmd 'npm run build'` sets.
import { ConvexClient } from "convex/browser";
import { ConvexError } from "convex/values";
import { api } from "../convex/_generated/api.js";

const client = new ConvexClient(process.env.SLIPWAY_URL);
const channel = new URLSearchParams(location.search).get("channel") ?? "general";
document.getElementById("channel").textContent = channel;

const list = document.getElementById("messages");
const error = document.getElementById("error");

client.onUpdate(api.messages.list, { channel }, (messages) => {
  list.replaceChildren(
    ...messages.map((m) => {
      const item = document.createElement("li");
      const author = document.createElement("span");
      author.className = "author";
      author.textContent = m.author;
      item.append(author, m.body);
      return item;
    }),
  );
});

document.getElementById("send").addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = document.getElementById("body");
  const author = document.getElementById("author").value || "anonymous";
  try {
    await client.mutation(api.messages.send, { channel, author, body: body.value });
    body.value = "";
    error.textContent = "";
  } catch (e) {
    error.textContent = e instanceof ConvexError ? e.data.reason : String(e);
  }
});
