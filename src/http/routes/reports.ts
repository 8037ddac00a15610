import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { ApiError } from "../../services/errors.js";
import { candidateReport, rubricStats } from "../../services/reports.js";
import type { AppEnv } from "../context.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { LevelSchema } from "../schemas.js";

const Missing = z.object({ id: z.string(), label: z.string(), feedback: z.string() });

const ReportSchema = z
  .object({
    candidate: z.string(),
    rubric: z.object({ id: z.string(), version: z.string() }),
    rounds: z.array(
      z.object({
        round: z.number().int(),
        key: z.string(),
        title: z.string(),
        grading: z
          .object({
            id: z.string(),
            classification: LevelSchema,
            reviewedClassification: z.enum(["weak", "strong", "senior"]).nullable(),
            finalClassification: LevelSchema,
            score: z.number(),
            maxScore: z.number(),
            missing: z.array(Missing),
            createdAt: z.string(),
          })
          .nullable(),
      }),
    ),
    overall: z.object({ level: LevelSchema, gradedRounds: z.number().int(), totalRounds: z.number().int(), rule: z.string() }),
  })
  .openapi("CandidateReport");

const StatsSchema = z
  .object({
    rubric: z.string(),
    batch: z.string().nullable(),
    rounds: z.array(
      z.object({
        round: z.number().int(),
        key: z.string(),
        total: z.number().int(),
        classifications: z.object({ weak: z.number().int(), strong: z.number().int(), senior: z.number().int() }),
        mostMissed: z.array(z.object({ id: z.string(), label: z.string(), count: z.number().int() })),
      }),
    ),
  })
  .openapi("RubricStats");

const report = createRoute({
  method: "get",
  path: "/v1/candidates/{externalId}/report",
  tags: ["Reports"],
  summary: "A candidate's latest grading per round of a rubric, and an overall level with the rule that makes it",
  security: bearer,
  request: { params: z.object({ externalId: z.string().min(1).max(200) }), query: z.object({ rubric: z.string().min(1).max(100) }) },
  responses: { 200: { description: "The report", content: { "application/json": { schema: ReportSchema } } }, ...problemResponses(401, 403, 404, 422) },
});

const stats = createRoute({
  method: "get",
  path: "/v1/rubrics/{id}/stats",
  tags: ["Reports"],
  summary: "Per round: the distribution of final classifications and the concepts most often missed (optionally for one batch)",
  security: bearer,
  request: { params: z.object({ id: z.string().min(1).max(100) }), query: z.object({ batch: z.string().min(1).max(100).optional() }) },
  responses: { 200: { description: "The statistics", content: { "application/json": { schema: StatsSchema } } }, ...problemResponses(401, 403, 404, 422) },
});

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(report, (c) => {
    requireScope(c, "read");
    const deps = c.get("deps");
    const { rubric } = c.req.valid("query");
    const loaded = deps.rubrics.get(rubric);
    if (!loaded) throw new ApiError("validation-failed", `Unknown rubric "${rubric}". Valid rubrics: ${[...deps.rubrics.keys()].join(", ")}.`, [{ field: "rubric", message: "unknown rubric" }]);
    return c.json(candidateReport(deps.db, c.get("identity").organisationId, c.req.valid("param").externalId, loaded), 200);
  });
  app.openapi(stats, (c) => {
    requireScope(c, "read");
    const deps = c.get("deps");
    const { id } = c.req.valid("param");
    const loaded = deps.rubrics.get(id);
    if (!loaded) throw new ApiError("not-found", `No rubric "${id}".`);
    return c.json(rubricStats(deps.db, c.get("identity").organisationId, loaded, c.req.valid("query").batch), 200);
  });
}
