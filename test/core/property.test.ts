import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactResult, expandResult, score, type CompactResult } from "../../src/core/index.js";
import { miniRound } from "../helpers.js";

const round = miniRound();
const vocabulary = ["cache", "database", "ttl", "hit", "ratio", "512 bytes", "not", "no", "instead of", ",", ".", "\n", "-s", "10,000", "café", "nf_conntrack_max", "🙂", "\u0301", "\uD800"];
const answers = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.array(fc.constantFrom(...vocabulary), { maxLength: 60 }).map((w) => w.join(" ")),
);

describe("scorer properties", () => {
  it("never throws and always returns a level", () => {
    fc.assert(
      fc.property(answers, (answer) => {
        const r = score(round, answer);
        expect(["weak", "strong", "senior"]).toContain(r.classification);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(r.maxScore);
      }),
      { numRuns: 400 },
    );
  });

  it("gives evidence spans that slice the original text exactly", () => {
    fc.assert(
      fc.property(answers, (answer) => {
        for (const c of score(round, answer).concepts) {
          for (const e of c.evidence) {
            expect(e.start).toBeGreaterThanOrEqual(0);
            expect(e.end).toBeLessThanOrEqual(answer.length);
            expect(answer.slice(e.start, e.end)).toBe(e.text);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(answers, (answer) => {
        expect(score(round, answer)).toEqual(score(round, answer));
      }),
      { numRuns: 100 },
    );
  });
});

describe("stored form", () => {
  it("expands back to exactly the result it was made from", () => {
    fc.assert(
      fc.property(answers, (answer) => {
        const r = score(round, answer);
        const stored = JSON.parse(JSON.stringify(compactResult(round, r))) as CompactResult;
        expect(expandResult(round, stored, answer)).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });
});
