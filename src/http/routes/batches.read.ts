import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { cancelBatch, getBatch, listBatches } from "../../services/batches.js";
import type { AppEnv } from "../context.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { BatchListSchema, BatchSchema } from "../schemas.js";

const Id = z.object({ id: z.string().min(1).max(100) });

const get = createRoute({
  method: "get",
  path: "/v1/batches/{id}",
  tags: ["Batches"],
  summary: "Progress of a batch: status, total, processed, counts per classification, needs-review count, times",
  security: bearer,
  request: { params: Id },
  responses: { 200: { description: "The batch", content: { "application/json": { schema: BatchSchema } } }, ...problemResponses(401, 403, 404) },
});

const list = createRoute({
  method: "get",
  path: "/v1/batches",
  tags: ["Batches"],
  summary: "The organisation's batches, newest first",
  security: bearer,
  request: {
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(500).optional() }),
  },
  responses: { 200: { description: "A page of batches", content: { "application/json": { schema: BatchListSchema } } }, ...problemResponses(401, 403, 422) },
});

const cancel = createRoute({
  method: "post",
  path: "/v1/batches/{id}/cancel",
  tags: ["Batches"],
  summary: "Stop grading a batch; what was graded stays",
  security: bearer,
  request: { params: Id },
  responses: { 200: { description: "The batch", content: { "application/json": { schema: BatchSchema } } }, ...problemResponses(401, 403, 404, 415) },
});

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(get, (c) => {
    requireScope(c, "read");
    return c.json(getBatch(c.get("deps").db, c.get("identity").organisationId, c.req.valid("param").id), 200);
  });
  app.openapi(list, (c) => {
    requireScope(c, "read");
    const q = c.req.valid("query");
    return c.json(listBatches(c.get("deps").db, c.get("identity").organisationId, q.limit, q.cursor), 200);
  });
  app.openapi(cancel, (c) => {
    requireScope(c, "grade");
    const deps = c.get("deps");
    const batch = cancelBatch(deps.db, c.get("identity").organisationId, c.req.valid("param").id, deps.clock());
    deps.runner?.kick();
    return c.json(batch, 200);
  });
}
