import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findRound, parseRubric, score, type CompiledRound } from "../../src/core/index.js";
import { fixture, miniRound, miniRubric, stuffed } from "../helpers.js";

const round = miniRound();

describe("classification", () => {
  it.each(miniRubric.examples.map((e) => [e.round, e.level, e.answer] as const))("round %i: the rubric's own %s example", (n, level, answer) => {
    const r = findRound(miniRubric, n);
    if (!r) throw new Error(`no round ${n}`);
    expect(score(r, answer).classification).toBe(level);
  });

  it("is weak below the strong threshold and lists what is missing with feedback", () => {
    const r = score(round, "I would cache the database result so we ask it less often.");
    expect(r.classification).toBe("weak");
    expect(r.missing.map((m) => m.id)).toEqual(["invalidation", "hit-ratio", "sizing"]);
    expect(r.missing[0]?.feedback).toMatch(/time to live/);
  });

  it("never gives senior without strong", () => {
    const r = score(round, "Each entry would take about 512 bytes, so budget memory for that.");
    expect(r.concepts.find((c) => c.id === "sizing")?.matched).toBe(true);
    expect(r.classification).toBe("weak");
  });

  it("lets a weak move as the fix pull a strong answer down", () => {
    const base = "Cache the database result with a ttl on every entry so it expires.";
    expect(score(round, base).classification).toBe("strong");
    const r = score(round, `${base} Mostly though, get a bigger database server.`);
    expect(r.classification).toBe("weak");
    expect(r.flags.map((f) => f.code)).toContain("weak-move");
    expect(r.weakMoves[0]?.feedback).toMatch(/bigger server/);
    expect(r.needsReview).toBe(true);
  });

  it("reads an idea turned down and then named with the harm it would do as the reason, not the advice", () => {
    const concept = (text: string) => score(round, text).concepts.find((c) => c.id === "invalidation");
    expect(concept("Cache the database result. I wouldn't add a ttl. A ttl on each entry risks killing the hit ratio.")?.matched).toBe(false);
    // Without the harm, naming it again is the advice.
    expect(concept("Cache the database result. I wouldn't add a ttl by hand. Set a ttl on each entry in the config.")?.matched).toBe(true);
    expect(concept("Cache the database result. I wouldn't add a ttl: a ttl hides stale pages behind fresh ones.")?.matched).toBe(false);
    // A harm with nothing turned down before it.
    expect(concept("Cache the database result. A ttl on each entry avoids the risk of stale pages.")?.matched).toBe(true);
  });

  it("does not count a rejected weak move", () => {
    const r = score(round, "Cache the database result with a ttl on every entry so it expires. I would not get a bigger database.");
    expect(r.classification).toBe("strong");
    expect(r.flags).toEqual([]);
  });

  it.each([
    ["a band-aid", "A bigger database server is a band-aid."],
    ["something that only hides the problem", "A bigger database server would only hide the problem."],
    ["a stopgap, in the clause after it", "Get a bigger database server, but that just buys us time."],
    ["a stopgap, in the sentence after it", "Get a bigger database server? That is a stopgap at best."],
  ])("does not count a weak move the answer calls %s", (_name, dismissal) => {
    const r = score(round, `Cache the database result with a ttl on every entry so it expires. ${dismissal}`);
    expect(r.classification).toBe("strong");
    expect(r.flags).toEqual([]);
    expect(r.concepts.find((c) => c.id === "bigger-db")).toMatchObject({ matched: false, negated: true });
  });

  it("reads a weak move named again right after its rejection as the reason, not as the fix", () => {
    const base = "Cache the database result with a ttl on every entry so it expires.";
    const reason = score(round, `${base} I would not get a bigger database server. A bigger database would hit the same wall.`);
    expect(reason.classification).toBe("strong");
    expect(reason.flags).toEqual([]);
    // Two sentences on, it is a fix of its own again.
    const later = score(round, `I would not get a bigger database server. ${base} Mostly though, get a bigger database server.`);
    expect(later.flags.map((f) => f.code)).toContain("weak-move");
  });

  it("still counts a weak move when the hiding is its purpose, and a core idea called a stopgap", () => {
    const base = "Cache the database result with a ttl on every entry so it expires.";
    const hiding = score(round, `${base} Mostly, get a bigger database server to hide the slow queries.`);
    expect(hiding.classification).toBe("weak");
    expect(hiding.flags.map((f) => f.code)).toContain("weak-move");
    // Dismissal takes back weak moves only: the cache and its expiry still count.
    const core = score(round, `Cache the database result, a stopgap, with a ttl on every entry so it expires.`);
    expect(core.classification).toBe("strong");
  });

  it("gives no credit for a concept stated under negation", () => {
    const r = score(round, "I would not cache the database result; entries expire anyway and the hit ratio is fine.");
    expect(r.concepts.find((c) => c.id === "add-cache")).toMatchObject({ matched: false, negated: true });
    expect(r.classification).toBe("strong");
  });

  it("flags a negated concept that would change the level for review", () => {
    const r = score(round, "Entries need a ttl so they expire. I would not cache the database result.");
    expect(r.classification).toBe("weak");
    expect(r.needsReview).toBe(true);
  });

  it("scores matched core and senior weights out of the maximum", () => {
    const r = score(round, miniRubric.examples[2]?.answer ?? "");
    expect(r.score).toBe(4);
    expect(r.maxScore).toBe(4);
  });
});

