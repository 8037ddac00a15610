import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { reviewGrading } from "../../services/gradings.js";
import type { AppEnv } from "../context.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { GradingSchema, ReviewRequestSchema } from "../schemas.js";

const route = createRoute({
  method: "patch",
  path: "/v1/gradings/{id}/review",
  tags: ["Gradings"],
  summary: "Set the final classification by hand; the automatic one is kept beside it",
  security: bearer,
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    body: { required: true, content: { "application/json": { schema: ReviewRequestSchema } } },
  },
  responses: {
    200: { description: "The grading with its review", content: { "application/json": { schema: GradingSchema } } },
    ...problemResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    requireScope(c, "review");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const deps = c.get("deps");
    const identity = c.get("identity");
    const grading = reviewGrading({ ...deps, maxAnswerLength: deps.config.maxAnswerLength }, identity.organisationId, id, {
      classification: body.classification,
      note: body.note,
      reviewer: identity.keyName,
    });
    return c.json(grading, 200);
  });
}
