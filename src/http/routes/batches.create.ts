import { createHash, type Hash } from "node:crypto";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { createBatch, parseUpload, type UploadFormat } from "../../services/batches.js";
import { ApiError } from "../../services/errors.js";
import { hasWebhookSecret } from "../../services/webhooks.js";
import type { AppEnv } from "../context.js";
import { idempotent } from "../idempotent.js";
import { requireScope } from "../middleware/auth.js";
import { bearer, problemResponses } from "../router.js";
import { BatchSchema, BatchUploadSchema } from "../schemas.js";
import { IdempotencyHeaders } from "./gradings.create.js";

export const BATCH_CONTENT_TYPES: Record<string, UploadFormat> = {
  "application/json": "json",
  "application/x-ndjson": "ndjson",
  "application/ndjson": "ndjson",
  "text/csv": "csv",
};

const route = createRoute({
  method: "post",
  path: "/v1/batches",
  tags: ["Batches"],
  summary: "Submit many answers: JSON {rubric, items}, NDJSON lines or CSV (candidate,round,answer[,externalId]) with ?rubric=",
  security: bearer,
  request: {
    headers: IdempotencyHeaders,
    query: z.object({
      rubric: z.string().min(1).max(100).optional().openapi({ description: "Required for NDJSON and CSV uploads." }),
      skipInvalid: z.enum(["true", "false"]).optional().openapi({ description: "Accept the batch without invalid rows, listed in `skipped`." }),
    }),
    // Not marked required: the JSON schema would then be applied to CSV and NDJSON bodies too.
    // Every format is parsed and validated by the handler, row by row.
    body: {
      description: "Required, in one of the three formats.",
      content: {
        "application/x-ndjson": { schema: z.string().openapi({ description: "One JSON object per line: {round, answer, candidate?, externalId?}" }) },
        "text/csv": { schema: z.string().openapi({ description: "Header candidate,round,answer[,externalId]" }) },
        // Documented by reference, not attached as a validator: a validator would parse the whole
        // body at once, and the handler streams it instead, item by item.
        "application/json": { schema: { $ref: "#/components/schemas/BatchUpload" } },
      },
    },
  },
  responses: {
    202: {
      description: "Accepted: stored and queued. `Location` is the batch to poll.",
      headers: { Location: { schema: { type: "string" }, description: "/v1/batches/{id}" } },
      content: { "application/json": { schema: BatchSchema } },
    },
    ...problemResponses(400, 401, 403, 409, 413, 415, 422),
  },
});

/** The chunks of a request body, each added to `digest` as it passes. */
async function* hashed(body: ReadableStream<Uint8Array> | null, digest: Hash): AsyncGenerator<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    digest.update(value);
    yield value;
  }
}

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.register("BatchUpload", BatchUploadSchema);
  app.openapi(route, async (c) => {
    requireScope(c, "grade");
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const format = BATCH_CONTENT_TYPES[type];
    if (!format) throw new ApiError("unsupported-media-type", `Send application/json, application/x-ndjson or text/csv (got "${type}").`);
    const query = c.req.valid("query");
    const deps = c.get("deps");
    const org = c.get("identity").organisationId;
    const gradingDeps = { ...deps, maxAnswerLength: deps.config.maxAnswerLength };
    // The scoring workers start and warm up while the upload is read.
    deps.runner?.prepare();
    // The body is read as a stream, hashed for Idempotency-Key on the way, and parsed row by row.
    const digest = createHash("sha256");
    const upload = await parseUpload(gradingDeps, format, hashed(c.req.raw.body, digest), query, { maxItems: deps.config.maxBatchItems });
    const response = await idempotent(c, { type, query, sha256: digest.digest("hex") }, async () => {
      if (upload.callbackUrl && !hasWebhookSecret(deps.db, org)) {
        throw new ApiError("validation-failed", "Create a webhook secret first (grader webhooks secret --org NAME), so callbacks can be signed.", [
          { field: "callbackUrl", message: "needs the organisation's webhook secret" },
        ]);
      }
      return { status: 202, payload: await createBatch(deps.db, org, upload, query.skipInvalid === "true", deps.clock()) };
    });
    const id = ((await response.clone().json()) as { id?: string }).id;
    if (response.status === 202 && id) response.headers.set("Location", `/v1/batches/${id}`);
    deps.runner?.kick();
    return response as never;
  });
}
