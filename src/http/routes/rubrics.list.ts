import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { RubricSummarySchema } from "../schemas.js";

const route = createRoute({
  method: "get",
  path: "/v1/rubrics",
  tags: ["Rubrics"],
  summary: "List the rubrics answers can be graded with",
  security: bearer,
  responses: {
    200: { description: "Rubrics", content: { "application/json": { schema: z.object({ items: z.array(RubricSummarySchema) }) } } },
    ...problemResponses(401, 403),
  },
});

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    requireScope(c, "read");
    const items = [...c.get("deps").rubrics.values()].map(({ compiled, contentHash }) => ({
      id: compiled.id,
      title: compiled.title,
      version: compiled.version,
      contentHash,
      rounds: compiled.rounds.map((r) => ({ number: r.number, key: r.key, title: r.title })),
    }));
    return c.json({ items }, 200);
  });
}
