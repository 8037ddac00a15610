// Batches: a whole upload is validated, its items stored, then graded in the
// background in chunks, each chunk's gradings, item links and counters
// committed in one transaction. After a crash the runner resumes from the
// last committed chunk, so every item ends with exactly one grading.
import { newId } from "./ids.js";
import { findRound, type Level } from "../core/index.js";
import type { Db } from "../db/client.js";
import { CsvStream } from "../core/csv.js";
import { JsonArrayStream, JsonSyntaxError, LineStream } from "../core/json-stream.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { ApiError, type FieldError } from "./errors.js";
import { gradingRow, gradingStore, scoreAnswer, type GradeInput, type GradingDeps } from "./gradings.js";
import { missingIds, storedScore, type StoredScore } from "./stored-score.js";

export type BatchStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

export interface BatchItemInput {
  row: number;
  round: string;
  answer: string;
  candidate?: string | undefined;
  externalId?: string | undefined;
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface Upload {
  rubric: string;
  callbackUrl?: string | undefined;
  items: BatchItemInput[];
  errors: RowError[];
}

export interface Batch {
  id: string;
  rubric: string;
  status: BatchStatus;
  total: number;
  processed: number;
  counts: Record<Level, number>;
  needsReview: number;
  skipped: RowError[];
  callbackUrl: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface BatchLimits {
  maxItems: number;
}

const text200 = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 200;

function checkItem(raw: Record<string, unknown>, row: number, rubricRounds: (round: string) => boolean, maxAnswer: number): BatchItemInput | RowError[] {
  const errors: RowError[] = [];
  const round = typeof raw.round === "number" && Number.isInteger(raw.round) ? String(raw.round) : typeof raw.round === "string" ? raw.round.trim() : "";
  if (!round) errors.push({ row, field: "round", message: "required: a round number or key" });
  else if (!rubricRounds(round)) errors.push({ row, field: "round", message: `"${round}" is not a round of this rubric` });
  if (typeof raw.answer !== "string") errors.push({ row, field: "answer", message: "required: a string" });
  else if (raw.answer.length > maxAnswer) errors.push({ row, field: "answer", message: `must be at most ${maxAnswer} characters` });
  for (const f of ["candidate", "externalId"] as const) {
    const v = raw[f];
    if (v !== undefined && v !== null && v !== "" && !text200(v)) errors.push({ row, field: f, message: "must be a string of 1 to 200 characters" });
  }
  if (errors.length) return errors;
  const item: BatchItemInput = { row, round, answer: raw.answer as string };
  if (text200(raw.candidate)) item.candidate = raw.candidate;
  if (text200(raw.externalId)) item.externalId = raw.externalId;
  return item;
}

export type UploadFormat = "json" | "ndjson" | "csv";

/** The columns a CSV upload's header must name. */
const CSV_COLUMNS = ["candidate", "round", "answer"];

/** Feeds a streamed body to a push parser chunk by chunk, then tells it the body has ended. */
async function pump(body: AsyncIterable<Uint8Array>, parser: { push(chunk: Uint8Array): void; end(): void }): Promise<void> {
  for await (const chunk of body) parser.push(chunk);
  parser.end();
}

/** Reads and validates a whole upload, streamed in byte chunks; every bad row is reported with its row number, field and problem. */
export async function parseUpload(
  deps: GradingDeps,
  format: UploadFormat,
  body: AsyncIterable<Uint8Array>,
  query: { rubric?: string | undefined },
  limits: BatchLimits,
): Promise<Upload> {
  let rubric = query.rubric;
  let callbackUrl: string | undefined;
  const raws: { row: number; value: unknown }[] = [];
  const errors: RowError[] = [];
  const tooMany = (): ApiError =>
    new ApiError("validation-failed", `A batch holds at most ${limits.maxItems} items; this one has more.`, [
      { field: "items", message: `at most ${limits.maxItems} items` },
    ]);
  // Every row counts towards the limit, valid or not; reading stops at the first one over it.
  const room = (): void => {
    if (raws.length + errors.length >= limits.maxItems) throw tooMany();
  };
  const take = (row: number, value: unknown): void => {
    room();
    raws.push({ row, value });
  };
  const refuse = (error: RowError): void => {
    room();
    errors.push(error);
  };
  if (format === "json") {
    // Items are taken one by one as they arrive: the upload is never one string or one parse tree.
    const reader = new JsonArrayStream("items", (value, i) => take(i + 1, value));
    try {
      await pump(body, reader);
    } catch (e) {
      if (e instanceof JsonSyntaxError && e.notAnObject) {
        throw new ApiError("validation-failed", "The body must be an object {rubric, items, callbackUrl?}.", [{ field: "(body)", message: "must be an object" }]);
      }
      if (e instanceof JsonSyntaxError) throw new ApiError("bad-request", `The body is not valid JSON: ${e.message}`);
      throw e;
    }
    const o = reader.members;
    if (typeof o.rubric === "string") rubric = o.rubric;
    if (o.callbackUrl !== undefined) {
      if (typeof o.callbackUrl !== "string") throw new ApiError("validation-failed", "callbackUrl must be a URL.", [{ field: "callbackUrl", message: "must be an http(s) URL" }]);
      callbackUrl = o.callbackUrl;
    }
    if (!reader.sawArray && !Array.isArray(o.items)) {
      throw new ApiError("validation-failed", "items must be a list.", [{ field: "items", message: "required: a list of {round, answer, candidate?, externalId?}" }]);
    }
  } else if (format === "ndjson") {
    const lines = new LineStream((line, n) => {
      if (!line.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (e) {
        refuse({ row: n, field: "(line)", message: `not valid JSON (${(e as Error).message})` });
        return;
      }
      take(n, value);
    });
    await pump(body, lines);
  } else {
    // Records are taken as they end, like NDJSON lines: the upload is never one string.
    let names: string[] | null = null;
    const headerError = (missing: string[]): ApiError =>
      new ApiError("validation-failed", `The CSV header must be candidate,round,answer[,externalId]; missing: ${missing.join(", ") || "header"}.`, [
        { field: "header", message: `missing column(s) ${missing.join(", ")}` },
      ]);
    const csv = new CsvStream((rec) => {
      if (names === null) {
        const header = rec.fields.map((f) => f.trim());
        const missing = CSV_COLUMNS.filter((n) => !header.includes(n));
        if (missing.length) throw headerError(missing);
        names = header;
        return;
      }
      if (rec.fields.length !== names.length) {
        refuse({ row: rec.line, field: "(row)", message: `has ${rec.fields.length} fields, the header has ${names.length}` });
        return;
      }
      const fields = rec.fields;
      take(rec.line, Object.fromEntries(names.map((n, i) => [n, fields[i]])));
    });
    await pump(body, csv);
    if (names === null) throw headerError(CSV_COLUMNS);
  }
  if (!rubric) throw new ApiError("validation-failed", "Name the rubric (in the body, or ?rubric= for NDJSON and CSV).", [{ field: "rubric", message: "required" }]);
  const loaded = deps.rubrics.get(rubric);
  if (!loaded) {
    const valid = [...deps.rubrics.keys()].join(", ");
    throw new ApiError("validation-failed", `Unknown rubric "${rubric}". Valid rubrics: ${valid}.`, [{ field: "rubric", message: `must be one of ${valid}` }]);
  }
  if (callbackUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(callbackUrl)) {
    throw new ApiError("validation-failed", "callbackUrl must be an http(s) URL.", [{ field: "callbackUrl", message: "must be an http(s) URL" }]);
  }
  const hasRound = (r: string): boolean => findRound(loaded.compiled, r) !== undefined;
  const items: BatchItemInput[] = [];
  for (const { row, value } of raws) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      errors.push({ row, field: "(row)", message: "must be an object" });
      continue;
    }
    const checked = checkItem(value as Record<string, unknown>, row, hasRound, deps.maxAnswerLength);
    if (Array.isArray(checked)) errors.push(...checked);
    else items.push(checked);
  }
  errors.sort((a, b) => a.row - b.row);
  return { rubric, callbackUrl, items, errors };
}

interface BatchRow {
  id: string;
  rubric_id: string;
  status: BatchStatus;
  total: number;
  processed: number;
  weak: number;
  strong: number;
  senior: number;
  needs_review: number;
  skipped: string | null;
  callback_url: string | null;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

function present(r: BatchRow): Batch {
  const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
  return {
    id: r.id,
    rubric: r.rubric_id,
    status: r.status,
    total: r.total,
    processed: r.processed,
    counts: { weak: r.weak, strong: r.strong, senior: r.senior },
    needsReview: r.needs_review,
    skipped: r.skipped ? (JSON.parse(r.skipped) as RowError[]) : [],
    callbackUrl: r.callback_url,
    error: r.error,
    createdAt: new Date(r.created_at).toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

/** Items stored per transaction while an upload is saved; the event loop serves requests in between. */
const INSERT_SLICE = 2_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Stores a validated upload as a queued batch. The items go in slices of
 * INSERT_SLICE, one transaction each, yielding between them so a large upload
 * does not hold single gradings; until the last slice is in, the batch is
 * 'uploading': invisible to every read and to the runner, and discarded at
 * the next start if the process dies first.
 */
export async function createBatch(db: Db, organisationId: string, upload: Upload, skipInvalid: boolean, now: Date): Promise<Batch> {
  if (upload.errors.length && !skipInvalid) {
    const shown = upload.errors.slice(0, 1000);
    throw new ApiError(
      "validation-failed",
      `${upload.errors.length} row(s) are not valid; nothing was stored. Fix them, or send ?skipInvalid=true to accept the batch without them.`,
      shown.map((e) => ({ field: `row ${e.row}: ${e.field}`, message: e.message }) satisfies FieldError),
      { rows: shown },
    );
  }
  if (upload.items.length === 0) {
    throw new ApiError("validation-failed", "The batch has no valid items.", [{ field: "items", message: "needs at least one valid item" }]);
  }
  const id = newId();
  const sqlite = db.$client;
  const addItem = sqlite.prepare<[string, number, number, string | null, string | null, string, string]>(
    "insert into batch_items (batch_id, seq, source_row, external_id, candidate, round, answer) values (?, ?, ?, ?, ?, ?, ?)",
  );
  sqlite
    .prepare(
      `insert into batches (id, organisation_id, rubric_id, status, total, processed, weak, strong, senior, needs_review, skipped, callback_url, created_at)
       values (?, ?, ?, 'uploading', ?, 0, 0, 0, 0, 0, ?, ?, ?)`,
    )
    .run(id, organisationId, upload.rubric, upload.items.length, upload.errors.length ? JSON.stringify(upload.errors) : null, upload.callbackUrl ?? null, now.getTime());
  try {
    for (let from = 0; from < upload.items.length; from += INSERT_SLICE) {
      if (from > 0) await nextTurn();
      sqlite.transaction(() => {
        const to = Math.min(upload.items.length, from + INSERT_SLICE);
        for (let seq = from; seq < to; seq++) {
          const it = upload.items[seq];
          if (it) addItem.run(id, seq, it.row, it.externalId ?? null, it.candidate ?? null, it.round, it.answer);
        }
      })();
    }
    sqlite.prepare("update batches set status = 'queued' where id = ?").run(id);
  } catch (e) {
    discardUpload(db, id);
    throw e;
  }
  return getBatch(db, organisationId, id);
}

function discardUpload(db: Db, id: string): void {
  db.$client.transaction(() => {
    db.$client.prepare("delete from batch_items where batch_id = ?").run(id);
    db.$client.prepare("delete from batches where id = ? and status = 'uploading'").run(id);
  })();
}

/** Uploads a stopped process left half stored: removed at start, as their clients were never told they were accepted. */
export function discardUnfinishedUploads(db: Db): number {
  const ids = db.$client.prepare<[], { id: string }>("select id from batches where status = 'uploading'").all();
  for (const { id } of ids) discardUpload(db, id);
  return ids.length;
}

export function getBatch(db: Db, organisationId: string, id: string): Batch {
  const row = db.$client.prepare<[string, string], BatchRow>("select * from batches where id = ? and organisation_id = ? and status != 'uploading'").get(id, organisationId);
  if (!row) throw new ApiError("not-found", `No batch with id "${id}".`);
  return present(row);
}

export function listBatches(db: Db, organisationId: string, limit: number, cursor?: string): { items: Batch[]; nextCursor: string | null } {
  let rows: BatchRow[];
  if (cursor) {
    const { at, id } = decodeCursor(cursor);
    rows = db.$client
      .prepare<[string, number, number, string, number], BatchRow>(
        "select * from batches where organisation_id = ? and status != 'uploading' and (created_at < ? or (created_at = ? and id < ?)) order by created_at desc, id desc limit ?",
      )
      .all(organisationId, at, at, id, limit + 1);
  } else {
    rows = db.$client
      .prepare<[string, number], BatchRow>("select * from batches where organisation_id = ? and status != 'uploading' order by created_at desc, id desc limit ?")
      .all(organisationId, limit + 1);
  }
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(present),
    nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

export function cancelBatch(db: Db, organisationId: string, id: string, now: Date): Batch {
  const batch = getBatch(db, organisationId, id);
  if (batch.status === "queued" || batch.status === "running") {
    db.$client
      .prepare("update batches set status = 'cancelled', finished_at = ? where id = ? and status in ('queued', 'running')")
      .run(now.getTime(), id);
  }
  return getBatch(db, organisationId, id);
}

export interface PendingItem {
  seq: number;
  external_id: string | null;
  candidate: string | null;
  round: string;
  answer: string;
}

/** Scores a chunk's items; may score only a prefix of them (the rest stay pending). */
export type ChunkScorer = (rubric: string, items: readonly PendingItem[]) => StoredScore[] | Promise<StoredScore[]>;

/** Scores on this thread, for at most `budgetMs`, so requests are not held behind a long chunk. */
export function inThreadScorer(deps: GradingDeps, budgetMs = Infinity): ChunkScorer {
  return (rubric, items) => {
    const out: StoredScore[] = [];
    const deadline = performance.now() + budgetMs;
    for (const it of items) {
      if (out.length > 0 && performance.now() > deadline) break;
      const scored = scoreAnswer(deps, { rubric, round: it.round, answer: it.answer });
      out.push(storedScore(scored.round, scored.result));
    }
    return out;
  };
}

type BatchHead = BatchRow & { organisation_id: string };

function activeBatch(deps: GradingDeps, batchId: string): BatchHead | undefined {
  const batch = deps.db.$client.prepare<[string], BatchHead>("select * from batches where id = ?").get(batchId);
  return batch && (batch.status === "queued" || batch.status === "running") ? batch : undefined;
}

function pendingAfter(deps: GradingDeps, batchId: string, afterSeq: number, limit: number): PendingItem[] {
  return deps.db.$client
    .prepare<[string, number, number], PendingItem>(
      "select seq, external_id, candidate, round, answer from batch_items where batch_id = ? and grading_id is null and seq > ? order by seq limit ?",
    )
    .all(batchId, afterSeq, limit);
}

/** Commits one scored chunk: its gradings, the item links and the batch counters, in one transaction. */
function storeChunk(deps: GradingDeps, batch: BatchHead, items: readonly PendingItem[], scores: readonly StoredScore[]): void {
  const sqlite = deps.db.$client;
  const rubric = deps.rubrics.get(batch.rubric_id);
  if (!rubric) throw new ApiError("validation-failed", `The rubric "${batch.rubric_id}" is no longer loaded.`);
  const now = deps.clock();
  const store = gradingStore(deps.db);
  const link = sqlite.prepare<[string, string, number]>("update batch_items set grading_id = ? where batch_id = ? and seq = ? and grading_id is null");
  const counts: Record<Level, number> = { weak: 0, strong: 0, senior: 0 };
  let review = 0;
  for (const s of scores) {
    counts[s.classification]++;
    if (s.needsReview) review++;
  }
  sqlite.transaction(() => {
    scores.forEach((s, i) => {
      const it = items[i];
      if (!it) return;
      const input: GradeInput = { rubric: batch.rubric_id, round: it.round, answer: it.answer, candidate: it.candidate ?? undefined, externalId: it.external_id ?? undefined };
      const id = newId();
      store(batch.organisation_id, it.candidate, gradingRow(id, batch.organisation_id, input, s, rubric.versionRowId, now));
      link.run(id, batch.id, it.seq);
    });
    sqlite
      .prepare(
        `update batches set status = 'running', started_at = coalesce(started_at, ?), processed = processed + ?,
           weak = weak + ?, strong = strong + ?, senior = senior + ?, needs_review = needs_review + ? where id = ?`,
      )
      .run(now.getTime(), scores.length, counts.weak, counts.strong, counts.senior, review, batch.id);
  })();
}

function completeIfDone(deps: GradingDeps, batchId: string): void {
  deps.db.$client
    .prepare(
      `update batches set status = 'completed', finished_at = ? where id = ? and status in ('queued', 'running')
         and not exists (select 1 from batch_items where batch_id = ? and grading_id is null)`,
    )
    .run(deps.clock().getTime(), batchId, batchId);
}

/**
 * Grades up to `maxChunks` chunks of one batch. Up to `depth` chunks are
 * handed to the scorer ahead (a worker thread in the server scores them while
 * this thread stores the one before). Each chunk commits on its own; after a
 * crash, grading resumes from the items that have no grading yet. Returns how
 * many items it graded.
 */
export async function gradeChunks(
  deps: GradingDeps,
  batchId: string,
  chunkSize: number,
  scorer: ChunkScorer,
  maxChunks = 1,
  between?: () => Promise<void>,
  depth = 1,
): Promise<number> {
  let batch = activeBatch(deps, batchId);
  if (!batch) return 0;
  const rubricId = batch.rubric_id;
  const inFlight: { items: PendingItem[]; scores: Promise<StoredScore[]> }[] = [];
  let queued = 0;
  let lastQueued = -1;
  const refill = (): void => {
    while (inFlight.length < depth && queued < maxChunks) {
      const items = pendingAfter(deps, batchId, lastQueued, chunkSize);
      if (items.length === 0) return;
      lastQueued = items[items.length - 1]?.seq ?? lastQueued;
      queued++;
      inFlight.push({ items, scores: Promise.resolve(scorer(rubricId, items)) });
    }
  };
  refill();
  let graded = 0;
  try {
    for (let next = inFlight.shift(); next; next = inFlight.shift()) {
      const scores = await next.scores;
      // A scorer that stopped early (time slice): go on from the last item it scored.
      if (scores.length < next.items.length && inFlight.length === 0) lastQueued = next.items[scores.length - 1]?.seq ?? lastQueued;
      // The next chunks go to the scorer before this one is stored.
      refill();
      batch = activeBatch(deps, batchId);
      if (!batch) break;
      storeChunk(deps, batch, next.items.slice(0, scores.length), scores);
      graded += scores.length;
      if (between) await between();
    }
  } finally {
    // Chunks still being scored are dropped: their items have no grading and are picked up again.
    for (const f of inFlight) await f.scores.catch(() => undefined);
  }
  completeIfDone(deps, batchId);
  return graded;
}

/** Batches left queued or running, oldest first: what to resume after a restart. */
export function unfinishedBatches(db: Db): string[] {
  return db.$client
    .prepare<[], { id: string }>("select id from batches where status in ('queued', 'running') order by created_at, id")
    .all()
    .map((r) => r.id);
}

export interface ResultRow {
  seq: number;
  row: number;
  candidate: string | null;
  externalId: string | null;
  round: number;
  gradingId: string;
  classification: Level;
  score: number;
  maxScore: number;
  missing: string[];
  needsReview: boolean;
  reviewedClassification: Level | null;
}

/** One page of a batch's results in item order, read from the database (never the whole batch at once). */
export function resultsPage(db: Db, organisationId: string, batchId: string, afterSeq: number, limit: number): ResultRow[] {
  getBatch(db, organisationId, batchId);
  const rows = db.$client
    .prepare<
      [string, number, number],
      {
        seq: number;
        source_row: number;
        candidate: string | null;
        external_id: string | null;
        id: string;
        round: number;
        classification: Level;
        score: number;
        max_score: number;
        needs_review: number;
        reviewed_classification: Level | null;
        result: string;
      }
    >(
      `select i.seq, i.source_row, i.candidate, i.external_id, g.id, g.round, g.classification, g.score, g.max_score, g.needs_review,
              g.reviewed_classification, g.result
       from batch_items i join gradings g on g.id = i.grading_id
       where i.batch_id = ? and i.seq > ? order by i.seq limit ?`,
    )
    .all(batchId, afterSeq, limit);
  return rows.map((r) => ({
    seq: r.seq,
    row: r.source_row,
    candidate: r.candidate,
    externalId: r.external_id,
    round: r.round,
    gradingId: r.id,
    classification: r.classification,
    score: r.score,
    maxScore: r.max_score,
    missing: missingIds(r.result),
    needsReview: r.needs_review === 1,
    reviewedClassification: r.reviewed_classification,
  }));
}

