// Agreement figures for a labelled set: exact agreement, quadratic weighted
// kappa over the ordered levels weak < strong < senior, confusion matrices,
// severe errors, and how well each concept separates the levels.
import { LEVELS, type Level } from "../rubric/schema.js";

export interface Graded {
  id: string;
  round: number;
  expected: Level;
  got: Level;
  /** Concept ids that matched. */
  matched: string[];
}

/** confusion[expected][got] counts. */
export type Confusion = Record<Level, Record<Level, number>>;

export interface Agreement {
  n: number;
  exact: number;
  kappa: number;
  severe: number;
  confusion: Confusion;
}

export interface ConceptRate {
  round: number;
  id: string;
  /** Share of answers of each expected level in which the concept matched. */
  rate: Record<Level, number>;
  counts: Record<Level, number>;
}

export interface EvalReport {
  overall: Agreement;
  rounds: { round: number; agreement: Agreement }[];
  wrong: { id: string; round: number; expected: Level; got: Level; severe: boolean }[];
  concepts: ConceptRate[];
}

const rank = (l: Level): number => LEVELS.indexOf(l);

export function isSevere(expected: Level, got: Level): boolean {
  return Math.abs(rank(expected) - rank(got)) === 2;
}

function emptyConfusion(): Confusion {
  const row = (): Record<Level, number> => ({ weak: 0, strong: 0, senior: 0 });
  return { weak: row(), strong: row(), senior: row() };
}

/** Cohen's kappa with quadratic weights; 1 when both raters are constant and agree. */
export function quadraticKappa(pairs: readonly { expected: Level; got: Level }[]): number {
  const k = LEVELS.length;
  const n = pairs.length;
  if (n === 0) return 0;
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rowTotals = new Array<number>(k).fill(0);
  const colTotals = new Array<number>(k).fill(0);
  for (const p of pairs) {
    const i = rank(p.expected);
    const j = rank(p.got);
    (observed[i] as number[])[j] = ((observed[i] as number[])[j] ?? 0) + 1;
    rowTotals[i] = (rowTotals[i] ?? 0) + 1;
    colTotals[j] = (colTotals[j] ?? 0) + 1;
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = ((i - j) * (i - j)) / ((k - 1) * (k - 1));
      const expected = ((rowTotals[i] ?? 0) * (colTotals[j] ?? 0)) / n;
      num += w * (observed[i]?.[j] ?? 0);
      den += w * expected;
    }
  }
  return den === 0 ? (num === 0 ? 1 : 0) : 1 - num / den;
}

export function agreement(rows: readonly Graded[]): Agreement {
  const confusion = emptyConfusion();
  let exact = 0;
  let severe = 0;
  for (const r of rows) {
    confusion[r.expected][r.got]++;
    if (r.expected === r.got) exact++;
    if (isSevere(r.expected, r.got)) severe++;
  }
  return {
    n: rows.length,
    exact: rows.length ? exact / rows.length : 0,
    kappa: quadraticKappa(rows),
    severe,
    confusion,
  };
}

export function evaluate(rows: readonly Graded[], conceptIds: { round: number; id: string }[]): EvalReport {
  const rounds = [...new Set(rows.map((r) => r.round))].sort((a, b) => a - b);
  const concepts = conceptIds.map(({ round, id }) => {
    const counts: Record<Level, number> = { weak: 0, strong: 0, senior: 0 };
    const hits: Record<Level, number> = { weak: 0, strong: 0, senior: 0 };
    for (const r of rows) {
      if (r.round !== round) continue;
      counts[r.expected]++;
      if (r.matched.includes(id)) hits[r.expected]++;
    }
    const rate = (l: Level): number => (counts[l] ? hits[l] / counts[l] : 0);
    return { round, id, counts, rate: { weak: rate("weak"), strong: rate("strong"), senior: rate("senior") } };
  });
  return {
    overall: agreement(rows),
    rounds: rounds.map((round) => ({ round, agreement: agreement(rows.filter((r) => r.round === round)) })),
    wrong: rows
      .filter((r) => r.expected !== r.got)
      .map((r) => ({ id: r.id, round: r.round, expected: r.expected, got: r.got, severe: isSevere(r.expected, r.got) })),
    concepts,
  };
}
