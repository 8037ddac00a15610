import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { csvLine } from "../../core/csv.js";
import { getBatch, resultsPage, type ResultRow } from "../../services/batches.js";
import { ApiError } from "../../services/errors.js";
import type { AppEnv } from "../context.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { BatchResultPageSchema } from "../schemas.js";

const STREAM_PAGE = 500;
export const CSV_HEADER = ["candidate", "externalId", "round", "classification", "score", "maxScore", "missing", "needsReview", "reviewedClassification", "row", "gradingId"];

const route = createRoute({
  method: "get",
  path: "/v1/batches/{id}/results",
  tags: ["Batches"],
  summary: "Results in item order: JSON pages, or NDJSON / CSV streamed (by ?format= or Accept)",
  security: bearer,
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    query: z.object({
      format: z.enum(["json", "ndjson", "csv"]).optional(),
      cursor: z.string().regex(/^\d+$/).optional().openapi({ description: "JSON only: nextCursor of the previous page" }),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
  },
  responses: {
    200: {
      description: "Results graded so far",
      content: {
        "application/json": { schema: BatchResultPageSchema },
        "application/x-ndjson": { schema: z.string() },
        "text/csv": { schema: z.string() },
      },
    },
    ...problemResponses(401, 403, 404, 422),
  },
});

function csvRow(r: ResultRow): string {
  return csvLine([r.candidate, r.externalId, r.round, r.classification, r.score, r.maxScore, r.missing.join(";"), r.needsReview, r.reviewedClassification, r.row, r.gradingId]);
}

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    requireScope(c, "read");
    const { id } = c.req.valid("param");
    const q = c.req.valid("query");
    const { db } = c.get("deps");
    const org = c.get("identity").organisationId;
    getBatch(db, org, id);
    const accept = c.req.header("accept") ?? "";
    const format = q.format ?? (accept.includes("text/csv") ? "csv" : accept.includes("ndjson") ? "ndjson" : "json");
    if (format === "json") {
      const after = q.cursor === undefined ? -1 : Number(q.cursor);
      if (!Number.isSafeInteger(after)) throw new ApiError("validation-failed", "Bad cursor.", [{ field: "cursor", message: "is not a valid cursor" }]);
      const rows = resultsPage(db, org, id, after, q.limit + 1);
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return c.json({ items: page, nextCursor: rows.length > q.limit && last ? String(last.seq) : null }, 200);
    }
    // Streamed a page at a time from the database: never the whole batch in memory.
    let after = -1;
    let headerSent = format !== "csv";
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!headerSent) {
          controller.enqueue(encoder.encode(csvLine(CSV_HEADER)));
          headerSent = true;
        }
        const rows = resultsPage(db, org, id, after, STREAM_PAGE);
        if (rows.length === 0) {
          controller.close();
          return;
        }
        after = rows[rows.length - 1]?.seq ?? after;
        controller.enqueue(encoder.encode(rows.map((r) => (format === "csv" ? csvRow(r) : JSON.stringify(r) + "\n")).join("")));
      },
    });
    const type = format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson";
    const headers: Record<string, string> = { "content-type": type, "x-request-id": String(c.get("requestId") ?? "") };
    if (format === "csv") headers["content-disposition"] = `attachment; filename="batch-${id}.csv"`;
    return new Response(stream, { status: 200, headers }) as never;
  });
}
