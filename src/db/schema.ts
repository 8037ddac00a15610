// The source of truth for the database. `npm run db:generate` writes migrations/ from it.
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const organisations = sqliteTable("organisations", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: integer("created_at").notNull(),
  /**
   * Signs batch webhooks (HMAC-SHA256). Kept as is, unlike API keys, because
   * signing needs it; shown once when created, never returned by the API.
   */
  webhookSecret: text("webhook_secret"),
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    /** Public part of the key, for look-up; the secret is only ever stored hashed. */
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull(),
    scopes: text("scopes").notNull(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_prefix").on(t.prefix)],
);

export const rubricVersions = sqliteTable(
  "rubric_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    rubricId: text("rubric_id").notNull(),
    version: text("version").notNull(),
    contentHash: text("content_hash").notNull(),
    /** The whole rubric file as loaded, so an old grading stays explainable after the file changes. */
    source: text("source").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("rubric_versions_hash").on(t.rubricId, t.contentHash)],
);

export const candidates = sqliteTable(
  "candidates",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    externalId: text("external_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("candidates_org_external").on(t.organisationId, t.externalId)],
);

export const gradings = sqliteTable(
  "gradings",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    candidateId: text("candidate_id").references(() => candidates.id),
    externalId: text("external_id"),
    rubricVersionId: integer("rubric_version_id")
      .notNull()
      .references(() => rubricVersions.id),
    rubricId: text("rubric_id").notNull(),
    rubricVersion: text("rubric_version").notNull(),
    round: integer("round").notNull(),
    answer: text("answer").notNull(),
    classification: text("classification", { enum: ["weak", "strong", "senior"] }).notNull(),
    score: real("score").notNull(),
    maxScore: real("max_score").notNull(),
    needsReview: integer("needs_review", { mode: "boolean" }).notNull(),
    /** The scorer's whole result, as JSON. */
    result: text("result").notNull(),
    metadata: text("metadata"),
    reviewedClassification: text("reviewed_classification", { enum: ["weak", "strong", "senior"] }),
    reviewNote: text("review_note"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: integer("reviewed_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("gradings_org_created").on(t.organisationId, t.createdAt, t.id),
    index("gradings_org_candidate").on(t.organisationId, t.candidateId),
  ],
);

export const idempotencyRecords = sqliteTable(
  "idempotency_records",
  {
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    key: text("key").notNull(),
    /** Method, path and body hash: the same key with another request is refused. */
    requestHash: text("request_hash").notNull(),
    state: text("state", { enum: ["in-flight", "done"] }).notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.key] })],
);

export const batches = sqliteTable(
  "batches",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    rubricId: text("rubric_id").notNull(),
    status: text("status", { enum: ["queued", "running", "completed", "failed", "cancelled"] }).notNull(),
    total: integer("total").notNull(),
    processed: integer("processed").notNull(),
    weak: integer("weak").notNull(),
    strong: integer("strong").notNull(),
    senior: integer("senior").notNull(),
    needsReview: integer("needs_review").notNull(),
    /** Rows left out of an upload accepted with skipInvalid, as JSON [{row, field, message}]. */
    skipped: text("skipped"),
    callbackUrl: text("callback_url"),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("batches_org_created").on(t.organisationId, t.createdAt, t.id), index("batches_status").on(t.status)],
);

export const batchItems = sqliteTable(
  "batch_items",
  {
    batchId: text("batch_id")
      .notNull()
      .references(() => batches.id),
    seq: integer("seq").notNull(),
    /** The row or line of the upload the item came from. */
    sourceRow: integer("source_row").notNull(),
    externalId: text("external_id"),
    candidate: text("candidate"),
    round: text("round").notNull(),
    answer: text("answer").notNull(),
    /** Set in the same transaction that stores the grading: an item is graded exactly once. */
    gradingId: text("grading_id").references(() => gradings.id),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.seq] }), index("batch_items_pending").on(t.batchId, t.gradingId, t.seq)],
);

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: text("batch_id")
      .notNull()
      .references(() => batches.id),
    url: text("url").notNull(),
    state: text("state", { enum: ["pending", "delivered", "gave-up"] }).notNull(),
    attempts: integer("attempts").notNull(),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("webhook_deliveries_batch").on(t.batchId), index("webhook_deliveries_due").on(t.state, t.nextAttemptAt)],
);

export const webhookAttempts = sqliteTable("webhook_attempts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  deliveryId: integer("delivery_id")
    .notNull()
    .references(() => webhookDeliveries.id),
  attempt: integer("attempt").notNull(),
  status: integer("status"),
  error: text("error"),
  at: integer("at").notNull(),
});
