// The stored form of a result. A result repeats the rubric's labels, feedback
// and pattern text for every concept; stored once per grading, that is most of
// its size. The compact form keeps only what the answer decided (which
// concepts matched, evidence offsets, flags, the reason) and is expanded back,
// exactly, with the same rubric version and the answer text.
import type { CompiledRound } from "../rubric/compile.js";
import type { Level } from "../rubric/schema.js";
import type { Flag, ScoreResult } from "./score.js";

/** One piece of evidence: start, end, index of the pattern in its concept, negated (0/1), typo (0/1). */
export type CompactEvidence = [number, number, number, number, number];

export interface CompactResult {
  v: 2;
  classification: Level;
  score: number;
  maxScore: number;
  needsReview: boolean;
  reason: string;
  flags: Flag[];
  /** Ids of the missing concepts, also for statistics in SQL. */
  missing: string[];
  /** Per concept in round order: matched (0/1), negated (0/1), evidence. */
  concepts: [number, number, CompactEvidence[]][];
}

export function compactResult(round: CompiledRound, r: ScoreResult): CompactResult {
  return {
    v: 2,
    classification: r.classification,
    score: r.score,
    maxScore: r.maxScore,
    needsReview: r.needsReview,
    reason: r.reason,
    flags: r.flags,
    missing: r.missing.map((m) => m.id),
    concepts: r.concepts.map((c, i) => {
      const patterns = round.concepts[i]?.patterns ?? [];
      const evidence = c.evidence.map((e): CompactEvidence => [
        e.start,
        e.end,
        patterns.findIndex((p) => p.source === e.variant),
        e.negated ? 1 : 0,
        e.typo ? 1 : 0,
      ]);
      return [c.matched ? 1 : 0, c.negated ? 1 : 0, evidence];
    }),
  };
}

export function isCompactResult(x: unknown): x is CompactResult {
  return typeof x === "object" && x !== null && (x as { v?: unknown }).v === 2;
}

/** The full result again, from the compact form, the round of the same rubric version, and the answer. */
export function expandResult(round: CompiledRound, c: CompactResult, answer: string): ScoreResult {
  const concepts = round.concepts.map((def, i) => {
    const [matched, negated, evidence] = c.concepts[i] ?? [0, 0, []];
    return {
      id: def.id,
      label: def.label,
      kind: def.kind,
      weight: def.weight,
      matched: matched === 1,
      negated: negated === 1,
      evidence: evidence.map(([start, end, pattern, neg, typo]) => ({
        start,
        end,
        text: answer.slice(start, end),
        variant: def.patterns[pattern]?.source ?? "",
        negated: neg === 1,
        typo: typo === 1,
      })),
    };
  });
  const describe = (i: number) => {
    const def = round.concepts[i];
    return def ? { id: def.id, label: def.label, kind: def.kind, feedback: def.feedback } : null;
  };
  const missing = [];
  const weakMoves = [];
  for (let i = 0; i < concepts.length; i++) {
    const x = concepts[i];
    const d = describe(i);
    if (!x || !d) continue;
    if (x.kind !== "weak-move" && !x.matched) missing.push(d);
    if (x.kind === "weak-move" && x.matched) weakMoves.push(d);
  }
  return {
    rubric: round.rubricId,
    rubricVersion: round.rubricVersion,
    round: round.number,
    roundKey: round.key,
    classification: c.classification,
    score: c.score,
    maxScore: c.maxScore,
    reason: c.reason,
    concepts,
    missing,
    weakMoves,
    flags: c.flags,
    needsReview: c.needsReview,
  };
}
