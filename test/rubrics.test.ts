// Every shipped rubric loads, and each round grades its own examples as labelled.
import { describe, expect, it } from "vitest";
import { compileRubric, findRound, score, type PhraseWord } from "../src/core/index.js";
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

describe("compiling with the pattern phrases a build kept", () => {
  it.each([...rubrics.values()].map((r) => [r.id, r] as const))("%s gives exactly the same results as compiling from scratch", (_id, rubric) => {
    const fresh = compileRubric(rubric.source, "fresh");
    // Through JSON, as the build's snapshot stores them.
    const kept = new Map(JSON.parse(JSON.stringify([...fresh.phrases])) as [string, PhraseWord[]][]);
    const fast = compileRubric(rubric.source, "kept", kept);
    expect([...fast.phrases.keys()]).toEqual([...fresh.phrases.keys()]);
    const answers = rubric.examples.map((e) => e.answer);
    // Sentences of every example in every round, so each round meets vocabulary of all the others.
    const mixed = answers.flatMap((a, i) => [a.split(". ").reverse().join(". "), `${a} ${answers[(i + 1) % answers.length] ?? ""}`]);
    for (const round of fresh.rounds) {
      const other = findRound(fast, round.number);
      if (!other) throw new Error(`no round ${round.number}`);
      for (const a of [...answers, ...mixed]) expect(score(other, a)).toEqual(score(round, a));
    }
  });
});
