// One table per feature of the pattern language, each with answers that
// must match and answers that must not, against the mini rubric fixture.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findRound, parseRubric, score } from "../../src/core/index.js";
import { fixture, miniRound, miniRubric } from "../helpers.js";

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
    ["a bare number, read in the pattern's unit", "each entry takes about 512", true],
    ["a bare number that counts things", "we keep 512 connections open", false],
  ])("numbers: %s", (_name, answer, expected) => {
    expect(matched(answer, "sizing")).toBe(expected);
  });

  it.each([
    ["one typo in a long word", "add a cachng layer for the databse", true],
    ["swap of two letters", "memoiez the dtabase call", true],
  ])("misspellings: %s", (_name, answer, expected) => {
    expect(matched(answer, "add-cache")).toBe(expected);
  });

  it("does not read a six-letter word that differs only in its last letter as a typo", () => {
    // As "config" is no typo of "confid(ent)": "biggen" is not "bigger", while the swap in "bigegr" is.
    expect(matched("a biggen database server", "bigger-db")).toBe(false);
    expect(matched("a bigegr database server", "bigger-db")).toBe(true);
  });

  it("compares the stem of a longer word the same way: 'configs' is no typo of 'confident'", () => {
    // "biggens" stems to "biggen", which differs from "bigger" only in its last letter.
    expect(matched("a biggens database server", "bigger-db")).toBe(false);
  });

  it("lets a pattern that names 'stop' own the scope it opens", () => {
    const text = readFileSync(fixture("mini-rubric.yaml"), "utf8").replace('- "hit ratio"', '- "stop querying database"');
    const r = findRound(parseRubric(text, "stop.yaml"), 1);
    if (!r) throw new Error("no round 1");
    const hit = score(r, "I would stop querying the database for every page.").concepts.find((c) => c.id === "hit-ratio");
    expect(hit).toMatchObject({ matched: true, negated: false });
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

describe("pattern language edge cases", () => {
  const edge = miniRubric.rounds[1];
  if (!edge) throw new Error("fixture has no round 2");
  const hit = (answer: string, id: string) => score(edge, answer).concepts.find((c) => c.id === id);

  it("lets a pattern ask for a negator without being negated by it", () => {
    expect(hit("Without a cache every page waits on the database.", "without-cache")).toMatchObject({ matched: true, negated: false });
  });

  it("still negates such a pattern when another cue governs it", () => {
    expect(hit("It is not that we run without a cache.", "without-cache")).toMatchObject({ matched: false, negated: true });
  });

  it("does not let one word fill two items of an all-of", () => {
    expect(hit("We have a cache somewhere.", "store-twice")?.matched).toBe(false);
    expect(hit("We have a cache in redis.", "store-twice")?.matched).toBe(true);
  });

  it("reads a number pattern with no unit as a plain number, never a size or a time", () => {
    expect(matched("about one and a half million keys", "sizing")).toBe(true);
    expect(matched("about 1.5 MB of keys", "sizing")).toBe(false);
  });

  it("keeps a number pattern with bare: false away from numbers written without a unit", () => {
    const text = readFileSync(fixture("mini-rubric.yaml"), "utf8").replace('{ number: 512, unit: bytes, tolerance: "10%" }', '{ number: 512, unit: bytes, tolerance: "10%", bare: false }');
    const strict = findRound(parseRubric(text, "strict.yaml"), 1);
    if (!strict) throw new Error("no round 1");
    const sized = (answer: string) => score(strict, answer).concepts.find((c) => c.id === "sizing")?.matched;
    expect(sized("each entry takes about 512 bytes")).toBe(true);
    expect(sized("each entry takes about 512")).toBe(false);
    // Without it the bare number is read in the pattern's unit.
    expect(matched("each entry takes about 512", "sizing")).toBe(true);
  });

  it("keeps a count pattern away from numbers with units", () => {
    expect(hit("about 75 entries in total", "entry-count")?.matched).toBe(true);
    expect(hit("about 75 MB in total", "entry-count")?.matched).toBe(false);
  });

  it("does not read a five-letter word as another by one changed letter", () => {
    // "hits" and "miss" are short; "ratio" -> "radio" is one substitution in a five-letter word.
    expect(matched("the hit radio is fine", "hit-ratio")).toBe(false);
    expect(matched("the hit raito is fine", "hit-ratio")).toBe(true);
  });

  it("never reads a word a prefix pattern covers as a typo of another word", () => {
    // "evicts" is covered by "evict*"; it must not be corrected towards any other word.
    const r = score(round, "entries are evicted when memory is full");
    expect(r.concepts.find((c) => c.id === "invalidation")?.evidence[0]?.typo).toBe(false);
  });

  it("keeps a numeric window inside one sentence when the pattern asks for it", () => {
    const base = readFileSync(fixture("mini-rubric.yaml"), "utf8");
    const read = (text: string) => {
      const r = findRound(parseRubric(text, "window.yaml"), 1);
      if (!r) throw new Error("no round 1");
      return (answer: string) => score(r, answer).concepts.find((c) => c.id === "invalidation")?.matched;
    };
    const spanning = read(base);
    const bounded = read(base.replace('near: "stale data"\n            within: 3', 'near: "stale data"\n            within: 3\n            sentence: true'));
    const across = "Entries went stale. Data stays.";
    expect(spanning(across)).toBe(true);
    expect(bounded(across)).toBe(false);
    expect(bounded("The data went stale.")).toBe(true);
  });

  describe("misspelled starts of words that prefix patterns cover", () => {
    const text = readFileSync(fixture("mini-rubric.yaml"), "utf8").replace("evict: [evict*,", "evict: [evict*, invalidat*, refresh*, compar*,");
    const prefixed = findRound(parseRubric(text, "prefixes.yaml"), 1);
    if (!prefixed) throw new Error("no round 1");
    const evidence = (answer: string) => score(prefixed, answer).concepts.find((c) => c.id === "invalidation")?.evidence[0];

    it.each([
      ["two letters swapped", "an invaildation step for old entries"],
      ["a letter dropped", "an invaldation step for old entries"],
      ["a letter doubled", "refresshing the old entries"],
      ["a letter changed in a long prefix", "an invalodation step for old entries"],
    ])("reads %s as a typo", (_name, answer) => {
      expect(evidence(answer)).toMatchObject({ typo: true });
    });

    it.each([
      ["a letter changed in a short prefix", "refrashing the old entries"],
      ["the prefix's last letter missing before other letters", "the company keeps old entries"],
      ["a word under four letters", "ref the old entries"],
    ])("does not read %s as a typo", (_name, answer) => {
      expect(evidence(answer)).toBeUndefined();
    });
  });

  it("flags a keyword list written with spaces only", () => {
    const r = score(round, "cache database ttl evict hit ratio");
    expect(r.flags.map((f) => f.code)).toContain("keyword-stuffing");
  });
});
