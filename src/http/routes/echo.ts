import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context.js";
import { bearer, problemResponses } from "../router.js";

const route = createRoute({
  method: "post",
  path: "/v1/echo",
  tags: ["Diagnostics"],
  summary: "Returns the JSON body it is sent (the baseline for benchmarks: auth and JSON, no grading)",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } } },
  responses: {
    200: { description: "The same body", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
    ...problemResponses(400, 401, 413, 415, 422),
  },
});

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => c.json(c.req.valid("json"), 200));
}
