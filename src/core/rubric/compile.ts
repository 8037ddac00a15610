// Compiles a validated rubric once: every pattern string is tokenized and
// stemmed here, synonym groups are expanded, and an index from stem to
// concept lets the scorer skip concepts whose words never occur.
import { tokenize, type TokenKind } from "../text/tokenize.js";
import { patternUnitOf, type Quantity } from "../text/numbers.js";
import { pinKey, type Key } from "../text/keys.js";
import { shaped, type Matcher } from "./matcher.js";
import type { ConceptDef, ConceptKind, NumberPatternSource, PatternSource, Rubric, RoundDef } from "./schema.js";

export interface RubricIssue {
  path: string;
  message: string;
}

export class RubricError extends Error {
  constructor(
    readonly source: string,
    readonly issues: RubricIssue[],
  ) {
    super(`${source}: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`);
    this.name = "RubricError";
  }
}

export interface CompiledPattern {
  /** How the rubric wrote it, reported as the matched variant. */
  source: string;
  matcher: Matcher;
  /**
   * Groups of index keys each of which must have one key in the answer for
   * the pattern to match: a flat check that turns most patterns away before
   * their matcher is walked. Necessary, not sufficient.
   */
  needs: Key[][];
}

export interface CompiledConcept {
  id: string;
  label: string;
  kind: ConceptKind;
  weight: number;
  feedback: string;
  patterns: CompiledPattern[];
  /** Indexes of the concepts whose match cancels this one: excuses a weak move, voids a core or senior concept (see ConceptSchema.unless). */
  unless: number[];
  /**
   * Weak moves: the index keys (prefix keys included) their patterns use and
   * no core or senior concept of the round does, the words that name this move alone.
   */
  ownKeys: ReadonlySet<Key>;
}

export interface CompiledRound {
  rubricId: string;
  rubricVersion: string;
  number: number;
  key: string;
  title: string;
  question: string;
  thresholds: { strong: number; senior: number };
  concepts: CompiledConcept[];
  /** Stem -> indexes of the concepts that stem can start a match for. */
  index: Map<string, number[]>;
  /** The same index by pinned key id, for the scorer. */
  conceptsByKey: (number[] | undefined)[];
  /** Concepts with number or prefix patterns, checked on every answer. */
  alwaysCheck: number[];
  /** Every stem the round's patterns use, for typo tolerance and off-topic detection. */
  vocabulary: Vocabulary;
}

export interface Vocabulary {
  keys: Set<string>;
  /** The same keys by pinned key id (1: the round uses it). */
  known: Uint8Array;
  /** Surface words and stems at least 5 letters long, for edit-distance look-up. */
  fuzzy: { word: string; key: string; stem: boolean }[];
  /** Memo of answer words already resolved against the vocabulary (null: no close word). */
  memo: Map<string, string | null>;
  /** Prefixes used by `word*` patterns, and a memo of which ones each answer word starts with. */
  prefixes: string[];
  prefixMemo: Map<string, Key[]>;
  /**
   * What each memoised answer word (by Token.wid) means to this round: the
   * prefix keys it falls under, and the rubric key a typo of it stands for.
   * Valid while the tokenizer's wordEpoch is `epoch`.
   */
  readings: { epoch: number; prefixes: (readonly Key[] | undefined)[]; fixes: (Key | null)[] };
}

export interface CompiledRubric {
  id: string;
  title: string;
  version: string;
  rounds: CompiledRound[];
  examples: Rubric["examples"];
  source: Rubric;
  /** How each pattern phrase was tokenized: kept with a build's snapshot, so loading it skips the tokenizer. */
  phrases: PhraseTable;
  /**
   * Phrases of several words that match as one word, their others being stop
   * words: "other apps" matches any "app". Valid, but rarely what an author
   * means; `rubrics check` reports them.
   */
  thinPhrases: ThinPhrase[];
}

export interface ThinPhrase {
  /** Where the phrase is first used. */
  path: string;
  phrase: string;
  /** The one word (stem, or prefix with *) it matches on. */
  kept: string;
}

/** The words of a pattern phrase that matching uses (stop words left out), as the tokenizer read them. */
export interface PhraseWord {
  kind: TokenKind;
  key: string;
  text: string;
  qty?: Quantity;
}

export type PhraseTable = Map<string, PhraseWord[]>;

type Group = { name: string; items: PatternSource[] };

class Compiler {
  readonly issues: RubricIssue[] = [];
  private readonly groupCache = new Map<string, Matcher | null>();
  private readonly resolving = new Set<string>();
  readonly surface = new Map<string, string>();

