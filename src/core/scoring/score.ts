// score(round, answer): the pure heart of the service. No I/O, no clock:
// the same answer and rubric version always give the same result.
import { prefixKey, type CompiledConcept, type CompiledRound, type Vocabulary } from "../rubric/compile.js";
import type { ConceptKind, Level } from "../rubric/schema.js";
import { anyFiled, fileKey, nextGeneration, pinKey, type Key } from "../text/keys.js";
import { tokenize, wordEpoch, type Token, type Tokenized } from "../text/tokenize.js";
import { wrongProducts } from "./arithmetic.js";
import { resolveTypo } from "./fuzzy.js";
import { find, type AnswerIndex, type Match } from "./match.js";
import { detectStuffing, inventorySpans, type TextSpan } from "./stuffing.js";

export const DEFAULT_MAX_ANSWER_LENGTH = 20_000;

export interface Evidence {
  start: number;
  end: number;
  text: string;
  /** The rubric pattern that matched, as written. */
  variant: string;
  negated: boolean;
  typo: boolean;
}

export interface ConceptResult {
  id: string;
  label: string;
  kind: ConceptKind;
  weight: number;
  matched: boolean;
  /** Stated only under negation ("I would not use a pool"): no credit. */
  negated: boolean;
  evidence: Evidence[];
}

export interface MissingConcept {
  id: string;
  label: string;
  kind: ConceptKind;
  feedback: string;
}

export type FlagCode = "weak-move" | "keyword-stuffing" | "empty" | "too-short" | "off-topic" | "truncated";

export interface Flag {
  code: FlagCode;
  message: string;
  concept?: string;
}

export interface ScoreResult {
  rubric: string;
  rubricVersion: string;
  round: number;
  roundKey: string;
  classification: Level;
  score: number;
  maxScore: number;
  /** Why the level was given, in one sentence. */
  reason: string;
  concepts: ConceptResult[];
  missing: MissingConcept[];
  /** Feedback for weak moves that were found. */
  weakMoves: MissingConcept[];
  flags: Flag[];
  needsReview: boolean;
}

export interface ScoreOptions {
  maxLength?: number;
}

const MIN_CONTENT_TOKENS = 3;
const EVIDENCE_PER_CONCEPT = 3;

const PREFIX_MEMO_LIMIT = 100_000;
const NO_HITS: readonly Key[] = [];

/** Index keys of the prefix patterns a word falls under ("retransmits" -> "*retransmi"). */
function prefixHits(vocab: Vocabulary, t: Token): readonly Key[] {
  // The text decides the key (stem, or the typo's correction), so it is enough as memo key.
  const memoKey = t.text;
  let hits = vocab.prefixMemo.get(memoKey);
  if (hits === undefined) {
    hits = vocab.prefixes.filter((p) => t.text.startsWith(p) || t.key.startsWith(p)).map((p) => pinKey(prefixKey(p)));
    if (vocab.prefixMemo.size >= PREFIX_MEMO_LIMIT) vocab.prefixMemo.clear();
    vocab.prefixMemo.set(memoKey, hits);
  }
  return hits;
}

function knows(vocab: Vocabulary, k: Key): boolean {
  return k.id >= 0 && vocab.known[k.id] === 1;
}

/** Numbers, flags and the words the round's patterns use, directly or through a prefix. */
function isRubricWord(vocab: Vocabulary, t: Token): boolean {
  if (t.kind === "num" || t.kind === "flag") return true;
  return knows(vocab, t.ref) || (t.kind === "word" && vocab.prefixes.length > 0 && prefixHits(vocab, t).length > 0);
}

/** The answer's index, with what the scorer asks of the whole answer. */
type ScoredIndex = AnswerIndex & {
  onTopic: boolean;
  /** Sentences that name a harm (see HARMS), in order: few answers have any. */
  harms: number[];
};

