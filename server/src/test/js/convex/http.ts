import { httpActionGeneric as httpAction, httpRouter } from "convex/server";

const http = httpRouter();

http.route({
  path: "/hello",
  method: "GET",
  handler: httpAction(async (_ctx, request) => {
    const name = new URL(request.url).searchParams.get("name") ?? "nobody";
    return new Response(`hello ${name}`, { status: 200, headers: { "content-type": "text/plain" } });
  }),
});

http.route({
  path: "/echo",
  method: "POST",
  handler: httpAction(async (_ctx, request) => {
    const text = await request.text();
    return new Response(JSON.stringify({ got: text }), { status: 201, headers: { "content-type": "application/json" } });
  }),
});

http.route({
  path: "/boom",
  method: "GET",
  handler: httpAction(async () => {
    throw new Error("kaboom");
  }),
});

export default http;