  readonly phrases: PhraseTable = new Map();
  /** Phrases of several words that keep one once their stop words are dropped (see CompiledRubric.thinPhrases). */
  readonly thin: ThinPhrase[] = [];

  constructor(
    private readonly groups: Map<string, Group>,
    private readonly known?: PhraseTable,
  ) {}

  fail(path: string, message: string): null {
    this.issues.push({ path, message });
    return null;
  }

  group(name: string, path: string): Matcher | null {
    if (this.groupCache.has(name)) return this.groupCache.get(name) ?? null;
    const g = this.groups.get(name);
    if (!g) return this.fail(path, `unknown synonym group "@${name}" (declare it under synonyms)`);
    if (this.resolving.has(name)) return this.fail(path, `synonym group "@${name}" refers to itself`);
    this.resolving.add(name);
    const items: Matcher[] = [];
    g.items.forEach((item, i) => {
      const m = this.pattern(item, `synonyms.${name}[${i}]`);
      if (m) items.push(m);
    });
    this.resolving.delete(name);
    const m: Matcher | null = items.length ? anyOf(items) : null;
    this.groupCache.set(name, m);
    return m;
  }

  /** Phrases already compiled: the same words make the same matcher, shared as synonym groups are. */
  private readonly textCache = new Map<string, Matcher>();

  text(raw: string, path: string): Matcher | null {
    const cached = this.textCache.get(raw);
    if (cached) return cached;
    const m = this.compileText(raw, path);
    if (m) this.textCache.set(raw, m);
    return m;
  }

  private compileText(raw: string, path: string): Matcher | null {
    const items: Matcher[] = [];
    let plain: string[] = [];
    const flush = (): boolean => {
      if (plain.length === 0) return true;
      items.push(...this.words(plain.join(" ")));
      plain = [];
      return true;
    };
    const pieces = raw.split(/\s+/).filter(Boolean);
    for (const piece of pieces) {
      if (piece.startsWith("@")) {
        if (!flush()) return null;
        const g = this.group(piece.slice(1), path);
        if (!g) return null;
        items.push(g);
      } else if (piece.endsWith("*")) {
        if (!flush()) return null;
        const prefix = piece.slice(0, -1).toLowerCase();
        if (!/^[\p{L}\p{N}_]{3,}$/u.test(prefix)) {
          return this.fail(path, `prefix "${piece}" needs at least 3 letters before the *`);
        }
        items.push(shaped({ t: "prefix", prefix, k: pinKey(prefixKey(prefix)) }));
      } else {
        plain.push(piece);
      }
    }
    if (!flush()) return null;
    if (items.length === 0) return this.fail(path, `"${raw}" has no words to match (only stop words?)`);
    const only = items[0];
    if (items.length === 1 && only && (only.t === "term" || only.t === "prefix") && pieces.length > 1) {
      this.thin.push({ path, phrase: raw, kept: only.t === "term" ? only.key : `${only.prefix}*` });
    }
    return items.length === 1 ? (items[0] ?? null) : shaped({ t: "seq", items });
  }

  private words(text: string): Matcher[] {
    let words = this.known?.get(text);
    if (!words) {
      words = [];
      for (const tok of tokenize(text).tokens) {
        if (tok.stop) continue;
        const w: PhraseWord = { kind: tok.kind, key: tok.key, text: tok.text };
        if (tok.qty) w.qty = tok.qty;
        words.push(w);
      }
    }
    this.phrases.set(text, words);
    const out: Matcher[] = [];
    for (const tok of words) {
      if (tok.kind === "num" && tok.qty) {
        const { min, max, rawMin, rawMax, dim } = tok.qty;
        out.push(shaped({ t: "num", min, max, rawMin, rawMax, dim }));
      } else {
        out.push(shaped({ t: "term", key: tok.key, k: pinKey(tok.key) }));
        if (tok.kind === "word") this.surface.set(tok.text, tok.key);
      }
    }
    return out;
  }