function indexAnswer(round: CompiledRound, tokenized: Tokenized): ScoredIndex {
  const content: Token[] = [];
  const keys: Key[] = [];
  const numbers: number[] = [];
  const vocab = round.vocabulary;
  const gen = nextGeneration();
  const readings = vocab.readings;
  // Word ids started over: what was kept by id belongs to other words now.
  if (readings.epoch !== wordEpoch()) {
    readings.epoch = wordEpoch();
    readings.prefixes = [];
    readings.fixes = [];
  }
  let onTopic = false;
  const harms: number[] = [];
  for (const t of tokenized.tokens) {
    if (t.stop) continue;
    if (HARMS.has(t.key) && harms[harms.length - 1] !== t.sentence) harms.push(t.sentence);
    // What this word means to the round: the prefix keys it falls under, and the rubric key a typo
    // of it stands for. Kept by the memoised word's id, so each word is read once per round.
    const wid = t.wid;
    let prefixes = wid >= 0 ? readings.prefixes[wid] : undefined;
    let fix: Key | null = null;
    if (prefixes !== undefined) {
      fix = readings.fixes[wid] ?? null;
    } else {
      prefixes = NO_HITS;
      if (t.kind === "word" && vocab.prefixes.length) prefixes = prefixHits(vocab, t);
      // A word a prefix pattern covers is a word the rubric knows, not a typo.
      if (t.kind === "word" && prefixes.length === 0 && !knows(vocab, t.ref)) {
        const fixed = resolveTypo(vocab, t.text, t.key);
        if (fixed) fix = pinKey(fixed);
      }
      if (wid >= 0) {
        // Grown one slot at a time, so the arrays stay dense.
        while (readings.prefixes.length <= wid) {
          readings.prefixes.push(undefined);
          readings.fixes.push(null);
        }
        readings.prefixes[wid] = prefixes;
        readings.fixes[wid] = fix;
      }
    }
    if (fix) {
      t.key = fix.s;
      t.ref = fix;
      t.typo = true;
    }
    const pos = content.length;
    content.push(t);
    if (t.kind === "num") numbers.push(pos);
    if (fileKey(t.ref, gen, pos)) keys.push(t.ref);
    for (const k of prefixes) if (fileKey(k, gen, pos)) keys.push(k);
    onTopic ||= prefixes.length > 0 || knows(vocab, t.ref);
  }
  return { content, gen, keys, numbers, singles: [], onTopic, harms };
}

/** Which concepts can match at all: those a present word indexes, and those checked on every answer. */
function candidates(round: CompiledRound, ix: AnswerIndex): Uint8Array {
  const picked = new Uint8Array(round.concepts.length);
  for (const c of round.alwaysCheck) picked[c] = 1;
  for (const key of ix.keys) {
    if (key.id < 0) continue;
    const concepts = round.conceptsByKey[key.id];
    if (concepts) for (const c of concepts) picked[c] = 1;
  }
  return picked;
}

/**
 * Whether a word in the match's span carries the mark: "dismissed" (its clause
 * calls the fix a stopgap) or "aside" (its clause adds a step to a fix already given).
 */
function spanMarked(ix: AnswerIndex, m: Match, mark: "dismissed" | "aside"): boolean {
  for (let k = m.s; k <= m.e; k++) if (ix.content[k]?.[mark]) return true;
  return false;
}

/** A match of one of a concept's patterns, and how the answer holds it. */
interface Found {
  m: Match;
  variant: string;
  /** Negated, or (a weak move) turned down. */
  negated: boolean;
  /** A weak move added as a side step: not the main fix, and no rejection either. */
  aside: boolean;
}

/**
 * A weak move the answer has just turned down, named again in the same or the
 * next sentence, is the reason for turning it down: "I wouldn't add instances.
 * More pods on that node would get the same hiccup."
 */
function explainRejections(ix: AnswerIndex, found: Found[], concept: CompiledConcept, vocab: Vocabulary): void {
  // A few sentences at most: an array is cheaper than a set.
  const rejected: number[] = [];
  for (const f of found) if (f.negated) rejected.push(ix.content[f.m.s]?.sentence ?? -1);
  for (const f of found) {
    if (f.negated || f.aside) continue;
    const sentence = ix.content[f.m.s]?.sentence ?? -1;
    if (rejected.includes(sentence) || rejected.includes(sentence - 1) || rejectedNearby(ix, f.m, sentence, concept, vocab)) f.negated = true;
  }
}

