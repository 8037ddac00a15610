import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRubric, RubricError } from "../../src/core/index.js";
import { fixture } from "../helpers.js";

const base = readFileSync(fixture("mini-rubric.yaml"), "utf8");

function issues(text: string): { path: string; message: string }[] {
  try {
    parseRubric(text, "broken.yaml");
  } catch (e) {
    if (e instanceof RubricError) return e.issues;
    throw e;
  }
  throw new Error("expected the rubric to be refused");
}

describe("rubric validation", () => {
  it("accepts the fixture and compiles an index from stem to concept", () => {
    const rubric = parseRubric(base, "mini.yaml");
    const round = rubric.rounds[0];
    expect(round?.index.get("databas")).toEqual([0]);
    expect(round?.index.get("hit")).toEqual([2]);
    expect(round?.index.get("*evict")).toEqual([1]);
    // Number patterns cannot be indexed by stem, so the sizing concept is checked on every answer.
    expect(round?.alwaysCheck).toEqual([3]);
  });

  it("lists the key groups a pattern cannot match without, the smallest first", () => {
    const rubric = parseRubric(base.replace('          - "hit ratio"\n', '          - "hit ratio"\n          - all: ["@evict", cache, { number: 5 }]\n'), "needs.yaml");
    const patterns = rubric.rounds[0]?.concepts[2]?.patterns ?? [];
    const needs = (source: string) => patterns.find((p) => p.source.startsWith(source))?.needs.map((g) => g.map((k) => k.s));
    // Every word of a phrase is needed; a number is not a key, so it adds no group.
    expect(needs("hit ratio")).toEqual([["hit"], ["ratio"]]);
    // A synonym group is one group: any of its words (a phrase by its first word) will do.
    expect(needs("all(@evict")).toEqual([["cach"], ["*evict", "expir", "ttl", "time"]]);
  });

  it("compiles a phrase once, however many patterns use it", () => {
    const twice = parseRubric(base.replace('          - "hit ratio"\n', '          - "hit ratio"\n          - all: ["hit ratio", cache]\n'), "twice.yaml");
    const patterns = twice.rounds[0]?.concepts[2]?.patterns ?? [];
    const phrase = patterns.find((p) => p.source === "hit ratio")?.matcher;
    const all = patterns.find((p) => p.source.startsWith("all(hit ratio"))?.matcher;
    expect(all?.t).toBe("all");
    expect(all?.t === "all" ? all.items[0] : undefined).toBe(phrase);
  });

  it.each([
    ["an empty pattern", base.replace('- "hit ratio"', '- ""'), "rounds[0].concepts[2].patterns[0]", /empty/],
    ["an unknown synonym", base.replace('"@evict"', '"@expiry"'), "rounds[0].concepts[1].patterns[0]", /unknown synonym group "@expiry"/],
    ["a stop-word-only pattern", base.replace('- "hit ratio"', '- "the of a"'), "rounds[0].concepts[2].patterns[0]", /stop words/],
    ["an unknown concept kind", base.replace("kind: senior", "kind: expert"), "rounds[0].concepts[3].kind", /./],
    ["an unknown unit", base.replace("unit: bytes", "unit: parsecs"), "rounds[0].concepts[3].patterns[0].unit", /unknown unit/],
    ["a threshold above the core weight", base.replace("strong: 2", "strong: 9"), "rounds[0].thresholds.strong", /more than/],
    ["a core concept voided by another concept than a weak move", base.replace("        kind: core\n        feedback: Watch the cache hit ratio", "        kind: core\n        unless: [sizing]\n        feedback: Watch the cache hit ratio"), "rounds[0].concepts[2].unless[0]", /"sizing" is senior; only a weak move can void a core concept/],
    ["a core concept that weighs nothing", base.replace("        kind: core\n        feedback: Watch the cache hit ratio", "        kind: core\n        weight: 0\n        feedback: Watch the cache hit ratio"), "rounds[0].concepts[2].weight", /only a weak move may weigh nothing/],
    ["an excuse naming no concept of the round", base.replace("        kind: weak-move\n", "        kind: weak-move\n        unless: [without-cache]\n"), "rounds[0].concepts[4].unless[0]", /no concept "without-cache" in round 1/],
    ["a weak move excusing itself", base.replace("        kind: weak-move\n", "        kind: weak-move\n        unless: [bigger-db]\n"), "rounds[0].concepts[4].unless[0]", /only a core or senior concept can excuse one/],
    ["a regular expression key", base.replace('- "hit ratio"', "- { regex: 'h.*t' }"), "rounds[0].concepts[2].patterns[0]", /has "regex": a pattern object needs one of any, all, near or number/],
  ])("refuses %s, naming the path", (_name, text, path, message) => {
    const found = issues(text);
    expect(found.map((i) => i.path)).toContain(path);
    expect(found.find((i) => i.path === path)?.message).toMatch(message);
  });

  it("refuses a synonym group that refers to itself", () => {
    const found = issues(base.replace("evict: [", 'evict: ["@evict", '));
    expect(found.some((i) => /refers to itself/.test(i.message))).toBe(true);
  });

  it("reports YAML syntax errors with a line", () => {
    const found = issues("id: x\n  bad: [\n");
    expect(found[0]?.path).toMatch(/^line \d+/);
  });

  it("names the file in the error message", () => {
    expect(() => parseRubric("id: 1", "rubrics/x.yaml")).toThrow(/^rubrics\/x\.yaml: /);
  });
});

describe("rubric validation messages", () => {
  it("points inside a nested pattern to the item at fault", () => {
    const text = base.replace('- "hit ratio"', "- all: [{ any: [true] }, hit]");
    const found = issues(text);
    expect(found).toContainEqual({
      path: "rounds[0].concepts[2].patterns[0].all[0].any[0]",
      message: 'is the boolean true (quote words such as "yes" and "no"); a pattern is a string, or an object with any, all, near or number',
    });
  });

  it("reports the problem inside the branch a pattern's keys choose", () => {
    const found = issues(base.replace('- "hit ratio"', "- { all: [hit, miss], within: 500 }"));
    expect(found.map((i) => i.path)).toContain("rounds[0].concepts[2].patterns[0].within");
  });
});
