// npm run bench: scorer throughput on ~100-word answers against a whole round,
// beside a naive baseline (natural's tokenizeAndStem plus a set look-up of each
// concept's stems), measured in the same run; and the cold cost of importing
// the scorer and compiling the rubric, in a fresh process.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import PorterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import { parseRubric, score, type CompiledRound } from "../src/core/index.js";
import type { Matcher } from "../src/core/rubric/matcher.js";
import { answersFrom } from "./answers.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const rubricPath = join(root, "rubrics/network-latency-spikes.yaml");
const rubric = parseRubric(readFileSync(rubricPath, "utf8"), rubricPath);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

type Stemmer = { tokenizeAndStem(text: string): string[] };
const naiveStemmer = PorterStemmer as unknown as Stemmer;

function termKeys(m: Matcher, into: Set<string>): Set<string> {
  if (m.t === "term") into.add(m.key);
  else if (m.t === "keys") m.keys.filter((k) => !k.startsWith("*")).forEach((k) => into.add(k));
  else if (m.t === "seq" || m.t === "any" || m.t === "all") m.items.forEach((i) => termKeys(i, into));
  return into;
}

function naiveScorer(round: CompiledRound): (answer: string) => number {
  const concepts = round.concepts.map((c) => {
    const keys = new Set<string>();
    c.patterns.forEach((p) => termKeys(p.matcher, keys));
    return [...keys];
  });
  return (answer) => {
    const stems = new Set(naiveStemmer.tokenizeAndStem(answer));
    let matched = 0;
    for (const keys of concepts) if (keys.some((k) => stems.has(k))) matched++;
    return matched;
  };
}

function throughput(fn: (answer: string) => unknown, answers: string[]): number {
  for (let i = 0; i < 500; i++) fn(answers[i % answers.length] ?? "");
  let done = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(SECONDS * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (let i = 0; i < 200; i++) fn(answers[(done + i) % answers.length] ?? "");
    done += 200;
  }
  return done / (Number(process.hrtime.bigint() - start) / 1e9);
}

function median(script: string): number {
  const runs = [0, 1, 2, 3, 4].map(() => Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })));
  return runs.sort((a, b) => a - b)[2] ?? NaN;
}

/** Import the scorer and compile the rubric from the snapshot `npm run build` keeps (validated rubric, tokenized phrases). */
function coldStartFromBuild(): number {
  return median(`
    const t0 = performance.now();
    const { compileRubric } = await import(${JSON.stringify(join(root, "dist/src/core/rubric/compile.js"))});
    await import(${JSON.stringify(join(root, "dist/src/core/scoring/score.js"))});
    const fs = await import("node:fs");
    const snap = JSON.parse(fs.readFileSync(${JSON.stringify(join(root, "dist/rubrics/network-latency-spikes.json"))}, "utf8"));
    compileRubric(snap.rubric, "bench", new Map(snap.phrases));
    console.log(performance.now() - t0);`);
}

/** The same from the YAML file, parsed and validated with zod. */
function coldStartFromYaml(): number {
  return median(`
    const t0 = performance.now();
    const core = await import(${JSON.stringify(join(root, "dist/src/core/index.js"))});
    const fs = await import("node:fs");
    core.parseRubric(fs.readFileSync(${JSON.stringify(rubricPath)}, "utf8"), "r");
    console.log(performance.now() - t0);`);
}

/**
 * Floors, to read the figures against: the same answers read once character
 * by character with no other work, and split into words each looked up in a
 * table of the round's words (no stemming, no rules, no result). Whatever a
 * scorer does, it does at least this much; what the host takes for it shows
 * how much of a per-answer budget is left for scoring.
 */
function readFloor(answer: string): number {
  let letters = 0;
  for (let i = 0; i < answer.length; i++) {
    const c = answer.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) letters++;
  }
  return letters;
}

function lookupFloor(round: CompiledRound): (answer: string) => number {
  const words = new Set<string>();
  round.concepts.forEach((c) => c.patterns.forEach((p) => termKeys(p.matcher, words)));
  return (answer) => {
    let hits = 0;
    let start = -1;
    for (let i = 0; i <= answer.length; i++) {
      const c = i < answer.length ? answer.charCodeAt(i) | 32 : 0;
      const letter = c >= 97 && c <= 122;
      if (letter && start < 0) start = i;
      else if (!letter && start >= 0) {
        if (words.has(answer.slice(start, i).toLowerCase())) hits++;
        start = -1;
      }
    }
    return hits;
  };
}

const rows: string[] = [];
const floors: string[] = [];
let worstRatio = Infinity;
let worstRate = Infinity;
for (const round of rubric.rounds) {
  const examples = rubric.examples.filter((e) => e.round === round.number).map((e) => e.answer);
  const answers = answersFrom(examples, 1000, 100, round.number);
  const ours = throughput((a) => score(round, a), answers);
  const naive = throughput(naiveScorer(round), answers);
  const read = throughput(readFloor, answers);
  const lookup = throughput(lookupFloor(round), answers);
  worstRatio = Math.min(worstRatio, ours / naive);
  worstRate = Math.min(worstRate, ours);
  floors.push(
    `round ${round.number}: reading the characters ${(1e6 / read).toFixed(1)} µs/answer, splitting and looking up words ${(1e6 / lookup).toFixed(1)} µs/answer (${((100 * 50_000) / lookup).toFixed(0)}% of the ${(1e6 / 50_000).toFixed(0)} µs a 50,000/s scorer may spend)`,
  );
  rows.push(`round ${round.number} (${round.key.padEnd(10)}): scorer ${Math.round(ours).toLocaleString("en").padStart(9)}/s   naive ${Math.round(naive).toLocaleString("en").padStart(9)}/s   ratio ${(ours / naive).toFixed(1)}x`);
}
console.log(`~100-word answers built from each round's example sentences, one core, ${SECONDS}s per measurement`);
for (const r of rows) console.log(r);
console.log("floors on this host, same answers, same run (no stemming, no rules, no result):");
for (const f of floors) console.log(f);
console.log(`slowest round: ${Math.round(worstRate).toLocaleString("en")} answers/s (target 50,000); smallest ratio ${worstRatio.toFixed(1)}x (target 10x)`);
console.log(`import scorer + compile rubric, fresh process (median of 5): ${coldStartFromBuild().toFixed(1)} ms from the build's snapshot: validated rubric and tokenized phrases (target 150 ms); ${coldStartFromYaml().toFixed(1)} ms parsing and validating the YAML`);
