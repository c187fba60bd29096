import { httpRouter } from "convex/server";
import { ConvexError } from "convex/values";
import { api } from "./_generated/api";
import { httpAction } from "./_generated/server";
import type { Id } from "./_generated/dataModel";

const http = httpRouter();

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });

http.route({
  path: "/health",
  method: "GET",
  handler: httpAction(async () => new Response("ok", { status: 200, headers: { "content-type": "text/plain" } })),
});

/** GET /users/by-email?email=... answers from a query. */
http.route({
  path: "/users/by-email",
  method: "GET",
  handler: httpAction(async (ctx, request) => {
    const email = new URL(request.url).searchParams.get("email");
    if (email === null) {
      return json({ error: "missing email" }, 400);
    }
    const user = await ctx.runQuery(api.users.getByEmail, { email });
    return user === null ? json({ found: false }, 404) : json({ found: true, name: user.name, role: user.role });
  }),
});

/** POST /messages with a JSON body sends a message through a mutation. */
http.route({
  path: "/messages",
  method: "POST",
  handler: httpAction(async (ctx, request) => {
    const body = (await request.json()) as { channelId: string; authorId: string; body: string };
    try {
      const sent = await ctx.runMutation(api.messages.send, {
        channelId: body.channelId as Id<"channels">,
        authorId: body.authorId as Id<"users">,
        body: body.body,
        tags: ["http"],
      });
      return json({ seq: Number(sent.seq) }, 201);
    } catch (e) {
      if (e instanceof ConvexError) {
        return json({ error: e.data }, 400);
      }
      return json({ error: "failed" }, 500);
    }
  }),
});

/** POST /echo returns the text body with its length. */
http.route({
  path: "/echo",
  method: "POST",
  handler: httpAction(async (_ctx, request) => {
    const text = await request.text();
    return json({ method: request.method, length: text.length, text });
  }),
});

/** Everything under /files/ (a path prefix route). */
http.route({
  pathPrefix: "/files/",
  method: "GET",
  handler: httpAction(async (_ctx, request) => {
    const path = new URL(request.url).pathname;
    return new Response(`file ${path.slice("/files/".length)}`, { headers: { "content-type": "text/plain" } });
  }),
});

export default http;
