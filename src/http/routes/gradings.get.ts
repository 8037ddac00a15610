import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getGrading } from "../../services/gradings.js";
import type { AppEnv } from "../context.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { GradingSchema } from "../schemas.js";

const route = createRoute({
  method: "get",
  path: "/v1/gradings/{id}",
  tags: ["Gradings"],
  summary: "Get one stored grading",
  security: bearer,
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: { description: "The grading", content: { "application/json": { schema: GradingSchema } } },
    ...problemResponses(401, 403, 404),
  },
});

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    requireScope(c, "read");
    const { id } = c.req.valid("param");
    return c.json(getGrading(c.get("deps").db, c.get("identity").organisationId, id), 200);
  });
}
