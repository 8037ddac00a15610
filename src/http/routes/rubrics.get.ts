import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { PatternSource } from "../../core/rubric/schema.js";
import { ApiError } from "../../services/errors.js";
import { hasScope } from "../../services/keys.js";
import type { AppEnv } from "../context.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { RubricDetailSchema } from "../schemas.js";

const route = createRoute({
  method: "get",
  path: "/v1/rubrics/{id}",
  tags: ["Rubrics"],
  summary: "A rubric's rounds, questions, concepts and feedback (patterns with the admin scope)",
  security: bearer,
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: { description: "The rubric", content: { "application/json": { schema: RubricDetailSchema } } },
    ...problemResponses(401, 403, 404),
  },
});

const show = (p: PatternSource): string => (typeof p === "string" ? p : JSON.stringify(p));

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    requireScope(c, "read");
    const { id } = c.req.valid("param");
    const loaded = c.get("deps").rubrics.get(id);
    if (!loaded) throw new ApiError("not-found", `No rubric "${id}". Valid rubrics: ${[...c.get("deps").rubrics.keys()].join(", ")}.`);
    const admin = hasScope(c.get("identity"), "admin");
    const { compiled, contentHash } = loaded;
    return c.json(
      {
        id: compiled.id,
        title: compiled.title,
        version: compiled.version,
        contentHash,
        rounds: compiled.source.rounds.map((r) => ({
          number: r.number,
          key: r.key,
          title: r.title,
          question: r.question,
          thresholds: r.thresholds,
          concepts: r.concepts.map((k) => ({
            id: k.id,
            label: k.label,
            kind: k.kind,
            weight: k.weight,
            feedback: k.feedback,
            ...(k.unless ? { unless: k.unless } : {}),
            ...(admin ? { patterns: k.patterns.map(show) } : {}),
          })),
        })),
      },
      200,
    );
  });
}
