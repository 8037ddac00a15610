import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { AppEnv } from "../context.js";

const Status = z.object({ status: z.enum(["ok", "unavailable"]), checks: z.record(z.string(), z.string()).optional() }).openapi("Health");

const live = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["Health"],
  summary: "Liveness: the process is serving",
  responses: { 200: { description: "Alive", content: { "application/json": { schema: Status } } } },
});

const ready = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["Health"],
  summary: "Readiness: the database answers and rubrics are loaded",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: Status } } },
    503: { description: "Not ready", content: { "application/json": { schema: Status } } },
  },
});

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(live, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(ready, (c) => {
    const deps = c.get("deps");
    let database = "ok";
    try {
      deps.db.get(sql`select 1`);
    } catch (e) {
      database = `error: ${(e as Error).message}`;
    }
    const rubrics = deps.rubrics.size > 0 ? `${deps.rubrics.size} loaded` : "none loaded";
    const ok = database === "ok" && deps.rubrics.size > 0;
    return c.json({ status: ok ? ("ok" as const) : ("unavailable" as const), checks: { database, rubrics } }, ok ? 200 : 503);
  });
}
