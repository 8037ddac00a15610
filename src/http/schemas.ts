// The zod schemas that validate requests and describe responses; the OpenAPI
// document is generated from them.
import { z } from "@hono/zod-openapi";

export const LevelSchema = z.enum(["weak", "strong", "senior"]).openapi("Level");

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "https://gauntlet-grader.dev/problems/validation-failed" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "For validation problems: each field and what is wrong with it." }),
  })
  .catchall(z.unknown())
  .openapi("Problem");

export const GradeRequestSchema = z
  .object({
    rubric: z.string().min(1).max(100).openapi({ example: "network-latency-spikes", description: "Rubric id (GET /v1/rubrics lists them)." }),
    round: z
      .union([z.number().int().min(1), z.string().min(1).max(100)])
      .openapi({ example: 3, description: "Round number or key." }),
    answer: z.string().openapi({ description: "The answer text, up to the configured length (default 20,000 characters)." }),
    candidate: z.string().min(1).max(200).optional().openapi({ description: "Your id for the candidate or learner." }),
    externalId: z.string().min(1).max(200).optional().openapi({ description: "Your id for this answer (submission, attempt)." }),
    metadata: z.record(z.string(), z.unknown()).optional().openapi({ description: "Stored and returned as given." }),
  })
  .strict()
  .openapi("GradeRequest");

const EvidenceSchema = z.object({
  start: z.number().int().openapi({ description: "UTF-16 offset into the answer where the evidence starts." }),
  end: z.number().int(),
  text: z.string().openapi({ description: "answer.slice(start, end)" }),
  variant: z.string().openapi({ description: "The rubric pattern that matched." }),
  negated: z.boolean(),
  typo: z.boolean(),
});

const ConceptResultSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(["core", "senior", "weak-move"]),
  weight: z.number(),
  matched: z.boolean(),
  negated: z.boolean().openapi({ description: "Stated only under negation: no credit." }),
  evidence: z.array(EvidenceSchema),
});

const FeedbackSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(["core", "senior", "weak-move"]),
  feedback: z.string(),
});

const FlagSchema = z.object({
  code: z.enum(["weak-move", "keyword-stuffing", "empty", "too-short", "off-topic", "truncated"]),
  message: z.string(),
  concept: z.string().optional(),
});

export const LtiScoreSchema = z
  .object({
    userId: z.string().optional(),
    scoreGiven: z.number(),
    scoreMaximum: z.number(),
    comment: z.string(),
    timestamp: z.string().openapi({ example: "2026-11-24T16:20:31.123Z" }),
    activityProgress: z.literal("Completed"),
    gradingProgress: z.enum(["FullyGraded", "PendingManual"]),
  })
  .openapi("LtiScore", { description: "An LTI Assignment and Grade Services score, ready to forward to a gradebook." });

export const ReviewSchema = z.object({
  classification: LevelSchema,
  note: z.string(),
  reviewedBy: z.string().openapi({ description: "Name of the API key that set the review." }),
  reviewedAt: z.string(),
});

export const GradingSchema = z
  .object({
    id: z.string().nullable().openapi({ description: "null for previews, which are not stored." }),
    rubric: z.object({ id: z.string(), version: z.string() }),
    round: z.number().int(),
    roundKey: z.string(),
    candidate: z.string().nullable(),
    externalId: z.string().nullable(),
    answer: z.string(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    classification: LevelSchema.openapi({ description: "The automatic classification." }),
    finalClassification: LevelSchema.openapi({ description: "The reviewed classification if a human set one, else the automatic one." }),
    score: z.number(),
    maxScore: z.number(),
    reason: z.string(),
    concepts: z.array(ConceptResultSchema),
    missing: z.array(FeedbackSchema),
    weakMoves: z.array(FeedbackSchema),
    flags: z.array(FlagSchema),
    needsReview: z.boolean(),
    review: ReviewSchema.nullable(),
    createdAt: z.string(),
    lti: LtiScoreSchema,
  })
  .openapi("Grading");

export const GradingListSchema = z
  .object({ items: z.array(GradingSchema), nextCursor: z.string().nullable() })
  .openapi("GradingList");

export const ReviewRequestSchema = z
  .object({
    classification: LevelSchema,
    note: z.string().min(1).max(2000).openapi({ description: "Why the human grade differs, or confirms." }),
  })
  .strict()
  .openapi("ReviewRequest");

const RubricConceptSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(["core", "senior", "weak-move"]),
  weight: z.number(),
  feedback: z.string(),
  unless: z
    .array(z.string())
    .optional()
    .openapi({ description: "Weak moves only: ids of the concepts whose match excuses this move." }),
  patterns: z.array(z.string()).optional().openapi({ description: "Only with the admin scope." }),
});

export const RubricSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    version: z.string(),
    contentHash: z.string(),
    rounds: z.array(z.object({ number: z.number().int(), key: z.string(), title: z.string() })),
  })
  .openapi("RubricSummary");

export const RubricDetailSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    version: z.string(),
    contentHash: z.string(),
    rounds: z.array(
      z.object({
        number: z.number().int(),
        key: z.string(),
        title: z.string(),
        question: z.string(),
        thresholds: z.object({ strong: z.number(), senior: z.number() }),
        concepts: z.array(RubricConceptSchema),
      }),
    ),
  })
  .openapi("RubricDetail");

export const RowErrorSchema = z.object({ row: z.number().int(), field: z.string(), message: z.string() }).openapi("RowError");

export const BatchSchema = z
  .object({
    id: z.string(),
    rubric: z.string(),
    status: z.enum(["queued", "running", "completed", "failed", "cancelled"]),
    total: z.number().int(),
    processed: z.number().int(),
    counts: z.object({ weak: z.number().int(), strong: z.number().int(), senior: z.number().int() }),
    needsReview: z.number().int(),
    skipped: z.array(RowErrorSchema).openapi({ description: "Rows left out under skipInvalid=true." }),
    callbackUrl: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi("Batch");

export const BatchListSchema = z.object({ items: z.array(BatchSchema), nextCursor: z.string().nullable() }).openapi("BatchList");

export const BatchUploadSchema = z
  .object({
    rubric: z.string().openapi({ example: "network-latency-spikes" }),
    items: z
      .array(
        z.object({
          externalId: z.string().optional(),
          candidate: z.string().optional(),
          round: z.union([z.number().int(), z.string()]),
          answer: z.string(),
        }),
      )
      .openapi({ description: "Up to 100,000 items (configurable)." }),
    callbackUrl: z.string().optional().openapi({ description: "POSTed a signed summary when the batch ends." }),
  })
  .openapi("BatchUpload");

export const BatchResultSchema = z
  .object({
    seq: z.number().int(),
    row: z.number().int().openapi({ description: "Row (CSV) or line (NDJSON) or item number (JSON) of the upload." }),
    candidate: z.string().nullable(),
    externalId: z.string().nullable(),
    round: z.number().int(),
    gradingId: z.string(),
    classification: LevelSchema,
    score: z.number(),
    maxScore: z.number(),
    missing: z.array(z.string()),
    needsReview: z.boolean(),
    reviewedClassification: z.enum(["weak", "strong", "senior"]).nullable(),
  })
  .openapi("BatchResult");

export const BatchResultPageSchema = z
  .object({ items: z.array(BatchResultSchema), nextCursor: z.string().nullable() })
  .openapi("BatchResultPage");