  number(p: NumberPatternSource, path: string): Matcher | null {
    const [lo, hi] = Array.isArray(p.number) ? p.number : [p.number, p.number];
    if (hi < lo) return this.fail(`${path}.number`, "range must be [low, high]");
    const unit = p.unit === undefined ? undefined : patternUnitOf(p.unit.toLowerCase());
    if (p.unit !== undefined && !unit) {
      return this.fail(`${path}.unit`, `unknown unit "${p.unit}" (use s, ms, min, h, days, bytes, KB, MB, GB, or count)`);
    }
    const tol =
      typeof p.tolerance === "string" ? Number(p.tolerance.slice(0, -1)) / 100 : (p.tolerance ?? 0);
    const factor = unit?.factor ?? 1;
    // `bare: false`: an empty range for numbers written without a unit, which then match nothing.
    const bare = p.bare !== false;
    return shaped({
      t: "num",
      min: lo * factor * (1 - tol),
      max: hi * factor * (1 + tol),
      rawMin: bare ? lo * (1 - tol) : Number.POSITIVE_INFINITY,
      rawMax: bare ? hi * (1 + tol) : Number.NEGATIVE_INFINITY,
      dim: unit?.dim ?? null,
    });
  }

  pattern(p: PatternSource, path: string): Matcher | null {
    if (typeof p === "string") return this.text(p, path);
    if ("any" in p) {
      const items = p.any.map((x, i) => this.pattern(x, `${path}.any[${i}]`));
      return items.every((x): x is Matcher => x !== null) ? anyOf(items) : null;
    }
    if ("all" in p) {
      const items = p.all.map((x, i) => this.pattern(x, `${path}.all[${i}]`));
      if (!items.every((x): x is Matcher => x !== null)) return null;
      return shaped({ t: "all", items, within: p.within ?? "sentence", ordered: p.ordered ?? false, sentence: p.sentence ?? false });
    }
    if ("near" in p) {
      const m = this.text(p.near, `${path}.near`);
      if (!m) return null;
      const items = m.t === "seq" ? m.items : [m];
      if (items.length < 2) return this.fail(`${path}.near`, "needs at least two words");
      return shaped({ t: "all", items, within: p.within ?? 5, ordered: p.ordered ?? false, sentence: p.sentence ?? false });
    }
    return this.number(p, path);
  }
}

/**
 * Alternatives. The single words and prefixes among them become one key
 * look-up: a synonym group of thirty words costs one node, not thirty.
 */
function anyOf(items: Matcher[]): Matcher {
  const keys: string[] = [];
  const rest: Matcher[] = [];
  for (const m of items) {
    if (m.t === "term") keys.push(m.key);
    else if (m.t === "prefix") keys.push(prefixKey(m.prefix));
    else if (m.t === "keys") keys.push(...m.keys);
    else rest.push(m);
  }
  const unique = [...new Set(keys)];
  const single = shaped({ t: "keys", keys: unique, ks: unique.map(pinKey) });
  if (rest.length === 0) return single;
  if (unique.length < 2) return shaped({ t: "any", items });
  return shaped({ t: "any", items: [single, ...rest] });
}

function describe(p: PatternSource): string {
  if (typeof p === "string") return p;
  if ("any" in p) return `any(${p.any.map(describe).join(" | ")})`;
  const inSentence = "sentence" in p && p.sentence ? " in one sentence" : "";
  if ("all" in p) return `all(${p.all.map(describe).join(", ")}) within ${p.within ?? "sentence"}${inSentence}`;
  if ("near" in p) return `near("${p.near}") within ${p.within ?? 5}${inSentence}`;
  const n = Array.isArray(p.number) ? p.number.join("-") : String(p.number);
  return `${n}${p.unit ? ` ${p.unit}` : ""}${p.tolerance !== undefined ? ` ±${p.tolerance}` : ""}`;
}

/** The index key under which the scorer files the words a prefix pattern covers. */
export function prefixKey(prefix: string): string {
  return `*${prefix}`;
}

/** Stems any of which must occur for the matcher to match; null when it cannot be indexed. */
function anchors(m: Matcher): string[] | null {
  switch (m.t) {
    case "term":
      return [m.key];
    case "prefix":
      return [prefixKey(m.prefix)];
    case "keys":
      return m.keys;
    case "num":
      return null;
    case "seq":
      return m.items[0] ? anchors(m.items[0]) : null;
    case "any": {
      const out: string[] = [];
      for (const item of m.items) {
        const a = anchors(item);
        if (!a) return null;
        out.push(...a);
      }
      return out;
    }
    case "all": {
      // Every item must occur; index on the one with the fewest alternatives.
      let best: string[] | null = null;
      for (const item of m.items) {
        const a = anchors(item);
        if (a && (!best || a.length < best.length)) best = a;
      }
      return best;
    }
  }
}

