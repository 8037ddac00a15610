// How a score is stored and read back. The result column holds the compact
// form (what the answer decided, without the rubric's text); reading expands
// it with the rubric version the grading points at. Rows written before the
// compact form hold the whole result and are read as they are.
import { compactResult, expandResult, isCompactResult, parseRubric, type CompiledRound, type CompiledRubric, type Level, type ScoreResult } from "../core/index.js";
import type { Db } from "../db/client.js";

/** What storing a grading needs of a score: its headline figures and the compact result as JSON. */
export interface StoredScore {
  rubric: string;
  rubricVersion: string;
  round: number;
  classification: Level;
  score: number;
  maxScore: number;
  needsReview: boolean;
  json: string;
}

export function storedScore(round: CompiledRound, result: ScoreResult): StoredScore {
  return {
    rubric: result.rubric,
    rubricVersion: result.rubricVersion,
    round: result.round,
    classification: result.classification,
    score: result.score,
    maxScore: result.maxScore,
    needsReview: result.needsReview,
    json: JSON.stringify(compactResult(round, result)),
  };
}

const versions = new WeakMap<Db, Map<number, CompiledRubric>>();

function versionCache(db: Db): Map<number, CompiledRubric> {
  let cache = versions.get(db);
  if (!cache) {
    cache = new Map();
    versions.set(db, cache);
  }
  return cache;
}

/** Records the compiled form of a stored rubric version (the ones loaded at start), so reading needs no compile. */
export function rememberRubricVersion(db: Db, versionRowId: number, compiled: CompiledRubric): void {
  versionCache(db).set(versionRowId, compiled);
}

/** The compiled rubric of a stored version: loaded, or compiled once from the source kept with it. */
function rubricVersion(db: Db, versionRowId: number): CompiledRubric {
  const cache = versionCache(db);
  let compiled = cache.get(versionRowId);
  if (!compiled) {
    const row = db.$client.prepare<[number], { source: string }>("select source from rubric_versions where id = ?").get(versionRowId);
    if (!row) throw new Error(`rubric version ${versionRowId} is not stored`);
    compiled = parseRubric(row.source, `rubric version ${versionRowId}`);
    cache.set(versionRowId, compiled);
  }
  return compiled;
}

export interface StoredRow {
  rubricVersionId: number;
  round: number;
  answer: string;
  result: string;
}

/** The full result of a stored grading. */
export function resultOf(db: Db, row: StoredRow): ScoreResult {
  const parsed = JSON.parse(row.result) as unknown;
  if (!isCompactResult(parsed)) return parsed as ScoreResult;
  const round = rubricVersion(db, row.rubricVersionId).rounds.find((r) => r.number === row.round);
  if (!round) throw new Error(`rubric version ${row.rubricVersionId} has no round ${row.round}`);
  return expandResult(round, parsed, row.answer);
}

/** The ids of a stored grading's missing concepts, without expanding it. */
export function missingIds(json: string): string[] {
  const parsed = JSON.parse(json) as unknown;
  if (isCompactResult(parsed)) return parsed.missing;
  return (parsed as ScoreResult).missing.map((m) => m.id);
}
