// Tokenizing with offsets into the original text, so every piece of evidence
// can be sliced back out of the answer exactly. Keeps what generic tokenizers
// drop: negators, digits, single letters, command flags (`ss -s`) and the
// parts of identifiers (`net.netfilter.nf_conntrack_max` -> net netfilter nf
// conntrack max, so "conntrack max" matches every spelling of it).
import { foldWord } from "./normalize.js";
import {
  isNumberWord,
  numberWordsValue,
  parseDigits,
  quantity,
  scaleOf,
  splitAttached,
  unitOf,
  type Quantity,
} from "./numbers.js";
import { stem } from "./stem.js";
import { isStopword } from "./stopwords.js";

export type TokenKind = "word" | "num" | "flag" | "neg";

export interface Token {
  /** UTF-16 offsets into the original answer: answer.slice(start, end) is the token. */
  start: number;
  end: number;
  /** Folded surface form. */
  text: string;
  /** Matching key: the Porter stem for words, the flag itself for flags, "#" for numbers. */
  key: string;
  kind: TokenKind;
  stop: boolean;
  qty?: Quantity;
  sentence: number;
  clause: number;
  /** Inside a negation scope ("I would not use a pool": "use", "pool"). */
  negated: boolean;
}

// One alternative per kind of piece, tried in order. Every quantifier is
// bounded by the characters it consumes, so scanning stays linear.
const PIECE =
  /(\p{N}+(?:[.,]\p{N}+)*(?:[-–]\p{N}+(?:[.,]\p{N}+)*)?\p{L}*)|((?<![\p{L}\p{N}_])-{1,2}\p{L}[\p{L}\p{N}]*)|([\p{L}\p{N}_]+(?:['’.-][\p{L}\p{N}_]+)*)|(->|=>|[→⇒=≈]|\r?\n|[.!?;:,()[\]{}•|/—–])/gu;

const SENTENCE_END = new Set([".", "!", "?", "\n", "\r\n"]);
const CLAUSE_WORDS = new Set([
  "but", "however", "although", "though", "so", "then", "because", "since", "while", "whereas",
  "which", "otherwise", "unless", "until", "and then", "instead",
]);
const NEGATORS = new Set([
  "not", "no", "never", "without", "nor", "neither", "cannot", "none", "nothing",
  "dont", "doesnt", "didnt", "wont", "wouldnt", "shouldnt", "cant", "couldnt", "isnt", "arent",
  "wasnt", "werent", "aint", "hasnt", "havent", "mustnt", "neednt",
]);
/** A negator followed by one of these is not negating anything: "not only", "no doubt". */
const NOT_A_NEGATION = new Set(["only", "just", "doubt", "matter", "forget", "hesit", "sure", "wonder", "surpris"]);
/** "X is not needed", "X won't help": the negation reaches back over X. */
const BACKWARD_AFTER_NEGATOR = new Set([
  "need", "necessari", "requir", "help", "worth", "useful", "relev", "matter", "fix",
  "solv", "answer", "problem", "issu", "caus", "culprit", "root", "work", "enough", "point",
]);
/** Words that negate their clause on both sides: "tuning conntrack is pointless". */
const CLAUSE_NEGATORS = new Set(["unnecessari", "pointless", "useless", "irrelev", "overkil", "herring", "wast"]);
const SCOPE_LIMIT = 8;

interface Piece {
  start: number;
  end: number;
  raw: string;
  group: 1 | 2 | 3 | 4;
}

function* pieces(text: string): Generator<Piece> {
  for (const m of text.matchAll(PIECE)) {
    const group = m[1] ? 1 : m[2] ? 2 : m[3] ? 3 : 4;
    yield { start: m.index, end: m.index + m[0].length, raw: m[0], group };
  }
}

interface Draft {
  start: number;
  end: number;
  text: string;
  kind: TokenKind | "punct";
  qty?: Quantity;
}

function wordDraft(start: number, end: number, text: string): Draft {
  const bare = text.replaceAll("'", "");
  if (text.endsWith("n't") || NEGATORS.has(bare)) return { start, end, text, kind: "neg" };
  return { start, end, text, kind: "word" };
}

/** Splits a word piece on `_`, `.`, `-` and apostrophes into drafts with their own offsets. */
function splitWord(p: Piece, out: Draft[]): void {
  const folded = foldWord(p.raw);
  if (folded.length !== p.raw.length) {
    // Folding changed the length (rare compatibility forms): keep the piece whole.
    out.push(wordDraft(p.start, p.end, folded));
    return;
  }
  if (isStopword(folded) || folded.endsWith("n't")) {
    out.push(wordDraft(p.start, p.end, folded));
    return;
  }
  const apostrophe = folded.indexOf("'");
  const body = apostrophe > 0 ? folded.slice(0, apostrophe) : folded;
  let offset = 0;
  for (const part of body.split(/[_.-]/)) {
    if (part.length > 0) {
      const start = p.start + offset;
      out.push(wordDraft(start, start + part.length, part));
    }
    offset += part.length + 1;
  }
}

function numberDraft(p: Piece): Draft {
  const folded = foldWord(p.raw).replace("–", "-");
  const attached = splitAttached(folded);
  const digits = attached ? attached.digits : folded;
  const suffix = attached?.suffix ?? "";
  const [lo, hi] = digits.split("-");
  const min = parseDigits(lo ?? "");
  const max = hi === undefined ? min : parseDigits(hi);
  if (min === undefined || max === undefined) return { start: p.start, end: p.end, text: folded, kind: "word" };
  const scale = scaleOf(suffix) ?? 1;
  const unit = unitOf(suffix);
  if (suffix && !unit && scale === 1) return { start: p.start, end: p.end, text: folded, kind: "word" };
  return { start: p.start, end: p.end, text: folded, kind: "num", qty: quantity(min * scale, unit, max * scale) };
}

/** Joins number words, scale words and units into one quantity token: "ten thousand", "30 seconds". */
function mergeQuantities(drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    if (!d) continue;
    let first = d;
    let last = d;
    let qty: Quantity | undefined;
    let j = i;
    if (d.kind === "num" && d.qty) {
      qty = d.qty;
    } else if (d.kind === "word" && isNumberWord(d.text)) {
      const words: string[] = [];
      while (j < drafts.length) {
        const w = drafts[j];
        if (!w || w.kind !== "word") break;
        const prev = words[words.length - 1];
        if (isNumberWord(w.text)) words.push(w.text);
        // "two hundred and fifty", "half a minute"; never "one and two".
        else if (!((w.text === "and" && (prev === "hundred" || prev === "thousand")) || ((w.text === "a" || w.text === "an") && prev === "half"))) break;
        last = w;
        j++;
      }
      // Trailing "a"/"and" belong to what follows.
      while (j > i && drafts[j - 1]?.kind === "word" && !isNumberWord(drafts[j - 1]?.text ?? "")) j--;
      last = drafts[j - 1] ?? d;
      const value = numberWordsValue(words);
      if (value === undefined || (words.length === 1 && words[0] === "half" && !nextIsUnit(drafts, j))) {
        out.push(d);
        continue;
      }
      qty = quantity(value, undefined);
      j--;
    } else {
      out.push(d);
      continue;
    }
    if (d.kind === "num") j = i;
    // A scale word, then a unit, may follow: "10 thousand", "75 MB", "half a minute".
    let k = j + 1;
    const scaleWord = drafts[k];
    const scale = scaleWord?.kind === "word" && qty.dim === null ? scaleOf(scaleWord.text) : undefined;
    if (scaleWord && scale !== undefined && scaleWord.text !== "m") {
      qty = { ...qty, min: qty.min * scale, max: qty.max * scale };
      last = scaleWord;
      k++;
    }
    if (drafts[k]?.text === "a" && qty.min === 0.5) k++;
    const unitWord = drafts[k];
    const unit = unitWord?.kind === "word" && qty.dim === null ? unitOf(unitWord.text) : undefined;
    if (unitWord && unit) {
      qty = { min: qty.min * unit.factor, max: qty.max * unit.factor, dim: unit.dim };
      last = unitWord;
      k++;
    } else if (drafts[k - 1]?.text === "a" && qty.min === 0.5) {
      k--;
    }
    out.push({ start: first.start, end: last.end, text: "#", kind: "num", qty });
    first = d;
    i = k - 1;
  }
  return out;
}

function nextIsUnit(drafts: Draft[], j: number): boolean {
  const next = drafts[j]?.text === "a" || drafts[j]?.text === "an" ? drafts[j + 1] : drafts[j];
  return next !== undefined && unitOf(next.text) !== undefined;
}

function isNegationCue(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.kind !== "neg") return false;
  const next = tokens[i + 1];
  if (next && next.sentence === t.sentence && (NOT_A_NEGATION.has(next.key) || NOT_A_NEGATION.has(next.text))) return false;
  return true;
}

/** Marks the tokens that a negation cue governs: forward to the clause end, or back over the clause. */
function markNegation(tokens: Token[]): void {
  const mark = (from: number, to: number, step: 1 | -1, clause: number): void => {
    let counted = 0;
    for (let i = from; step > 0 ? i < to : i > to; i += step) {
      const t = tokens[i];
      if (!t || t.clause !== clause || counted >= SCOPE_LIMIT) break;
      t.negated = true;
      counted++;
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    const pair = `${t.text} ${tokens[i + 1]?.text ?? ""}`;
    if (pair === "instead of" || pair === "rather than") {
      mark(i + 2, tokens.length, 1, tokens[i + 2]?.clause ?? -1);
      continue;
    }
    if (CLAUSE_NEGATORS.has(t.key)) {
      mark(i - 1, -1, -1, t.clause);
      mark(i + 1, tokens.length, 1, t.clause);
      continue;
    }
    if (!isNegationCue(tokens, i)) continue;
    mark(i + 1, tokens.length, 1, t.clause);
    // "pooling is not needed", "raising the limit won't help"
    for (let k = i + 1; k < Math.min(tokens.length, i + 4); k++) {
      const after = tokens[k];
      if (!after || after.clause !== t.clause) break;
      if (BACKWARD_AFTER_NEGATOR.has(after.key)) {
        mark(i - 1, -1, -1, t.clause);
        break;
      }
    }
  }
}

export interface Tokenized {
  tokens: Token[];
  sentenceCount: number;
  clauseCount: number;
  /** Arrows and equals signs: "ping flat -> app", "ICMP spiking => kernel". */
  arrows: number;
}

const ARROWS = new Set(["->", "=>", "→", "⇒", "="]);

/** Tokenizes an answer. Never throws; any string is valid input. */
export function tokenize(text: string): Tokenized {
  const drafts: Draft[] = [];
  for (const p of pieces(text)) {
    if (p.group === 1) drafts.push(numberDraft(p));
    else if (p.group === 2) drafts.push({ start: p.start, end: p.end, text: foldWord(p.raw), kind: "flag" });
    else if (p.group === 3) splitWord(p, drafts);
    else drafts.push({ start: p.start, end: p.end, text: p.raw.trim() || "\n", kind: "punct" });
  }
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let arrows = 0;
  for (const d of mergeQuantities(drafts)) {
    if (d.kind === "punct") {
      if (ARROWS.has(d.text)) arrows++;
      if (SENTENCE_END.has(d.text)) sentence++;
      clause++;
      continue;
    }
    if (d.kind === "word" && CLAUSE_WORDS.has(d.text)) clause++;
    const key = d.kind === "num" ? "#" : d.kind === "flag" ? d.text : stem(d.text.replaceAll("'", ""));
    const token: Token = {
      start: d.start,
      end: d.end,
      text: d.text,
      key,
      kind: d.kind,
      stop: d.kind === "word" && isStopword(d.text),
      sentence,
      clause,
      negated: false,
    };
    if (d.qty) token.qty = d.qty;
    tokens.push(token);
  }
  markNegation(tokens);
  return { tokens, sentenceCount: sentence + 1, clauseCount: clause + 1, arrows };
}
