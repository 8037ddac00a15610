// Grading use cases: score an answer with a loaded rubric, store it, read it
// back, list, and record a human review. Every query is scoped by organisation.
import { newId } from "./ids.js";
import { and, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";
import { findRound, score, type CompiledRound, type Level, type ScoreResult } from "../core/index.js";
import type { Db } from "../db/client.js";
import { resultOf, storedScore, type StoredScore } from "./stored-score.js";
import { candidates, gradings } from "../db/schema.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { ApiError } from "./errors.js";
import type { RubricRegistry } from "./rubric-registry.js";

export interface GradeInput {
  rubric: string;
  round: number | string;
  answer: string;
  candidate?: string | undefined;
  externalId?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface LtiScore {
  userId?: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment: string;
  timestamp: string;
  activityProgress: "Completed";
  gradingProgress: "FullyGraded" | "PendingManual";
}

export interface Review {
  classification: Level;
  note: string;
  reviewedBy: string;
  reviewedAt: string;
}

export type Grading = Omit<ScoreResult, "rubric" | "rubricVersion" | "round" | "roundKey"> & {
  id: string | null;
  rubric: { id: string; version: string };
  round: number;
  roundKey: string;
  candidate: string | null;
  externalId: string | null;
  answer: string;
  metadata: Record<string, unknown> | null;
  /** The reviewed classification when a human set one, else the automatic one. */
  finalClassification: Level;
  review: Review | null;
  createdAt: string;
  lti: LtiScore;
};

export interface GradingDeps {
  db: Db;
  rubrics: RubricRegistry;
  clock: () => Date;
  maxAnswerLength: number;
}

export function scoreAnswer(deps: GradingDeps, input: GradeInput): { result: ScoreResult; round: CompiledRound; versionRowId: number } {
  const loaded = deps.rubrics.get(input.rubric);
  if (!loaded) {
    const valid = [...deps.rubrics.keys()];
    throw new ApiError("validation-failed", `Unknown rubric "${input.rubric}". Valid rubrics: ${valid.join(", ")}.`, [
      { field: "rubric", message: `must be one of ${valid.join(", ")}` },
    ]);
  }
  const round = findRound(loaded.compiled, input.round);
  if (!round) {
    const valid = loaded.compiled.rounds.map((r) => `${r.number} (${r.key})`);
    throw new ApiError("validation-failed", `Rubric "${input.rubric}" has no round "${input.round}". Valid rounds: ${valid.join(", ")}.`, [
      { field: "round", message: `must be one of ${valid.join(", ")}` },
    ]);
  }
  if (input.answer.length > deps.maxAnswerLength) {
    throw new ApiError("validation-failed", `The answer is ${input.answer.length} characters; the limit is ${deps.maxAnswerLength}.`, [
      { field: "answer", message: `must be at most ${deps.maxAnswerLength} characters` },
    ]);
  }
  return { result: score(round, input.answer, { maxLength: deps.maxAnswerLength }), round, versionRowId: loaded.versionRowId };
}

function ltiScore(result: ScoreResult, candidate: string | null, reviewed: Level | null, at: Date): LtiScore {
  const parts = [`${(reviewed ?? result.classification).toUpperCase()}: ${result.reason}`];
  for (const w of result.weakMoves) parts.push(`Weak move: ${w.feedback}`);
  for (const m of result.missing) parts.push(`Missing: ${m.feedback}`);
  const lti: LtiScore = {
    scoreGiven: result.score,
    scoreMaximum: result.maxScore,
    comment: parts.join("\n"),
    timestamp: at.toISOString(),
    activityProgress: "Completed",
    gradingProgress: result.needsReview && !reviewed ? "PendingManual" : "FullyGraded",
  };
  if (candidate !== null) lti.userId = candidate;
  return lti;
}

function present(
  result: ScoreResult,
  meta: {
    id: string | null;
    candidate: string | null;
    externalId: string | null;
    answer: string;
    metadata: Record<string, unknown> | null;
    review: Review | null;
    createdAt: Date;
  },
): Grading {
  const { rubric, rubricVersion, round, roundKey, ...rest } = result;
  const reviewed = meta.review?.classification ?? null;
  return {
    id: meta.id,
    rubric: { id: rubric, version: rubricVersion },
    round,
    roundKey,
    candidate: meta.candidate,
    externalId: meta.externalId,
    answer: meta.answer,
    metadata: meta.metadata,
    ...rest,
    finalClassification: reviewed ?? result.classification,
    review: meta.review,
    createdAt: meta.createdAt.toISOString(),
    lti: ltiScore(result, meta.candidate, reviewed, meta.review ? new Date(meta.review.reviewedAt) : meta.createdAt),
  };
}

/** Scores without storing anything (rubric authors trying an answer). */
export function previewGrading(deps: GradingDeps, input: GradeInput): Grading {
  const { result } = scoreAnswer(deps, input);
  return present(result, {
    id: null,
    candidate: input.candidate ?? null,
    externalId: input.externalId ?? null,
    answer: input.answer,
    metadata: input.metadata ?? null,
    review: null,
    createdAt: deps.clock(),
  });
}

type GradingInsert = Omit<typeof gradings.$inferInsert, "needsReview"> & { needsReview: number };

/**
 * Stores one grading (and its candidate on first sight) with statements
 * prepared once per database. Not a transaction itself: callers wrap it, one
 * grading or a whole batch chunk at a time.
 */
export type GradingStore = (organisationId: string, candidate: string | null, row: GradingInsert) => void;

const stores = new WeakMap<Db, GradingStore>();

export function gradingStore(db: Db): GradingStore {
  let store = stores.get(db);
  if (!store) {
    const sqlite = db.$client;
    const findCandidate = sqlite.prepare<[string, string], { id: string }>("select id from candidates where organisation_id = ? and external_id = ?");
    const addCandidate = sqlite.prepare<[string, string, string, number]>("insert into candidates (id, organisation_id, external_id, created_at) values (?, ?, ?, ?)");
    // Positional parameters: binding by name costs a look-up per column for every row of a batch.
    const addGrading = sqlite.prepare<unknown[]>(
      `insert into gradings (id, organisation_id, candidate_id, external_id, rubric_version_id, rubric_id, rubric_version, round, answer,
         classification, score, max_score, needs_review, result, metadata, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    store = (organisationId, candidate, row) => {
      let candidateId: string | null = null;
      if (candidate !== null) {
        candidateId = findCandidate.get(organisationId, candidate)?.id ?? null;
        if (candidateId === null) {
          candidateId = newId();
          addCandidate.run(candidateId, organisationId, candidate, row.createdAt);
        }
      }
      addGrading.run(row.id, row.organisationId, candidateId, row.externalId ?? null, row.rubricVersionId, row.rubricId, row.rubricVersion, row.round,
        row.answer, row.classification, row.score, row.maxScore, row.needsReview, row.result, row.metadata ?? null, row.createdAt);
    };
    stores.set(db, store);
  }
  return store;
}

/** The row a scored answer is stored as. */
export function gradingRow(id: string, organisationId: string, input: GradeInput, s: StoredScore, versionRowId: number, now: Date): GradingInsert {
  return {
    id,
    organisationId,
    candidateId: null,
    externalId: input.externalId ?? null,
    rubricVersionId: versionRowId,
    rubricId: s.rubric,
    rubricVersion: s.rubricVersion,
    round: s.round,
    answer: input.answer,
    classification: s.classification,
    score: s.score,
    maxScore: s.maxScore,
    needsReview: s.needsReview ? 1 : 0,
    result: s.json,
    metadata: input.metadata === undefined ? null : JSON.stringify(input.metadata),
    createdAt: now.getTime(),
  };
}

/** Scores and stores one answer in one transaction. */
export function createGrading(deps: GradingDeps, organisationId: string, input: GradeInput): Grading {
  const { result, round, versionRowId } = scoreAnswer(deps, input);
  const now = deps.clock();
  const id = newId();
  const store = gradingStore(deps.db);
  deps.db.$client.transaction(() => store(organisationId, input.candidate ?? null, gradingRow(id, organisationId, input, storedScore(round, result), versionRowId, now)))();
  return present(result, {
    id,
    candidate: input.candidate ?? null,
    externalId: input.externalId ?? null,
    answer: input.answer,
    metadata: input.metadata ?? null,
    review: null,
    createdAt: now,
  });
}

type Row = typeof gradings.$inferSelect & { candidateExternalId: string | null };

function fromRow(db: Db, row: Row): Grading {
  const review: Review | null =
    row.reviewedClassification && row.reviewedAt !== null
      ? {
          classification: row.reviewedClassification,
          note: row.reviewNote ?? "",
          reviewedBy: row.reviewedBy ?? "",
          reviewedAt: new Date(row.reviewedAt).toISOString(),
        }
      : null;
  return present(resultOf(db, row), {
    id: row.id,
    candidate: row.candidateExternalId,
    externalId: row.externalId,
    answer: row.answer,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
    review,
    createdAt: new Date(row.createdAt),
  });
}

function selectRows(db: Db) {
  return db
    .select({ g: gradings, candidateExternalId: candidates.externalId })
    .from(gradings)
    .leftJoin(candidates, eq(gradings.candidateId, candidates.id));
}

export function getGrading(db: Db, organisationId: string, id: string): Grading {
  const row = selectRows(db)
    .where(and(eq(gradings.organisationId, organisationId), eq(gradings.id, id)))
    .get();
  if (!row) throw new ApiError("not-found", `No grading with id "${id}".`);
  return fromRow(db, { ...row.g, candidateExternalId: row.candidateExternalId });
}

export interface ListFilters {
  candidate?: string | undefined;
  rubric?: string | undefined;
  round?: number | undefined;
  classification?: Level | undefined;
  needsReview?: boolean | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  cursor?: string | undefined;
  limit: number;
}

export function listGradings(db: Db, organisationId: string, f: ListFilters): { items: Grading[]; nextCursor: string | null } {
  const where: SQL[] = [eq(gradings.organisationId, organisationId)];
  if (f.candidate !== undefined) where.push(eq(candidates.externalId, f.candidate));
  if (f.rubric !== undefined) where.push(eq(gradings.rubricId, f.rubric));
  if (f.round !== undefined) where.push(eq(gradings.round, f.round));
  if (f.classification !== undefined) where.push(eq(gradings.classification, f.classification));
  if (f.needsReview !== undefined) where.push(eq(gradings.needsReview, f.needsReview));
  if (f.createdFrom) where.push(gte(gradings.createdAt, f.createdFrom.getTime()));
  if (f.createdTo) where.push(lte(gradings.createdAt, f.createdTo.getTime()));
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    const before = or(lt(gradings.createdAt, c.at), and(eq(gradings.createdAt, c.at), lt(gradings.id, c.id)));
    if (before) where.push(before);
  }
  const rows = selectRows(db)
    .where(and(...where))
    .orderBy(desc(gradings.createdAt), desc(gradings.id))
    .limit(f.limit + 1)
    .all();
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => fromRow(db, { ...r.g, candidateExternalId: r.candidateExternalId })),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.g.createdAt, last.g.id) : null,
  };
}

export function reviewGrading(
  deps: GradingDeps,
  organisationId: string,
  id: string,
  review: { classification: Level; note: string; reviewer: string },
): Grading {
  const now = deps.clock();
  const r = deps.db
    .update(gradings)
    .set({ reviewedClassification: review.classification, reviewNote: review.note, reviewedBy: review.reviewer, reviewedAt: now.getTime() })
    .where(and(eq(gradings.organisationId, organisationId), eq(gradings.id, id)))
    .run();
  if (r.changes === 0) throw new ApiError("not-found", `No grading with id "${id}".`);
  return getGrading(deps.db, organisationId, id);
}