/** The groups of keys every match of the matcher needs one of (see CompiledPattern.needs), the smallest first. */
function needs(m: Matcher): Key[][] {
  const groups: Key[][] = [];
  const visit = (x: Matcher): void => {
    if (x.t === "seq" || x.t === "all") x.items.forEach(visit);
    else {
      const g = anchorKeys(x);
      // A node met twice (a phrase or a synonym group used again) needs no second check.
      if (g && !groups.includes(g)) groups.push(g);
    }
  };
  visit(m);
  return groups.sort((a, b) => a.length - b.length);
}

/** anchors() of a node as pinned keys, without repeats: one array per node, shared by every pattern that uses it. */
const anchorMemo = new WeakMap<Matcher, Key[] | null>();
function anchorKeys(m: Matcher): Key[] | null {
  let g = anchorMemo.get(m);
  if (g === undefined) {
    const a = anchors(m);
    g = a ? [...new Set(a)].map(pinKey) : null;
    anchorMemo.set(m, g);
  }
  return g;
}

/** Nodes already collected into a key set: synonym groups are shared, and a node's keys are in the set after one visit. */
const collected = new WeakMap<Set<string>, Set<Matcher>>();

function collectKeys(m: Matcher, into: Set<string>, prefixes: Set<string>): void {
  let seen = collected.get(into);
  if (!seen) collected.set(into, (seen = new Set()));
  if (seen.has(m)) return;
  seen.add(m);
  if (m.t === "term") into.add(m.key);
  else if (m.t === "prefix") prefixes.add(m.prefix);
  else if (m.t === "keys") {
    for (const k of m.keys) {
      if (k.startsWith("*")) prefixes.add(k.slice(1));
      else into.add(k);
    }
  }
  else if (m.t === "seq" || m.t === "any" || m.t === "all") for (const i of m.items) collectKeys(i, into, prefixes);
}

const NO_KEYS: ReadonlySet<Key> = new Set();

function compileRound(rubric: Rubric, round: RoundDef, r: number, compiler: Compiler): CompiledRound {
  const concepts: CompiledConcept[] = [];
  const index = new Map<string, number[]>();
  const alwaysCheck: number[] = [];
  // Words of the concepts that earn credit, and each weak move's words: the round's are their union.
  const credited = { keys: new Set<string>(), prefixes: new Set<string>() };
  const weakWords = new Map<number, { keys: Set<string>; prefixes: Set<string> }>();
  round.concepts.forEach((c: ConceptDef, ci) => {
    const patterns: CompiledPattern[] = [];
    let indexed = true;
    const conceptAnchors = new Set<string>();
    const own = c.kind === "weak-move" ? { keys: new Set<string>(), prefixes: new Set<string>() } : credited;
    if (own !== credited) weakWords.set(concepts.length, own);
    c.patterns.forEach((p, pi) => {
      const matcher = compiler.pattern(p, `rounds[${r}].concepts[${ci}].patterns[${pi}]`);
      if (!matcher) return;
      patterns.push({ source: describe(p), matcher, needs: needs(matcher) });
      collectKeys(matcher, own.keys, own.prefixes);
      const a = anchors(matcher);
      if (a) a.forEach((k) => conceptAnchors.add(k));
      else indexed = false;
    });
    const at = concepts.length;
    const unless = (c.unless ?? []).map((id) => round.concepts.findIndex((x) => x.id === id));
    concepts.push({ id: c.id, label: c.label, kind: c.kind, weight: c.weight, feedback: c.feedback, patterns, unless, ownKeys: NO_KEYS });
    if (!indexed) alwaysCheck.push(at);
    else for (const k of conceptAnchors) index.set(k, [...(index.get(k) ?? []), at]);
  });
  const keys = new Set(credited.keys);
  const prefixes = new Set(credited.prefixes);
  for (const [at, own] of weakWords) {
    own.keys.forEach((k) => keys.add(k));
    own.prefixes.forEach((p) => prefixes.add(p));
    const ownKeys = [...own.keys].filter((k) => !credited.keys.has(k)).map(pinKey);
    for (const p of own.prefixes) if (!credited.prefixes.has(p)) ownKeys.push(pinKey(prefixKey(p)));
    (concepts[at] as CompiledConcept).ownKeys = new Set(ownKeys);
  }
  const fuzzy: Vocabulary["fuzzy"] = [];
  for (const [word, key] of compiler.surface) {
    if (keys.has(key) && /^\p{L}{5,}$/u.test(word)) fuzzy.push({ word, key, stem: false });
  }
  for (const key of keys) if (/^\p{L}{5,}$/u.test(key)) fuzzy.push({ word: key, key, stem: true });
  fuzzy.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return {
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    number: round.number,
    key: round.key,
    title: round.title,
    question: round.question,
    thresholds: round.thresholds,
    concepts,
    index,
    conceptsByKey: byId(index),
    alwaysCheck,
    vocabulary: { keys, known: knownIds(keys), fuzzy, memo: new Map(), prefixes: [...prefixes].sort(), prefixMemo: new Map(), readings: { epoch: -1, prefixes: [], fixes: [] } },
  };
}

