import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listGradings } from "../../services/gradings.js";
import type { AppEnv } from "../context.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { GradingListSchema, LevelSchema } from "../schemas.js";

const Query = z.object({
  candidate: z.string().min(1).max(200).optional(),
  rubric: z.string().min(1).max(100).optional(),
  round: z.coerce.number().int().min(1).optional(),
  classification: LevelSchema.optional(),
  needsReview: z.enum(["true", "false"]).optional(),
  createdFrom: z.iso.datetime().optional().openapi({ description: "ISO 8601, inclusive" }),
  createdTo: z.iso.datetime().optional().openapi({ description: "ISO 8601, inclusive" }),
  cursor: z.string().max(500).optional().openapi({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const route = createRoute({
  method: "get",
  path: "/v1/gradings",
  tags: ["Gradings"],
  summary: "List stored gradings, newest first",
  security: bearer,
  request: { query: Query },
  responses: {
    200: { description: "A page of gradings", content: { "application/json": { schema: GradingListSchema } } },
    ...problemResponses(401, 403, 422),
  },
});

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    requireScope(c, "read");
    const q = c.req.valid("query");
    const page = listGradings(c.get("deps").db, c.get("identity").organisationId, {
      candidate: q.candidate,
      rubric: q.rubric,
      round: q.round,
      classification: q.classification,
      needsReview: q.needsReview === undefined ? undefined : q.needsReview === "true",
      createdFrom: q.createdFrom ? new Date(q.createdFrom) : undefined,
      createdTo: q.createdTo ? new Date(q.createdTo) : undefined,
      cursor: q.cursor,
      limit: q.limit,
    });
    return c.json(page, 200);
  });
}
