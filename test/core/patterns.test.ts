// One table per feature of the pattern language, each with answers that
// must match and answers that must not, against the mini rubric fixture.
import { describe, expect, it } from "vitest";
import { score } from "../../src/core/index.js";
import { miniRound } from "../helpers.js";

const round = miniRound();
const matched = (answer: string, id: string): boolean =>
  score(round, answer).concepts.find((c) => c.id === id)?.matched ?? false;

describe("pattern language", () => {
  it.each([
    ["phrase on stems, any case", "The HIT RATIOS tell you everything", true],
    ["phrase needs its words together", "a hit, and the ratio", false],
    ["phrase skips stop words in the answer", "hit of the ratio matters", true],
  ])("phrase: %s", (_name, answer, expected) => {
    expect(matched(answer, "hit-ratio")).toBe(expected);
  });

  it.each([
    ["in order within the window", "count every hit and every miss", true],
    ["out of order", "count every miss and every hit", false],
    ["too far apart", "a hit here then lots of other words in between before we finally see a miss", false],
  ])("ordered proximity: %s", (_name, answer, expected) => {
    expect(matched(answer, "hit-ratio")).toBe(expected);
  });

  it.each([
    ["near, any order", "worried about data going stale", true],
    ["near, other order", "the stale cached data", true],
    ["near, too far", "stale results can come from many places like old data", false],
  ])("proximity: %s", (_name, answer, expected) => {
    expect(matched(answer, "invalidation")).toBe(expected);
  });

  it.each([
    ["synonym group member", "we could memoize what the database returns", true],
    ["multi-word synonym", "keep a copy of the database answer in memory", true],
    ["all-of within a sentence", "Put a cache there. The database is slow.", false],
    ["prefix pattern", "entries get evicted when full", true],
  ])("synonyms and co-occurrence: %s", (_name, answer, expected) => {
    const id = answer.includes("evict") ? "invalidation" : "add-cache";
    expect(matched(answer, id)).toBe(expected);
  });

  it.each([
    ["exact with unit", "about 512 bytes each", true],
    ["inside tolerance", "roughly 0.5 KB per entry", true],
    ["outside tolerance", "about 700 bytes per entry", false],
    ["other unit of the same size", "50 MB in total", true],
    ["range overlap", "somewhere between one and two million entries", true],
    ["wrong dimension", "512 seconds", false],
  ])("numbers: %s", (_name, answer, expected) => {
    expect(matched(answer, "sizing")).toBe(expected);
  });

  it.each([
    ["one typo in a long word", "add a cachng layer for the databse", true],
    ["swap of two letters", "memoiez the dtabase call", true],
  ])("misspellings: %s", (_name, answer, expected) => {
    expect(matched(answer, "add-cache")).toBe(expected);
  });

  it("does not read short words as typos", () => {
    // "hot" is one edit from "hit" but short words never match fuzzily.
    expect(matched("a hot ratio", "hit-ratio")).toBe(false);
  });

  it.each([
    ["I would not add a cache in front of the database", false, true],
    ["There is no need to cache the database results", false, true],
    ["Caching the database reads is pointless here", false, true],
    ["I would not buy hardware; cache the database reads", true, false],
  ])("negation: %j", (answer, isMatched, isNegated) => {
    const c = score(round, answer).concepts.find((x) => x.id === "add-cache");
    expect(c?.matched).toBe(isMatched);
    expect(c?.negated).toBe(isNegated);
  });

  it("counts a repeated concept once", () => {
    const once = score(round, "cache the database result");
    const many = score(round, "cache the database result. cache the database result. cache the database result.");
    expect(many.score).toBe(once.score);
  });

  it("reports the variant that matched, with offsets into the answer", () => {
    const answer = "We keep a copy of the database rows.";
    const c = score(round, answer).concepts.find((x) => x.id === "add-cache");
    const ev = c?.evidence[0];
    expect(ev?.variant).toBe("all(@cache, database) within sentence");
    expect(answer.slice(ev?.start, ev?.end)).toBe(ev?.text);
    expect(ev?.text).toBe("keep a copy of the database");
  });
});
