import type { Level, ScoreResult } from "../core/index.js";

/** What storing a grading needs of a score: its headline figures and the whole result as JSON. */
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

export function storedScore(result: ScoreResult): StoredScore {
  return {
    rubric: result.rubric,
    rubricVersion: result.rubricVersion,
    round: result.round,
    classification: result.classification,
    score: result.score,
    maxScore: result.maxScore,
    needsReview: result.needsReview,
    json: JSON.stringify(result),
  };
}
