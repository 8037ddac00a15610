import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { previewGrading } from "../../services/gradings.js";
import type { AppEnv } from "../context.js";
import { idempotent } from "../idempotent.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { GradeRequestSchema, GradingSchema } from "../schemas.js";
import { IdempotencyHeaders } from "./gradings.create.js";

const route = createRoute({
  method: "post",
  path: "/v1/gradings/preview",
  tags: ["Gradings"],
  summary: "Grade an answer without storing it (for rubric authors)",
  security: bearer,
  request: { headers: IdempotencyHeaders, body: { required: true, content: { "application/json": { schema: GradeRequestSchema } } } },
  responses: {
    200: { description: "The grading; id is null because nothing is stored", content: { "application/json": { schema: GradingSchema } } },
    ...problemResponses(400, 401, 403, 409, 413, 415, 422),
  },
});

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    requireScope(c, "grade");
    const body = c.req.valid("json");
    const deps = c.get("deps");
    return idempotent(c, body, () => ({
      status: 200,
      payload: previewGrading({ ...deps, maxAnswerLength: deps.config.maxAnswerLength }, body),
    })) as never;
  });
}
