import { describe, expect, it } from "vitest";
import { agreement, evaluate, quadraticKappa, type Graded } from "../../src/core/eval/metrics.js";
import type { Level } from "../../src/core/index.js";

const pair = (expected: Level, got: Level) => ({ expected, got });

describe("eval metrics", () => {
  it("kappa is 1 for perfect agreement", () => {
    expect(quadraticKappa([pair("weak", "weak"), pair("strong", "strong"), pair("senior", "senior")])).toBe(1);
  });

  it("kappa matches a hand-computed value", () => {
    // Observed: w->w, w->s(strong), s->s, sen->s. Row totals [2,1,1], column totals [1,3,0].
    // Weights (i-j)^2/4. Observed disagreement = 1*(1/4) + 1*(1/4) = 0.5.
    // Expected = sum_ij w_ij * row_i * col_j / n = (2*3*0.25 + 1*1*0.25 + 1*1*1 + 1*3*0.25) / 4 = 0.875.
    // kappa = 1 - 0.5 / 0.875 = 0.428571...
    const k = quadraticKappa([pair("weak", "weak"), pair("weak", "strong"), pair("strong", "strong"), pair("senior", "strong")]);
    expect(k).toBeCloseTo(1 - 0.5 / 0.875, 10);
  });

  it("counts exact agreement, severe errors and the confusion matrix", () => {
    const a = agreement([
      { id: "1", round: 1, expected: "weak", got: "senior", matched: [] },
      { id: "2", round: 1, expected: "strong", got: "strong", matched: [] },
      { id: "3", round: 2, expected: "senior", got: "strong", matched: [] },
      { id: "4", round: 2, expected: "weak", got: "weak", matched: [] },
    ]);
    expect(a.exact).toBe(0.5);
    expect(a.severe).toBe(1);
    expect(a.confusion.weak).toEqual({ weak: 1, strong: 0, senior: 1 });
    expect(a.confusion.senior.strong).toBe(1);
  });

  it("reports per round, wrong ids and concept match rates by level", () => {
    const rows: Graded[] = [
      { id: "a", round: 1, expected: "weak", got: "weak", matched: ["x"] },
      { id: "b", round: 1, expected: "strong", got: "weak", matched: ["x", "y"] },
      { id: "c", round: 1, expected: "strong", got: "strong", matched: ["y"] },
      { id: "d", round: 2, expected: "senior", got: "senior", matched: [] },
    ];
    const r = evaluate(rows, [{ round: 1, id: "x" }, { round: 1, id: "y" }]);
    expect(r.rounds.map((x) => [x.round, x.agreement.n])).toEqual([[1, 3], [2, 1]]);
    expect(r.wrong).toEqual([{ id: "b", round: 1, expected: "strong", got: "weak", severe: false }]);
    expect(r.concepts[0]?.rate).toEqual({ weak: 1, strong: 0.5, senior: 0 });
    expect(r.concepts[1]?.rate).toEqual({ weak: 0, strong: 1, senior: 0 });
  });
});