/** Whether a token is one of the words only this weak move's patterns use, directly or through a prefix. */
function namesConcept(concept: CompiledConcept, t: Token, vocab: Vocabulary): boolean {
  const own = concept.ownKeys;
  return own.size > 0 && (own.has(t.ref) || prefixHits(vocab, t).some((k) => own.has(k)));
}

/**
 * Whether a word of the match, or another word that names the same weak move,
 * occurs negated or dismissed in its sentence or the one before (a match list
 * keeps only the clean match): "I wouldn't add instances. More pods ...".
 */
function rejectedNearby(ix: AnswerIndex, m: Match, sentence: number, concept: CompiledConcept, vocab: Vocabulary): boolean {
  for (let k = m.s - 1; k >= 0; k--) {
    const t = ix.content[k];
    if (!t || t.sentence < sentence - 1) break;
    // The match's own words are a few: compared in place rather than collected into a set.
    if ((t.negated || t.dismissed) && (usesKey(ix, m, t.ref) || namesConcept(concept, t, vocab))) return true;
  }
  return false;
}

/** Stems that name a harm a change would do: "risks killing long-lived connections", "is asking for broken ones", "pools hide leaks and hand out stale sockets". */
const HARMS: ReadonlySet<string> = new Set(["risk", "kill", "break", "broken", "broke", "blackhol", "danger", "harm", "hide", "leak", "stale"]);

/**
 * An idea the answer has just turned down, named again in a sentence that
 * says what harm it would do, is the reason for turning it down, not a
 * recommendation: "I wouldn't touch the timeouts. Shortening them risks
 * killing long-lived connections."
 */
function rejectedForHarm(ix: ScoredIndex, m: Match, concept: CompiledConcept, vocab: Vocabulary): boolean {
  const sentence = ix.content[m.s]?.sentence ?? -1;
  if (!ix.harms.includes(sentence)) return false;
  // The harm is said of the idea: after its words ("the layer that's broken" names no harm of its own).
  let harm = false;
  for (let k = m.e + 1; k < ix.content.length && !harm; k++) {
    const t = ix.content[k] as Token;
    if (t.sentence !== sentence) break;
    harm = HARMS.has(t.key);
  }
  return harm && rejectedNearby(ix, m, sentence, concept, vocab);
}

/** Whether one of the match's words has this key. */
function usesKey(ix: AnswerIndex, m: Match, key: Key): boolean {
  for (let k = m.s; k <= m.e; k++) if (ix.content[k]?.ref === key) return true;
  return false;
}

/** Whether the answer has one key of every group. */
function present(needs: readonly (readonly Key[])[], gen: number): boolean {
  for (let g = 0; g < needs.length; g++) if (!anyFiled(needs[g] as readonly Key[], gen)) return false;
  return true;
}

function evaluate(concept: CompiledConcept, ix: ScoredIndex, text: string, vocab: Vocabulary): ConceptResult {
  const found: Found[] = [];
  // A weak move called a stopgap is one the answer turns down.
  const weak = concept.kind === "weak-move";
  for (const p of concept.patterns) {
    if (!present(p.needs, ix.gen)) continue;
    let cleanHere = false;
    for (const m of find(ix, p.matcher)) {
      const negated = m.negated || (weak ? spanMarked(ix, m, "dismissed") : rejectedForHarm(ix, m, concept, vocab));
      const aside = weak && !negated && spanMarked(ix, m, "aside");
      found.push({ m, variant: p.source, negated, aside });
      cleanHere ||= !negated && !aside;
    }
    // One pattern that matches cleanly settles the concept; the rest would only add evidence.
    // A weak move is read whole: a rejection elsewhere may explain the clean match away.
    if (cleanHere && !weak) break;
  }
  if (weak) explainRejections(ix, found, concept, vocab);
  const clean = found.filter((f) => !f.negated && !f.aside);
  const chosen = (clean.length ? clean : found).sort((a, b) => a.m.s - b.m.s || a.m.e - b.m.e);
  const evidence: Evidence[] = [];
  let lastEnd = -1;
  for (const { m, variant, negated, aside } of chosen) {
    if (evidence.length >= EVIDENCE_PER_CONCEPT) break;
    if (m.s <= lastEnd) continue;
    const start = ix.content[m.s]?.start ?? 0;
    const end = ix.content[m.e]?.end ?? start;
    evidence.push({ start, end, text: text.slice(start, end), variant, negated: negated || aside, typo: m.typo });
    lastEnd = m.e;
  }
  return {
    id: concept.id,
    label: concept.label,
    kind: concept.kind,
    weight: concept.weight,
    matched: clean.length > 0,
    negated: clean.length === 0 && found.length > 0,
    evidence,
  };
}