function byId(index: Map<string, number[]>): (number[] | undefined)[] {
  const out: (number[] | undefined)[] = [];
  for (const [s, concepts] of index) out[pinKey(s).id] = concepts;
  return out;
}

function knownIds(keys: Set<string>): Uint8Array {
  const ids = [...keys].map((s) => pinKey(s).id);
  const out = new Uint8Array(Math.max(-1, ...ids) + 1);
  for (const id of ids) out[id] = 1;
  return out;
}

/**
 * Compiles a validated rubric; throws RubricError naming every problem with
 * its path. `phrases`, from an earlier compile of the same rubric, spares
 * tokenizing the pattern phrases again.
 */
export function compileRubric(rubric: Rubric, sourceName = rubric.id, phrases?: PhraseTable): CompiledRubric {
  const groups = new Map<string, Group>(
    Object.entries(rubric.synonyms).map(([name, items]) => [name, { name, items }]),
  );
  const compiler = new Compiler(groups, phrases);
  const issues = compiler.issues;
  const seenRounds = new Set<string>();
  rubric.rounds.forEach((round, r) => {
    for (const id of [String(round.number), round.key]) {
      if (seenRounds.has(id)) issues.push({ path: `rounds[${r}]`, message: `round "${id}" is defined twice` });
      seenRounds.add(id);
    }
    const ids = new Set<string>();
    round.concepts.forEach((c, ci) => {
      if (ids.has(c.id)) issues.push({ path: `rounds[${r}].concepts[${ci}].id`, message: `duplicate concept id "${c.id}"` });
      ids.add(c.id);
    });
    round.concepts.forEach((c, ci) => {
      checkUnless(c, round, `rounds[${r}].concepts[${ci}].unless`, issues);
      if (c.weight === 0 && c.kind !== "weak-move") issues.push({ path: `rounds[${r}].concepts[${ci}].weight`, message: `must be above 0: only a weak move may weigh nothing` });
    });
    const coreWeight = round.concepts.filter((c) => c.kind === "core").reduce((s, c) => s + c.weight, 0);
    if (round.thresholds.strong > coreWeight) {
      issues.push({
        path: `rounds[${r}].thresholds.strong`,
        message: `${round.thresholds.strong} is more than the round's total core weight ${coreWeight}`,
      });
    }
  });
  const rounds = rubric.rounds.map((round, r) => compileRound(rubric, round, r, compiler));
  rubric.examples.forEach((ex, i) => {
    if (!rubric.rounds.some((rd) => rd.number === ex.round)) {
      issues.push({ path: `examples[${i}].round`, message: `no round ${ex.round} in this rubric` });
    }
  });
  if (issues.length) throw new RubricError(sourceName, issues);
  return { id: rubric.id, title: rubric.title, version: rubric.version, rounds, examples: rubric.examples, source: rubric, phrases: compiler.phrases, thinPhrases: compiler.thin };
}

/**
 * A weak move's `unless` names core or senior concepts of its own round (what
 * excuses it); a core or senior concept's names weak moves (what voids it).
 */
function checkUnless(c: ConceptDef, round: RoundDef, path: string, issues: RubricIssue[]): void {
  if (!c.unless) return;
  const weak = c.kind === "weak-move";
  c.unless.forEach((id, i) => {
    const other = round.concepts.find((x) => x.id === id);
    if (!other) issues.push({ path: `${path}[${i}]`, message: `no concept "${id}" in round ${round.number}` });
    else if (weak && other.kind === "weak-move") issues.push({ path: `${path}[${i}]`, message: `"${id}" is a weak move; only a core or senior concept can excuse one` });
    else if (!weak && other.kind !== "weak-move") issues.push({ path: `${path}[${i}]`, message: `"${id}" is ${other.kind}; only a weak move can void a ${c.kind} concept` });
  });
}

/** Finds a round by number or key ("2" or "probe"). */
export function findRound(rubric: CompiledRubric, round: number | string): CompiledRound | undefined {
  const s = String(round).trim().toLowerCase();
  return rubric.rounds.find((r) => String(r.number) === s || r.key === s);
}
