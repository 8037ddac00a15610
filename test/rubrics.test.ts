// Every shipped rubric loads, and each round grades its own examples as labelled.
import { describe, expect, it } from "vitest";
import { findRound, score } from "../src/core/index.js";
import { defaultRubricsDir, loadRubricDir } from "../src/services/rubrics.js";

const rubrics = loadRubricDir(defaultRubricsDir());

describe.each([...rubrics.values()].map((r) => [r.id, r] as const))("rubric %s", (_id, rubric) => {
  it("has a weak, a strong and a senior example for every round", () => {
    for (const round of rubric.rounds) {
      const levels = new Set(rubric.examples.filter((e) => e.round === round.number).map((e) => e.level));
      expect([...levels].sort(), `round ${round.number}`).toEqual(["senior", "strong", "weak"]);
    }
  });

  describe.each(rubric.rounds.map((r) => [r.number, r.key] as const))("round %i (%s)", (number) => {
    const round = findRound(rubric, number);
    const examples = rubric.examples.filter((e) => e.round === number);
    it.each(examples.map((e, i) => [i, e.level, e.answer] as const))("example %i grades %s", (_i, level, answer) => {
      if (!round) throw new Error(`no round ${number}`);
      expect(score(round, answer).classification).toBe(level);
    });
  });
});
