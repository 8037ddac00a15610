import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { createGrading } from "../../services/gradings.js";
import type { AppEnv } from "../context.js";
import { idempotent } from "../idempotent.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { GradeRequestSchema, GradingSchema } from "../schemas.js";

export const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .optional()
    .openapi({ description: "Retries with the same key and body replay the first response for 24 hours and store nothing new." }),
});

const route = createRoute({
  method: "post",
  path: "/v1/gradings",
  tags: ["Gradings"],
  summary: "Grade an answer and store the result",
  security: bearer,
  request: { headers: IdempotencyHeaders, body: { required: true, content: { "application/json": { schema: GradeRequestSchema } } } },
  responses: {
    201: { description: "Graded and stored", content: { "application/json": { schema: GradingSchema } } },
    ...problemResponses(400, 401, 403, 409, 413, 415, 422),
  },
});

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    requireScope(c, "grade");
    const body = c.req.valid("json");
    const deps = c.get("deps");
    const org = c.get("identity").organisationId;
    return idempotent(c, body, () => ({
      status: 201,
      payload: createGrading({ ...deps, maxAnswerLength: deps.config.maxAnswerLength }, org, body),
    })) as never;
  });
}