interface Tally {
  core: number;
  senior: number;
  penalty: number;
}

function levelOf(round: CompiledRound, t: Tally): Level {
  if (t.core - t.penalty < round.thresholds.strong) return "weak";
  return t.senior >= round.thresholds.senior ? "senior" : "strong";
}

/** Scores one answer against a compiled round. Never throws on any string. */
export function score(round: CompiledRound, answer: string, options: ScoreOptions = {}): ScoreResult {
  const maxLength = options.maxLength ?? DEFAULT_MAX_ANSWER_LENGTH;
  const flags: Flag[] = [];
  let text = typeof answer === "string" ? answer : "";
  if (text.length > maxLength) {
    // Never cut a surrogate pair in half: evidence must slice the original exactly.
    const cut = /[\uD800-\uDBFF]/.test(text[maxLength - 1] ?? "") ? maxLength - 1 : maxLength;
    text = text.slice(0, cut);
    flags.push({ code: "truncated", message: `Only the first ${cut} characters were graded.` });
  }
  const tokenized = tokenize(text);
  const ix = indexAnswer(round, tokenized);
  // A wrong sum in bytes ("300 bytes an entry, so a million is 3 GB") credits none of its sizes.
  const wrong = ix.numbers.length > 2 ? wrongProducts(ix.content, ix.numbers) : [];
  if (wrong.length > 0) ix.numbers = ix.numbers.filter((p) => !wrong.includes(p));
  const picked = candidates(round, ix);
  const concepts = round.concepts.map((c, i) =>
    picked[i] === 1
      ? evaluate(c, ix, text, round.vocabulary)
      : { id: c.id, label: c.label, kind: c.kind, weight: c.weight, matched: false, negated: false, evidence: [] },
  );

  // "unless": a weak move the rubric excuses once certain concepts are there, and a concept a weak move voids (a sizing
  // built on a wrong figure): found, with its evidence, but not counted. Weak moves are excused first, on the core and
  // senior matches as found; then the weak moves still standing void what they name. A weak move that is excused voids
  // nothing ("TCP times out at 30 s" next to the right UDP timeout), and the order of the concepts does not matter.
  // A pass reads the matches live: the compiler lets `unless` name only concepts of the other kind, which that pass leaves alone.
  for (const weak of [true, false]) {
    for (let i = 0; i < concepts.length; i++) {
      const c = concepts[i] as ConceptResult;
      const unless = round.concepts[i]?.unless ?? [];
      if (c.matched && (c.kind === "weak-move") === weak && unless.some((j) => concepts[j]?.matched)) concepts[i] = { ...c, matched: false };
    }
  }

  // One pass, adding in concept order within each kind.
  const tally: Tally = { core: 0, senior: 0, penalty: 0 };
  let maxScore = 0;
  for (const c of concepts) {
    if (c.kind !== "weak-move") maxScore += c.weight;
    if (!c.matched) continue;
    if (c.kind === "core") tally.core += c.weight;
    else if (c.kind === "senior") tally.senior += c.weight;
    else tally.penalty += c.weight;
  }
  const weakMoves = round.concepts.filter((c, i) => c.kind === "weak-move" && concepts[i]?.matched);
  for (const w of weakMoves) flags.push({ code: "weak-move", concept: w.id, message: w.label });

  let blocked: FlagCode | null = null;
  if (ix.content.length === 0) {
    blocked = "empty";
    flags.push({ code: "empty", message: "The answer has no words to grade." });
  } else if (ix.content.length < MIN_CONTENT_TOKENS) {
    blocked = "too-short";
    flags.push({ code: "too-short", message: "The answer is too short to show reasoning." });
  } else if (!ix.onTopic && ix.numbers.length === 0) {
    blocked = "off-topic";
    flags.push({ code: "off-topic", message: "The answer uses none of the round's vocabulary." });
  }
  const matchedAny = concepts.some((c) => c.matched && c.kind !== "weak-move");
  const stuffing = matchedAny ? (detectStuffing(tokenized, ix.keys, (t) => isRubricWord(round.vocabulary, t)) ?? inventory(tokenized, concepts)) : null;
  if (stuffing) {
    blocked ??= "keyword-stuffing";
    flags.push({ code: "keyword-stuffing", message: stuffing });
  }

  const natural = levelOf(round, tally);
  const classification: Level = blocked ? "weak" : natural;
  const net = Math.max(0, tally.core + tally.senior - tally.penalty);

  const reason = blocked
    ? `Weak: ${flags.find((f) => f.code === blocked)?.message ?? blocked}`
    : classification === "weak"
      ? `Weak: core concepts worth ${tally.core}${tally.penalty ? ` less ${tally.penalty} for weak moves` : ""}, below the ${round.thresholds.strong} needed for strong.`
      : classification === "senior"
        ? `Senior: core concepts worth ${tally.core - tally.penalty} (needs ${round.thresholds.strong}) and the senior signal (${tally.senior} of ${round.thresholds.senior} needed).`
        : `Strong: core concepts worth ${tally.core - tally.penalty} (needs ${round.thresholds.strong}); no senior signal (${tally.senior} of ${round.thresholds.senior} needed).`;

  return {
    rubric: round.rubricId,
    rubricVersion: round.rubricVersion,
    round: round.number,
    roundKey: round.key,
    classification,
    score: net,
    maxScore,
    reason,
    concepts,
    missing: round.concepts
      .filter((c, i) => c.kind !== "weak-move" && !concepts[i]?.matched)
      .map((c) => ({ id: c.id, label: c.label, kind: c.kind, feedback: c.feedback })),
    weakMoves: weakMoves.map((c) => ({ id: c.id, label: c.label, kind: c.kind, feedback: c.feedback })),
    flags,
    needsReview: needsReview(round, concepts, tally, natural, blocked),
  };
}