describe("flags", () => {
  it.each([
    ["", "empty"],
    ["   \n\t ", "empty"],
    ["cache it", "too-short"],
    ["The weather in spring is lovely for long walks along the river.", "off-topic"],
  ])("%j is weak with flag %s", (answer, code) => {
    const r = score(round, answer);
    expect(r.classification).toBe("weak");
    expect(r.flags.map((f) => f.code)).toContain(code);
  });

  it("does not hold a weak move against the answer when a concept its rubric names under unless matched", () => {
    const excused = parseRubric(
      readFileSync(fixture("mini-rubric.yaml"), "utf8").replace("        kind: weak-move\n", "        kind: weak-move\n        unless: [sizing]\n"),
      "excused.yaml",
    );
    const r = findRound(excused, 1) as CompiledRound;
    const base = "Cache the database result with a ttl on every entry so it expires, and then get a bigger database server.";
    const plain = score(r, base);
    expect(plain.flags.map((f) => f.code)).toContain("weak-move");
    expect(plain.classification).toBe("weak");
    const sized = score(r, `${base} Each entry takes about 512 bytes.`);
    const move = sized.concepts.find((c) => c.id === "bigger-db");
    expect(move).toMatchObject({ matched: false, negated: false });
    expect(move?.evidence.length).toBeGreaterThan(0);
    expect(sized.flags.map((f) => f.code)).not.toContain("weak-move");
    expect(sized.classification).toBe("senior");
  });

  it("voids a concept when a weak move its rubric names under unless matched, and a weak move of weight 0 costs nothing", () => {
    const text = readFileSync(fixture("mini-rubric.yaml"), "utf8")
      .replace("        kind: senior\n", "        kind: senior\n        unless: [bigger-db]\n")
      .replace("        kind: weak-move\n", "        kind: weak-move\n        weight: 0\n");
    const r = findRound(parseRubric(text, "voided.yaml"), 1) as CompiledRound;
    const base = "Cache the database result with a ttl on every entry so it expires. Each entry takes about 512 bytes.";
    expect(score(r, base).classification).toBe("senior");
    const voided = score(r, `${base} Then buy a bigger database server.`);
    const sizing = voided.concepts.find((c) => c.id === "sizing");
    expect(sizing).toMatchObject({ matched: false, negated: false });
    expect(sizing?.evidence.length).toBeGreaterThan(0);
    expect(voided.missing.map((m) => m.id)).toContain("sizing");
    expect(voided.flags.map((f) => f.code)).toContain("weak-move");
    // The weak move weighs nothing, so the core concepts still make the answer strong.
    expect(voided.classification).toBe("strong");
    expect(voided.score).toBe(2);
  });

  it("catches a bare keyword list", () => {
    const r = score(round, "cache, database, ttl, evict, hit ratio, 512 bytes");
    expect(stuffed(r)).toBe(true);
    expect(r.classification).toBe("weak");
  });

  it("catches a list of settings written as key=value, but not terms related by a spaced =", () => {
    const list = score(round, "cache=redis, database=postgres, ttl=300, evict=lru, hit_ratio=0.9, entry=512 bytes");
    expect(stuffed(list)).toBe(true);
    expect(list.classification).toBe("weak");
    const related = score(round, "cache = fewer database reads, ttl = entries expire, hit ratio = proof it works");
    expect(stuffed(related)).toBe(false);
  });

  it("catches a bare list that an aside or a 'no X' item does not turn into prose", () => {
    const aside = score(round, "cache, database, ttl, evict, hit ratio, 512 bytes. That is my list for this one.");
    expect(stuffed(aside)).toBe(true);
    // An aside may name a rubric word or two among many others.
    const chatty = score(round, "cache, database, ttl, evict, hit ratio, 512 bytes. I'd talk it over with the team one by one and pick whichever cache option seems to fit best once we've looked at the database.");
    expect(stuffed(chatty)).toBe(true);
    const item = score(round, "cache, no database reads, ttl, evict, hit ratio, 512 bytes");
    expect(stuffed(item)).toBe(true);
    // A sentence that reasons is not an aside, and "not" makes a claim.
    const reasoned = score(round, "cache, database, ttl, evict, hit ratio, 512 bytes. If the hit ratio is low the ttl is wrong.");
    expect(stuffed(reasoned)).toBe(false);
    const claim = score(round, "cache, not the database, ttl, evict, hit ratio, 512 bytes");
    expect(stuffed(claim)).toBe(false);

    // A short lead-in before a colon heads the list, and "ten to twenty" is a range, not prose.
    const headed = score(round, "What I'd try: cache, database, ttl, evict, hit ratio, 512 bytes. That is my list for this one.");
    expect(stuffed(headed)).toBe(true);
    const range = score(round, "Cache. Database. Ttl ten to twenty. Evict. Hit ratio. 512 bytes.");
    expect(stuffed(range)).toBe(true);
    // An aside among the fragments does not make them prose; a sentence that names two of the rubric's words does.
    const closing = score(round, "Cache vs database. Ttl. Evict. Hit ratio. 512 bytes. Redis. That is all I have.");
    expect(stuffed(closing)).toBe(true);
    const prose = score(round, "Cache vs database. Ttl. Evict. Hit ratio. 512 bytes. Redis. The cache is only useful with a ttl.");
    expect(stuffed(prose)).toBe(false);
    // "down to 300" names a target value in a list item, as a range does.
    const target = score(round, "cache / database / ttl down to 300 / evict / hit ratio / 512 bytes");
    expect(stuffed(target)).toBe(true);
    // An arrow that only gives a value ("ttl → 300.") relates nothing.
    const valued = score(round, "Cache. Database. Ttl → 300. Evict. Hit ratio. 512 bytes.");
    expect(stuffed(valued)).toBe(true);
    // Nor does one that only points to examples ("cache → redis / memcached").
    const examples = score(round, "Cache → redis / memcached. Database. Ttl. Evict. Hit ratio. 512 bytes.");
    expect(stuffed(examples)).toBe(true);
    // Nor does one word pointing at one example; an arrow from a finding to what it means does relate them.
    const example = score(round, "Cache -> redis. Database. Ttl. Evict. Hit ratio. 512 bytes.");
    expect(stuffed(example)).toBe(true);
    const finding = score(round, "Cache misses -> database load. Database. Ttl. Evict. Hit ratio. 512 bytes.");
    expect(stuffed(finding)).toBe(false);
  });

  it("reads 'so' between one bare term and a list as list glue, and 'so' after a reason as reasoning", () => {
    const opened = score(round, "Caching, so redis, memcached, ttl. Evict, hit ratio, 512 bytes. That is my list for this one.");
    expect(stuffed(opened)).toBe(true);
    // A term of more than two words, or a word such as "is" before "so", says something before the list.
    const reasoned = score(round, "The database is slow, so redis, memcached, ttl. Evict, hit ratio, 512 bytes. That is my list for this one.");
    expect(stuffed(reasoned)).toBe(false);
    // Nor does "so" open a list when fewer than three items follow it.
    const short = score(round, "Caching, so redis and a ttl. Evict, hit ratio, 512 bytes. That is my list for this one.");
    expect(stuffed(short)).toBe(false);
  });

  it("reads a term given a bare value ('ttl is 300') as a list item, and a claim about it as prose", () => {
    const valued = score(round, "Cache, database. Redis, memcached, evict. Cache ttl is 300. That is my list for this one.");
    expect(stuffed(valued)).toBe(true);
    const claim = score(round, "Cache, database. Redis, memcached, evict. Cache ttl is too short. That is my list for this one.");
    expect(stuffed(claim)).toBe(false);
  });

  it("reads a comparison inside a long run of list items as one more item", () => {
    const long = score(round, "cache, database, ttl, evict, cache hit versus cache miss, 512 bytes");
    expect(stuffed(long)).toBe(true);
    // In a short list the comparison still relates its terms.
    const short = score(round, "cache versus database, ttl, evict, 512 bytes");
    expect(stuffed(short)).toBe(false);
  });

  it("credits no size from a sum in bytes the answer gets wrong by a factor of ten", () => {
    const base = "Cache the database result with a ttl on every entry so it expires.";
    const right = score(round, `${base} Each entry takes about 512 bytes, so 100,000 entries is roughly 50 MB.`);
    expect(right.concepts.find((c) => c.id === "sizing")?.matched).toBe(true);
    const wrong = score(round, `${base} Each entry takes about 512 bytes, so 100,000 entries is roughly 5 GB.`);
    expect(wrong.concepts.find((c) => c.id === "sizing")?.matched).toBe(false);
  });

  it("catches one term repeated to fill the answer", () => {
    const r = score(round, "Cache. Cache the database, cache cache, ttl cache, the hit ratio cache, cache everything.");
    expect(stuffed(r)).toBe(true);
    expect(r.classification).toBe("weak");
  });

  it("accepts terse notes that connect their terms", () => {
    const r = score(round, "cache -> database reads drop; ttl so entries expire; hit ratio to check it works");
    expect(stuffed(r)).toBe(false);
    expect(r.classification).toBe("strong");
  });

  it("grades only the configured length and says so", () => {
    const answer = "Cache the database result with a ttl so it expires. " + "x ".repeat(50);
    const r = score(round, answer, { maxLength: 40 });
    expect(r.flags.map((f) => f.code)).toContain("truncated");
    expect(r.concepts.every((c) => c.evidence.every((e) => e.end <= 40))).toBe(true);
  });
});

describe("determinism", () => {
  it("gives the same result for the same input", () => {
    const a = miniRubric.examples[1]?.answer ?? "";
    expect(score(round, a)).toEqual(score(round, a));
  });

  it("gives the same result after the word memo is cleared, also in the middle of an answer", () => {
    // A typo ("memoiez", "dtabase") and a prefix word exercise what the scorer keeps per memoised word.
    const a = "Memoiez the dtabase call and give entries a ttl so stale ones expire; watch the hit ratio.";
    const before = score(round, a);
    // Distinct made-up words (letters only), more than the word memo holds: it is cleared while reading them.
    const letters = (n: number): string => n.toString(10).replace(/\d/g, (d) => "abcdefghij"[Number(d)] ?? "");
    const filler = (from: number, count: number): string => Array.from({ length: count }, (_, i) => `zq${letters(from + i)}`).join(" ");
    const huge = `${filler(0, 90_000)}. ${a}`;
    const inHuge = score(round, huge, { maxLength: huge.length });
    expect(inHuge.concepts.map((c) => [c.id, c.matched])).toEqual(before.concepts.map((c) => [c.id, c.matched]));
    score(round, filler(90_000, 90_000), { maxLength: Infinity });
    expect(score(round, a)).toEqual(before);
  });
});