/** Concepts an inventory must name before it reads as stuffing: a list of one idea's parts is an answer. */
const MIN_INVENTORY_CONCEPTS = 3;

/**
 * An answer whose long run of bare items names several of the round's ideas
 * at once is keyword stuffing dressed as a sentence ("My toolkit: cron, GC,
 * probes, ping vs curl, ss -s, conntrack -S, dmesg, the UDP 30s timeout").
 */
function inventory(tokenized: Tokenized, concepts: readonly ConceptResult[]): string | null {
  const spans = inventorySpans(tokenized);
  if (spans.length === 0) return null;
  // Evidence that starts in the run names an idea there, even when the match stretches past the run's end.
  const inside = (e: Evidence): boolean => spans.some((s: TextSpan) => e.start >= s.start && e.start < s.end);
  const named = concepts.filter((c) => c.kind !== "weak-move" && c.evidence.some(inside)).length;
  if (named < MIN_INVENTORY_CONCEPTS) return null;
  return `A list of bare terms names ${named} of the round's ideas without saying what any of them would show.`;
}

/**
 * A human should look when one uncertain reading decides the level: a concept
 * seen only under negation or only through a typo, or a weak move or
 * stuffing flag that overrides an otherwise strong answer.
 */
function needsReview(
  round: CompiledRound,
  concepts: ConceptResult[],
  tally: Tally,
  natural: Level,
  blocked: FlagCode | null,
): boolean {
  if (blocked === "empty" || blocked === "too-short") return false;
  if (blocked && natural !== "weak") return true;
  if (tally.penalty > 0 && tally.core >= round.thresholds.strong) return true;
  for (const c of concepts) {
    const uncertain = c.negated || (c.matched && c.evidence.every((e) => e.typo));
    if (!uncertain || c.kind === "weak-move") continue;
    const flipped: Tally = { ...tally };
    const delta = c.matched ? -c.weight : c.weight;
    if (c.kind === "core") flipped.core += delta;
    else flipped.senior += delta;
    if (levelOf(round, flipped) !== natural) return true;
  }
  const margin = tally.core - tally.penalty - round.thresholds.strong;
  return margin > -0.5 && margin < 0 ? true : margin >= 0 && margin < 0.5 && !Number.isInteger(margin);
}
