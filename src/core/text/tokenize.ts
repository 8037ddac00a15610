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
  SPACED_THOUSANDS,
  unitOf,
  type Quantity,
} from "./numbers.js";
import { keyOf, NO_KEY, pinKey, trimTransientKeys, type Key } from "./keys.js";
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
  /** The interned key object of `key`. */
  ref: Key;
  kind: TokenKind;
  stop: boolean;
  qty: Quantity | undefined;
  sentence: number;
  clause: number;
  /** Inside a negation scope ("I would not use a pool": "use", "pool"). */
  negated: boolean;
  /** Index in `tokens` of the cue whose scope this token is in, or -1. */
  negatedBy: number;
  /**
   * In a clause that calls a fix a stopgap ("restarting the node is a
   * band-aid", "more replicas would only hide it"). It takes back a weak move
   * stated there, never a core idea: "raise the max, though that only buys
   * time" still raises the max.
   */
  dismissed: boolean;
  /**
   * In a clause that adds a step to a fix already given ("..., and I'd also
   * add a replica"): a weak move there is not the main fix, but the answer
   * does not turn it down either, so it explains no rejection.
   */
  aside: boolean;
  /** This token's index in `tokens`. */
  index: number;
  /** The punctuation mark right after this token, if any ("," ":" "->"...). */
  punctAfter: string;
  /** Set by the scorer when a misspelled word was read as a rubric word. */
  typo: boolean;
  /**
   * Id of the memoised word piece this token came from, or -1: the same for
   * every occurrence until the memo is cleared (see wordEpoch), so the scorer
   * can keep what it learnt about a word per round in arrays by this id.
   */
  wid: number;
  /** Word classes the negation and clause passes ask about (CLAUSE_WORD ...), decided once per word. */
  bits: number;
}

const CLAUSE_WORD = 1;
const STOP_VERB = 2;
const CLAUSE_NEGATOR = 4;
/** May call a fix a stopgap (alone, as the first of a pair, or after a hedge): see isDismissal. */
const DISMISSAL_WORD = 8;
/** A refusal that may introduce a list ("I wouldn't:", "avoid:"): see refusesList. */
const REFUSING_WORD = 16;
/** May open a sentence that holds the line for now ("Until ...", "Meanwhile"): see opensInterim. */
const INTERIM_WORD = 32;
/** May turn down what was just said ("I'd push back on that"): see rejectsBackReference. */
const REJECTING_WORD = 64;
/** May open a first thought that the answer then turns from ("I first wanted to say X. But ..."): see firstThought. */
const FIRST_THOUGHT_WORD = 128;
/** A verb of doubt ("I'd disagree that ..."): see doubts. */
const DOUBT_WORD = 256;
/**
 * May report a fix that held only for a while ("it held for a week", "then it
 * came back"), see reportsRelapse; or name a temptation, see TEMPTATION.
 */
const RELAPSE_WORD = 512;
/** Adds a step to a fix already given ("I'd also keep the bigger table"): see ADDITIVE. */
const ADDITIVE_WORD = 1024;
/** A part after the first of one written word: "max" in "nf_conntrack_max", "alive" in "keep-alive". */
export const JOINED_PART = 2048;
/** Bits of a punctuation mark: it ends a sentence; it is an arrow or equals sign. */
const ENDS_SENTENCE = 1;
const ARROW = 2;

const SENTENCE_END = new Set([".", "!", "?", "\n", "\r\n"]);
/** Arrows and equals signs: "ping flat -> app", "ICMP spiking => kernel". */
const ARROWS = new Set(["->", "=>", "<-", "→", "⇒", "←", "⇐", "↔", "=", "≠"]);
const CLAUSE_WORDS = new Set([
  "but", "however", "although", "though", "so", "then", "because", "since", "while", "whereas",
  "which", "otherwise", "unless", "until", "and then", "instead",
]);
const NEGATORS = new Set([
  "not", "no", "never", "without", "nor", "neither", "cannot", "none", "nothing",
  "dont", "doesnt", "didnt", "wont", "wouldnt", "shouldnt", "cant", "couldnt", "isnt", "arent",
  "wasnt", "werent", "aint", "hasnt", "havent", "mustnt", "neednt",
]);
/** "it made no difference": the verb before a negated verdict on what was tried. */
const MADE = new Set(["made", "makes", "make"]);
/** "I'd disagree that ...", "I doubt it's GC": a verb of doubt after its subject negates what follows. */
const DOUBTING = new Set(["disagree", "doubt", "dispute", "deny"]);
/** The answer's own voice before a verb of doubt or opinion: "I'd disagree", "I'd argue that's ...". */
const FIRST_PERSON = new Set(["i", "i'd", "id", "we", "we'd", "i'm"]);
/** A negator followed by one of these is not negating anything: "not only", "no doubt" ("no matter" is decided in isNegationCue). */
const NOT_A_NEGATION = new Set(["only", "just", "doubt", "forget", "hesit", "sure", "wonder", "surpris", "rememb", "recal"]);
/** "X is not needed", "X won't help": the negation reaches back over X. */
const BACKWARD_AFTER_NEGATOR = new Set([
  "need", "necessari", "requir", "help", "worth", "useful", "relev", "matter", "fix", "differ",
  "solv", "answer", "problem", "issu", "caus", "culprit", "root", "work", "enough", "point",
  "reduc", "chang", "affect", "improv", "prevent", "stop", "explain", "option", "solut", "stick", "hold",
]);
/** "X is not the cause", "X won't help": the negator follows a verb. "X, not Y" contrasts and reaches forward only. */
const COPULAS = new Set(["is", "are", "was", "were", "be", "been", "will", "would", "does", "do", "did", "should", "could", "can", "may", "might", "must", "it's", "that's"]);
/** A sentence opening with one of these (after fillers) takes back the sentence before: "No: ...", "Scratch that." */
const RETRACTING_MARKS = new Set([",", ":", ".", "!", ";", "—", "–", "\n"]);
const FILLERS = new Set(["hmm", "hm", "um", "uh", "well", "oh", "ok", "okay", "actually", "wait", "so"]);
/** Words that negate their clause on both sides: "tuning conntrack is pointless". */
const CLAUSE_NEGATORS = new Set(["unnecessari", "pointless", "useless", "irrelev", "overkil", "herring", "wast", "unlik", "unlikely", "vagu", "wari", "skeptic", "sceptic", "overr", "overhyp", "overblown"]);
const STOP_VERBS = new Set(["stop", "stopped", "avoid", "avoiding", "quit"]);
/** A pronoun subject points back to the clause before: "restarting empties the table, but it isn't a fix". */
const BACK_PRONOUNS = new Set(["it", "that", "this", "which", "it's", "that's"]);
/** "I'd argue that's only a band-aid": an opinion verb (after FIRST_PERSON) before the pronoun that points back. */
const OPINION_VERBS = new Set(["argue", "think", "say", "guess", "bet", "suspect", "believe", "reckon", "feel", "would"]);
/** Words that call a fix a stopgap wherever they stand in a clause. */
const DISMISSERS = new Set(["bandaid", "bandag", "stopgap", "plaster", "workaround", "temporari", "temporarili", "cosmet", "postpon", "painkil"]);
/** Two-word ones (stems), the second at most one stop word after the first: "band-aid", "buys us time", "papers over". */
const DISMISSER_PAIRS: readonly (readonly [string, string])[] = [
  ["band", "aid"],
  ["stop", "gap"],
  ["bui", "time"],
  ["bought", "time"],
  ["paper", "over"],
  ["last", "resort"],
  ["short", "term"],
  ["rule", "out"],
  ["non", "starter"],
  ["hold", "pattern"],
  ["stop", "bleed"],
  ["fill", "again"],
  ["miss", "point"],
  ["belt", "brace"],
  ["belt", "suspend"],
  ["kick", "can"],
  ["treat", "symptom"],
  ["treat", "effect"],
  ["treat", "fever"],
  ["chang", "noth"],
  ["fix", "noth"],
  ["solv", "noth"],
  ["move", "wall"],
  ["move", "cliff"],
  ["move", "goalpost"],
  ["move", "date"],
  ["push", "date"],
];
/** "I wouldn't do that", "I'd never try it": a negation whose object points back at the fix just named. */
const BACK_OBJECTS = new Set(["that", "it", "this", "those", "these", "them", "either", "there"]);
/** The verb that may stand between the negation and that object. */
const BACK_VERBS = new Set(["do", "try", "expect", "assume", "go", "recommend", "suggest", "bother", "want", "take", "choose", "pick", "advise", "consider", "bet", "count", "rely", "settle", "trust", "commit", "start"]);
/** A quantity between that verb and "of" the object: "I wouldn't do more of that". */
const QUANTIFIERS = new Set(["more", "any", "much", "some"]);
/** A preposition between that verb and the object: "I wouldn't bet on it", "don't count on that". */
const BACK_PREPOSITIONS = new Set(["on", "with", "for"]);
/** "not an option", "wouldn't go down that road": words that name the fix as a path not taken. */
const NOT_TAKEN = new Set(["option", "road", "route", "path"]);
/** "I'd push back on that", "I'd argue against it": a verb (and the word after it) that turns down a back reference. */
const REJECTING_VERBS: ReadonlyMap<string, string> = new Map([
  ["push", "back"],
  ["steer", "away"],
  ["advise", "against"],
  ["warn", "against"],
  ["argue", "against"],
  ["disagree", "with"],
  ["resist", ""],
  ["reject", ""],
  ["dismiss", ""],
]);
/** "Two things I wouldn't do:", "What I'd avoid:": a refusal that introduces a list. */
const REFUSING_VERBS = new Set(["avoid", "skip", "reject", "wouldnt", "wont", "dont", "not", "never"]);
/** These dismiss only after "only", "just", "merely" or "simply": "would only hide it", not "to hide the spikes". */
const HEDGED_DISMISSERS = new Set(["hide", "mask", "symptom", "chase"]);
const HEDGES = new Set(["only", "just", "merely", "simply", "treat", "treats", "treating", "patch", "patches", "patching"]);
/**
 * What a fix does, said of it in the third person after "only" or "just": "it
 * just resets the counter", "that only clears the table". The imperative ("just
 * reset the node") proposes the fix, so these are matched on the surface form.
 */
const HEDGED_DESCRIPTIONS = new Set(["resets", "clears", "empties", "flushes"]);
/** A fix that "would break" something or "would have missed" it (after one of MODALS) is turned down: "disabling it would break Service routing". */
const BREAKING = new Set(["break", "miss"]);
const MODALS = new Set(["would", "will", "could", "might"]);
/** These dismiss only after "only" or "merely" ("only moves the cliff", "merely delays it"): "just move the pods" is a fix. */
const ONLY_DISMISSERS = new Set(["move", "delai", "defer", "push", "shift", "treat"]);
const ONLY_HEDGES = new Set(["only", "merely"]);
/** A sentence that opens with one of these is a stopgap for the time being: "Until the fix ships, ...", "Meanwhile, ...". */
const INTERIM_OPENERS = new Set(["until", "meanwhile", "meantime", "interim"]);
/** After "and", these open a new statement (subject or predicate) that a negation before "and" does not reach. */
const NEW_SUBJECTS = new Set(["they", "it", "we", "i", "you", "he", "she", "their", "its", "our", "is", "are", "was", "were", "get", "gets", "got", "will"]);
/** A negation does not reach into the question it governs: "I don't know why ...", "it doesn't explain why ...". */
const QUESTION_WORDS = new Set(["why", "whether", "where"]);
/** Content words a clause-wide cue ("not", "never", "n't") can reach. */
const SCOPE_LIMIT = 6;
/** "no", "without", "instead of" govern a noun phrase: "no pool", "without a connection pool". */
const SHORT_NEGATORS = new Set(["no", "none", "nothing", "without"]);
const SHORT_SCOPE = 3;
/** "no need to touch maxclients", "no point raising the limit": the whole clause. */
const WIDE_AFTER_SHORT = new Set(["need", "point", "reason", "sens", "benefit", "wai", "valu", "wast"]);
/** Content words after a negator that may name the worth of what follows ("I don't see much value in ..."). */
const WORTH_LOOKAHEAD = 3;

/** Whether the negator at i denies the worth of what follows, which then reaches to the end of the clause. */
function deniesWorth(tokens: Token[], i: number): boolean {
  const clause = tokens[i]?.clause;
  let seen = 0;
  for (let k = i + 1; k < tokens.length && seen < WORTH_LOOKAHEAD; k++) {
    const t = tokens[k] as Token;
    if (t.clause !== clause) return false;
    if (t.stop) continue;
    if (WIDE_AFTER_SHORT.has(t.key)) return true;
    seen++;
  }
  return false;
}

/** Two-character marks, and what they count as. */
const TWO_CHAR_PUNCT: Record<string, string> = { "->": "->", "<-": "<-", "=>": "=>", "\r\n": "\n" };
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
const LETTER = /\p{L}/u;
const PUNCT = new Set([".", "!", "?", ";", ":", ",", "(", ")", "[", "]", "{", "}", "•", "|", "/", "—", "–", "→", "⇒", "←", "⇐", "↔", "=", "≈", "≠", "\n"]);

/** ASCII word characters (letters, digits, underscore): 1, anything else 0. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) ASCII_CLASS[c] = 1;
}

function isWordCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_CLASS[c] !== 0;
  if (Number.isNaN(c)) return false;
  const cp = text.codePointAt(i) ?? 0;
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

function isSpaceCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
}

function isDigitCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return !Number.isNaN(c) && LETTER.test(String.fromCodePoint(text.codePointAt(i) ?? 0));
}

/**
 * Whether the space at i separates thousands in the number piece that
 * started at `start`: exactly three digits follow it, then no word
 * character, and the piece so far is one to three digits or such groups.
 */
function thousandsGroupAt(text: string, start: number, i: number): boolean {
  if (!isDigitCode(text, i + 1) || !isDigitCode(text, i + 2) || !isDigitCode(text, i + 3)) return false;
  if (i + 4 < text.length && (isWordCode(text, i + 4) || ((text[i + 4] === "." || text[i + 4] === ",") && isDigitCode(text, i + 5)))) return false;
  return SPACED_THOUSANDS.test(text.slice(start, i));
}

/**
 * Whether the comma at i is a decimal comma: "0,5 ms", "0,3 KB". One or two
 * digits follow it, and no digit or further comma-and-digit after them ("1,2,3"
 * is a list).
 */
function decimalCommaAt(text: string, i: number): boolean {
  const after = isDigitCode(text, i + 2) ? i + 3 : i + 2;
  if (isDigitCode(text, after) || (text[after] === "," && isDigitCode(text, after + 1))) return false;
  // One decimal comma a number, and none in a list: "0.5,7" and "1,2,3" are no decimals.
  let k = i - 1;
  while (k >= 0 && isDigitCode(text, k)) k--;
  return !((text[k] === "." || text[k] === ",") && isDigitCode(text, k - 1));
}

/** Index after the code unit(s) of the character at i (surrogate pairs are one character). */
function nextChar(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? i + 2 : i + 1;
}

/**
 * Scans the text once, by character class, into word, number, flag and
 * punctuation drafts. A hand-written scanner: a Unicode regular expression
 * with alternatives costs more than all the rest of scoring together.
 */
function scan(text: string, out: Draft[]): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    // Spaces are most of what is not a word: skip them first.
    if (code === 32) {
      i++;
      continue;
    }
    if (code < 128 ? ASCII_CLASS[code] !== 0 : isWordCode(text, i)) {
      const start = i;
      const numeric = code >= 48 && code <= 57;
      // The piece's hash for the memo, taken as its characters go by.
      const second = nextChar(text, i);
      let h = hashChars(FNV_BASIS, text, i, second);
      i = second;
      for (;;) {
        const here = text.charCodeAt(i);
        // Plain ASCII letters and digits: the common case, decided by table.
        if (here < 128 && ASCII_CLASS[here] !== 0 && !(numeric && (here === 120 || here === 88))) {
          h = Math.imul(h ^ here, FNV_PRIME);
          i++;
          continue;
        }
        // A space ends the piece: the common case, before the joiners are asked about. Between digit
        // groups it may separate thousands instead: "5 000", "262 144".
        if (here === 32 || here === 160 || here === 8201 || here === 8239) {
          if (!numeric || !thousandsGroupAt(text, start, i)) break;
          h = hashChars(h, text, i, i + 2);
          i += 2;
          continue;
        }
        // "50x100" is two numbers and a times sign, not one word.
        if (numeric && (here === 120 || here === 88) && isDigitCode(text, i - 1) && isDigitCode(text, i + 1)) break;
        if (i < n && isWordCode(text, i)) {
          const next = nextChar(text, i);
          h = hashChars(h, text, i, next);
          i = next;
          continue;
        }
        const c = text[i];
        // Joiners inside a word: nf_conntrack.max, keep-alive, pod's, 0.3, 288-320, 10,000.
        if ((c === "." || c === "-" || c === "'" || c === "’") && i + 1 < n && isWordCode(text, i + 1)) {
          const next = nextChar(text, i + 1);
          h = hashChars(h, text, i, next);
          i = next;
          continue;
        }
        // A power: "2^18", "10^6".
        if (numeric && c === "^" && isDigitCode(text, i + 1)) {
          h = hashChars(h, text, i, i + 2);
          i += 2;
          continue;
        }
        if (numeric && (c === "," || c === "–") && isDigitCode(text, i + 1)) {
          if (c === "–" || (isDigitCode(text, i + 2) && isDigitCode(text, i + 3) && !isDigitCode(text, i + 4)) || decimalCommaAt(text, i)) {
            h = hashChars(h, text, i, i + 2);
            i += 2;
            continue;
          }
        }
        break;
      }
      const end = i;
      // The times sign of "50x100" belongs to neither number.
      if (numeric && (text[i] === "x" || text[i] === "X") && isDigitCode(text, i + 1)) i++;
      splitPiece(text, start, end, numeric, h, out);
      continue;
    }
    // Full stops and commas are most of the punctuation: no flag, no pair starts with them.
    if (code === 46 || code === 44) {
      out.push(punctDraft(i, i + 1, code === 46 ? "." : ","));
      i++;
      continue;
    }
    const c = text[i] ?? "";
    if (c === "-" && (i === 0 || !isWordCode(text, i - 1))) {
      let j = i + 1;
      if (text[j] === "-") j++;
      if (j < n && isLetterAt(text, j)) {
        const start = i;
        i = j;
        while (i < n && isWordCode(text, i)) i = nextChar(text, i);
        out.push(draft(start, i, foldWord(text.slice(start, i)), "flag"));
        continue;
      }
    }
    // A hyphen with a space on both sides is a dash: "bump the max again - no, scratch that".
    if (c === "-" && (i === 0 || isSpaceCode(text, i - 1)) && (i + 1 >= n || isSpaceCode(text, i + 1))) {
      out.push(punctDraft(i, i + 1, "—"));
      i++;
      continue;
    }
    const pair = code === 45 || code === 60 || code === 61 || code === 13 ? TWO_CHAR_PUNCT[c + (text[i + 1] ?? "")] : undefined;
    if (pair) {
      out.push(punctDraft(i, i + 2, pair));
      i += 2;
      continue;
    }
    if (PUNCT.has(c)) out.push(punctDraft(i, i + 1, c));
    i = nextChar(text, i);
  }
}

/** A token before sentences, clauses and negation are known; punctuation is still in the stream. */
type Draft = Omit<Token, "kind"> & { kind: TokenKind | "punct"; numberWord: boolean };

/** A fresh draft at a position: everything a later pass fills in starts empty. */
function placed(start: number, end: number, text: string, key: string, ref: Key, kind: Draft["kind"], stop: boolean, qty: Quantity | undefined, numberWord: boolean, wid = -1, bits = 0): Draft {
  return { start, end, text, key, ref, kind, stop, qty, sentence: 0, clause: 0, negated: false, negatedBy: -1, dismissed: false, aside: false, index: -1, punctAfter: "", typo: false, wid, bits, numberWord };
}

function wordBits(text: string, key: string): number {
  let bits = 0;
  if (CLAUSE_WORDS.has(text)) bits |= CLAUSE_WORD;
  if (STOP_VERBS.has(text)) bits |= STOP_VERB;
  if (CLAUSE_NEGATORS.has(key) || CLAUSE_NEGATORS.has(text)) bits |= CLAUSE_NEGATOR;
  if (DISMISSERS.has(key) || HEDGED_DISMISSERS.has(key) || ONLY_DISMISSERS.has(key) || HEDGED_DESCRIPTIONS.has(text) || BREAKING.has(key) || DISMISSER_PAIRS.some(([first]) => first === key)) bits |= DISMISSAL_WORD;
  if (REFUSING_VERBS.has(text.replaceAll("'", ""))) bits |= REFUSING_WORD;
  if (INTERIM_OPENERS.has(text)) bits |= INTERIM_WORD;
  if (REJECTING_VERBS.has(text)) bits |= REJECTING_WORD;
  if (text === "first" || FIRST_THOUGHT_CUES.has(text) || FIRST_THOUGHT_INTENT.has(text)) bits |= FIRST_THOUGHT_WORD;
  if (DOUBTING.has(text)) bits |= DOUBT_WORD;
  if (RELAPSE_VERBS.has(text) || RETURNING.has(text) || key === TEMPTATION) bits |= RELAPSE_WORD;
  if (ADDITIVE.has(text)) bits |= ADDITIVE_WORD;
  return bits;
}

// Pinned: one object for every number, however often transient keys are dropped.
const NUMBER_KEY = pinKey("#");

function draft(start: number, end: number, text: string, kind: Draft["kind"], qty?: Quantity): Draft {
  const word = kind === "word" || kind === "neg";
  const key = kind === "num" ? "#" : word ? stem(text.replaceAll("'", "")) : text;
  const ref = kind === "num" ? NUMBER_KEY : keyOf(key);
  return placed(start, end, text, key, ref, kind, kind === "word" && isStopword(text), qty, kind === "word" && isNumberWord(text), -1, word ? wordBits(text, key) : 0);
}

/** A punctuation mark: it is never matched or filed, so it needs no key of its own. */
function punctDraft(start: number, end: number, text: string): Draft {
  const bits = (SENTENCE_END.has(text) ? ENDS_SENTENCE : 0) | (ARROWS.has(text) ? ARROW : 0);
  return placed(start, end, text, text, NO_KEY, "punct", false, undefined, false, -1, bits);
}

function wordDraft(start: number, end: number, text: string): Draft {
  const bare = text.replaceAll("'", "");
  return draft(start, end, text, text.endsWith("n't") || NEGATORS.has(bare) ? "neg" : "word");
}

/** The drafts one word piece splits into, as offsets relative to the piece. */
type WordParts = readonly Draft[];

/**
 * Memo of word pieces already split and stemmed, as an open-addressing table
 * probed by a hash of the characters in place: a word seen before costs no
 * slice of the text and no string hashing. Cleared when two-thirds full.
 */
const MEMO_BITS = 17;
const MEMO_SIZE = 1 << MEMO_BITS;
const MEMO_MAX = Math.floor((MEMO_SIZE * 2) / 3);
/** A piece's characters at 2 * slot and its drafts at 2 * slot + 1: one cache line holds both. */
let memo: (string | WordParts | undefined)[] = new Array<string | WordParts | undefined>(2 * MEMO_SIZE);
let memoCount = 0;
/** Longer pieces (pasted hashes, base64) are not memoised. */
const MEMO_WORD_LIMIT = 64;

/**
 * Ids of memoised word pieces. They only grow, so two pieces of one answer
 * never share one, even when the memo is cleared while the answer is read;
 * they start over only between answers, once they pass WID_LIMIT.
 */
let nextWid = 0;
const WID_LIMIT = 2 * MEMO_MAX;
/** How often the memo has been cleared. */
let epoch = 0;

/** Changes whenever the memo is cleared: what a caller kept by word id may belong to another word after that. */
export function wordEpoch(): number {
  return epoch;
}

function clearWordMemo(): void {
  epoch++;
  memo = new Array<string | WordParts | undefined>(2 * MEMO_SIZE);
  memoCount = 0;
}

function wordParts(raw: string): WordParts {
  const folded = foldWord(raw);
  if (folded.length !== raw.length || isStopword(folded) || folded.endsWith("n't")) {
    // Folding changed the length (rare compatibility forms), or a stop word or
    // negator such as "don't": keep the piece whole.
    return [wordDraft(0, raw.length, folded)];
  }
  const apostrophe = folded.indexOf("'");
  const body = apostrophe > 0 ? folded.slice(0, apostrophe) : folded;
  const out: Draft[] = [];
  let offset = 0;
  for (const part of body.split(/[_.-]/)) {
    if (part.length > 0) out.push(wordDraft(offset, offset + part.length, part));
    offset += part.length + 1;
  }
  return out;
}

/** A number or range joined by a hyphen to words that are no unit: "20-connection", "5,000-per-node", "10k-entry", "2-3-node". */
const NUMBER_BEFORE_WORDS = /^(\d[\d,.]*[kKmM]?(?:[-–]\d[\d,.]*[kKmM]?)?)-(?=\p{L})/u;

/**
 * The drafts of a piece starting with a digit: one quantity ("30s", "10,000"),
 * a quantity and the words hyphened to it ("a 20-connection pool"), or word
 * parts when it is an identifier.
 */
function numberParts(raw: string): WordParts {
  const d = numberDraft(0, raw.length, raw);
  if (d) return [d];
  const joined = NUMBER_BEFORE_WORDS.exec(raw);
  const head = joined?.[1];
  const number = head ? numberDraft(0, head.length, head) : null;
  if (!joined || !number) return wordParts(raw);
  const from = joined[0].length;
  const words = wordParts(raw.slice(from)).map((w) => placed(w.start + from, w.end + from, w.text, w.key, w.ref, w.kind, w.stop, w.qty, w.numberWord, w.wid, w.bits));
  return [number, ...words];
}

/** Copies a memoised piece's drafts to the piece's place in the text. */
function placeParts(parts: WordParts, start: number, out: Draft[]): void {
  for (let i = 0; i < parts.length; i++) {
    const d = parts[i] as Draft;
    out.push(placed(start + d.start, start + d.end, d.text, d.key, d.ref, d.kind, d.stop, d.qty, d.numberWord, d.wid, i > 0 ? d.bits | JOINED_PART : d.bits));
  }
}

/**
 * The drafts of the piece text[start, end): a word split on `_`, `.`, `-`
 * and apostrophes into parts with their own offsets, or, when it starts with
 * a digit, a quantity. Memoised by the piece's characters.
 */
function splitPiece(text: string, start: number, end: number, numeric: boolean, h: number, out: Draft[]): void {
  const len = end - start;
  if (len > MEMO_WORD_LIMIT) {
    // A giant piece is split afresh and never kept: the memo's size stays bounded.
    const raw = text.slice(start, end);
    placeParts(numeric ? numberParts(raw) : wordParts(raw), start, out);
    return;
  }
  let slot = (h >>> 0) & (MEMO_SIZE - 1);
  let parts: WordParts | undefined;
  for (;;) {
    const w = memo[2 * slot] as string | undefined;
    if (w === undefined) break;
    if (w.length === len && sameChars(w, text, start, len)) {
      parts = memo[2 * slot + 1] as WordParts;
      break;
    }
    slot = (slot + 1) & (MEMO_SIZE - 1);
  }
  if (parts === undefined) {
    const raw = text.slice(start, end);
    parts = numeric ? numberParts(raw) : wordParts(raw);
    if (memoCount >= MEMO_MAX) {
      clearWordMemo();
      slot = (h >>> 0) & (MEMO_SIZE - 1);
    }
    for (const d of parts) d.wid = nextWid++;
    memo[2 * slot] = raw;
    memo[2 * slot + 1] = parts;
    memoCount++;
  }
  placeParts(parts, start, out);
}

const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of text[from, to), continued from h: the scanner hashes a piece as it reads it. */
function hashChars(h: number, text: string, from: number, to: number): number {
  for (let k = from; k < to; k++) h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
  return h;
}

/** Whether text[start, start + len) is w (a hand loop: short words compare faster than with startsWith). */
function sameChars(w: string, text: string, start: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (w.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

/** A digit piece as a quantity ("30s", "0.3kb", "288-320", "2^18", "10,000"), or null when it is an identifier. */
function numberDraft(start: number, end: number, raw: string): Draft | null {
  const folded = foldWord(raw).replace("–", "-");
  // A number joined to its unit by a hyphen, as adjectives are: "a 30-second timeout", "5-day entries".
  const hyphened = /^(\d+(?:[.,]\d+)?)-([a-z]+)$/.exec(folded);
  const attached = hyphened?.[1] && hyphened[2] && unitOf(hyphened[2]) ? { digits: hyphened[1], suffix: hyphened[2] } : splitAttached(folded);
  const digits = attached ? attached.digits : folded;
  const suffix = attached?.suffix ?? "";
  const [lo, hi, extra] = digits.split("-");
  if (extra !== undefined) return null;
  const min = parseDigits(lo ?? "");
  const max = hi === undefined ? min : parseDigits(hi);
  if (min === undefined || max === undefined) return null;
  const scale = scaleOf(suffix) ?? 1;
  const unit = unitOf(suffix);
  if (suffix && !unit && scale === 1) return null;
  return draft(start, end, folded, "num", quantity(min * scale, unit, max * scale));
}

/** Joins number words, scale words and units into one quantity token: "ten thousand", "30 seconds". */
function mergeQuantities(drafts: Draft[]): Draft[] {
  if (!drafts.some((d) => d.kind === "num" || d.numberWord)) return drafts;
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
    } else if (d.numberWord) {
      const words: string[] = [];
      while (j < drafts.length) {
        const w = drafts[j];
        if (!w || w.kind !== "word") break;
        const prev = words[words.length - 1];
        if (w.numberWord) words.push(w.text);
        // "two hundred and fifty", "half a minute"; never "one and two".
        else if (!((w.text === "and" && (prev === "hundred" || prev === "thousand")) || ((w.text === "a" || w.text === "an") && prev === "half"))) break;
        last = w;
        j++;
      }
      // Trailing "a"/"and" belong to what follows.
      while (j > i && drafts[j - 1]?.kind === "word" && !drafts[j - 1]?.numberWord) j--;
      last = drafts[j - 1] ?? d;
      const value = numberWordsValue(words);
      // "half" with no unit after it, and "one of them", are no quantities.
      const pronoun = words.length === 1 && words[0] === "one" && drafts[j]?.text === "of";
      if (value === undefined || pronoun || (words.length === 1 && words[0] === "half" && !nextIsUnit(drafts, j))) {
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
      qty = { ...qty, min: qty.min * scale, max: qty.max * scale, rawMin: qty.rawMin * scale, rawMax: qty.rawMax * scale };
      last = scaleWord;
      k++;
    }
    if (drafts[k]?.text === "a" && qty.min === 0.5) k++;
    const unitWord = drafts[k];
    const unit = unitWord?.kind === "word" && qty.dim === null ? unitOf(unitWord.text) : undefined;
    if (unitWord && unit) {
      qty = { min: qty.min * unit.factor, max: qty.max * unit.factor, dim: unit.dim, rawMin: qty.rawMin, rawMax: qty.rawMax };
      last = unitWord;
      k++;
    } else if (drafts[k - 1]?.text === "a" && qty.min === 0.5) {
      k--;
    }
    out.push(draft(first.start, last.end, "#", "num", qty));
    first = d;
    i = k - 1;
  }
  shareRangeUnits(out);
  return out;
}

/** Words that join the two ends of a range written with one unit: "10 to 15 KB", "30 or 60 seconds". */
const RANGE_JOINERS = new Set(["to", "or"]);

/**
 * A bare number joined to a number with a unit is the other end of its range,
 * in the same unit: "10 to 15 KB" is 10 KB to 15 KB, "from 120 to 60 seconds"
 * starts at 120 seconds.
 */
function shareRangeUnits(drafts: Draft[]): void {
  for (let i = 0; i + 2 < drafts.length; i++) {
    const d = drafts[i] as Draft;
    const end = drafts[i + 2] as Draft;
    if (d.kind !== "num" || d.qty?.dim !== null || !RANGE_JOINERS.has((drafts[i + 1] as Draft).text)) continue;
    const q = end.kind === "num" ? end.qty : undefined;
    if (!q || q.dim === null || q.rawMin === 0) continue;
    const factor = q.min / q.rawMin;
    drafts[i] = draft(d.start, d.end, d.text, "num", { min: d.qty.min * factor, max: d.qty.max * factor, dim: q.dim, rawMin: d.qty.rawMin, rawMax: d.qty.rawMax });
  }
}

function nextIsUnit(drafts: Draft[], j: number): boolean {
  const next = drafts[j]?.text === "a" || drafts[j]?.text === "an" ? drafts[j + 1] : drafts[j];
  return next !== undefined && unitOf(next.text) !== undefined;
}

function isNegationCue(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.kind !== "neg") return false;
  const next = tokens[i + 1];
  if (!next || next.sentence !== t.sentence) return true;
  // "not only X but Y" adds; "wouldn't just shrug" still negates, unless an "also" follows: "I wouldn't only check X. I'd also ...".
  if ((next.text === "only" || next.text === "just") && t.text !== "not") return !addsNext(tokens, i + 2, t.sentence + 1);
  // "not a hundred percent sure", "not 100% sure": a hedge, which denies nothing.
  if (hedgesCertainty(tokens, next.text === "a" ? i + 2 : i + 1)) return false;
  // "maxclients isn't set in stone": it can be changed, which is no denial of maxclients.
  if (SET_IN_STONE.has(next.text) && tokens[i + 2]?.text === "in" && tokens[i + 3]?.text === "stone") return false;
  // "maxclients isn't fixed", "isn't fixed at 10,000", "it's a setting, not a hard ceiling": it can be raised.
  if (next.text === "fixed") {
    const after = tokens[i + 2];
    if (after === undefined || after.clause !== next.clause) return false;
    if ((after.text === "at" || after.text === "to") && tokens[i + 3]?.kind === "num") return false;
  }
  if ((next.text === "a" || next.text === "an") && tokens[i + 2]?.text === "hard" && HARD_LIMITS.has(tokens[i + 3]?.text ?? "")) return false;
  // "no matter what" is an idiom; "ulimit doesn't matter here" denies.
  if (next.key === "matter") return t.text !== "no";
  return !(NOT_A_NEGATION.has(next.key) || NOT_A_NEGATION.has(next.text));
}

/** Whether the number at k is a hundred said of certainty: "a hundred percent sure", "100% sure". */
function hedgesCertainty(tokens: Token[], k: number): boolean {
  const n = tokens[k];
  if (n?.kind !== "num" || n.qty?.min !== 100 || n.qty.max !== 100) return false;
  const after = tokens[k + 1];
  return after?.text === "percent" || after?.text === "sure" || (after?.text === "per" && tokens[k + 2]?.text === "cent");
}

/** Whether an additive word ("also") comes from `from` to the end of sentence `last`. */
function addsNext(tokens: Token[], from: number, last: number): boolean {
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.sentence > last) return false;
    if (t.bits & ADDITIVE_WORD) return true;
  }
  return false;
}

/** "not a hard limit": what can be raised, which denies nothing. */
const HARD_LIMITS = new Set(["limit", "ceiling", "cap", "maximum", "max"]);

/** Participles of the idiom "not set in stone" (it can change), which denies nothing. */
const SET_IN_STONE = new Set(["set", "fixed", "carved", "written", "cast"]);

/** First index of the run of tokens around `i` that share its sentence (or its clause). */
function spanStart(tokens: Token[], i: number, by: "sentence" | "clause"): number {
  const at = tokens[i]?.[by];
  let k = i;
  while (k > 0 && tokens[k - 1]?.[by] === at) k--;
  return k;
}

/** Last index of the run of tokens around `i` that share its sentence (or its clause). */
export function spanEnd(tokens: readonly Token[], i: number, by: "sentence" | "clause"): number {
  const at = tokens[i]?.[by];
  let k = i;
  while (k + 1 < tokens.length && tokens[k + 1]?.[by] === at) k++;
  return k;
}

/** Negates tokens from..to (inclusive) under the cue at `cue`, leaving those a cue already governs. */
function negateRange(tokens: Token[], from: number, to: number, cue: number): void {
  for (let k = Math.max(0, from); k <= to && k < tokens.length; k++) {
    const x = tokens[k] as Token;
    if (x.negatedBy < 0) {
      x.negated = true;
      x.negatedBy = cue;
    }
  }
}

/** Index of the first token after the fillers ("Hmm, well, ...") that open the sentence starting at `first`. */
function skipFillers(tokens: Token[], first: number): number {
  let i = first;
  const sentence = tokens[first]?.sentence;
  while (tokens[i]?.sentence === sentence && FILLERS.has(tokens[i]?.text ?? "")) i++;
  return i;
}

/** Index of the first token of a sentence that retracts the one before it, or -1. */
function retraction(tokens: Token[], first: number): number {
  const i = skipFillers(tokens, first);
  const sentence = tokens[first]?.sentence;
  const t = tokens[i];
  const next = tokens[i + 1];
  if (!t || t.sentence !== sentence) return -1;
  // "No: pods on one node would all spike", "Hmm, no.", "No, wait"; not "No -> platform" (an answer).
  const breaks = t.punctAfter === "" ? !next || next.clause !== t.clause : RETRACTING_MARKS.has(t.punctAfter);
  // After a question, a bare "No:" answers it ("Would it happen on a VM? No: look at the platform");
  // "Actually, no," still takes the question back.
  const answersQuestion = i === first && t.punctAfter === ":" && tokens[first - 1]?.punctAfter === "?";
  if (t.text === "no" && ((breaks && !answersQuestion) || next?.text === "wait")) return i;
  if (t.text === "scratch" && next?.text === "that") return i;
  if (t.text === "on" && next?.text === "second" && tokens[i + 2]?.text === "thought") return i;
  return -1;
}

/**
 * A cue inside a sentence that takes back what the sentence said before it:
 * "reboot the node - actually no, that only empties it"; "people say X, but I
 * don't agree".
 */
function takesBackInSentence(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  const prev = tokens[i - 1];
  if (!t || !prev || prev.sentence !== t.sentence) return false;
  if (t.text === "no" && (prev.text === "actually" || prev.text === "wait")) return true;
  // "Adding Redis nodes: no, the rate would be the same": a verdict after a colon.
  if (t.text === "no" && prev.punctAfter === ":" && RETRACTING_MARKS.has(t.punctAfter)) return true;
  // "bump the max again - no, scratch that": mid-sentence, too.
  if (t.text === "scratch" && tokens[i + 1]?.text === "that") return true;
  let verb: Token | undefined = t;
  if (t.text !== "disagree") {
    if (t.kind !== "neg") return false;
    const next = tokens[i + 1];
    verb = next && (next.text === "really" || next.text === "quite" || next.text === "fully") ? tokens[i + 2] : next;
    if (!verb || verb.clause !== t.clause || !(verb.text === "agree" || verb.text === "buy" || verb.text === "convinced")) return false;
  }
  // Disagreeing with what came before: "..., but I don't agree", "I don't buy it." Not "I don't agree with pooling".
  const after = tokens[verb.index + 1];
  const nothingAfter = !after || after.clause !== t.clause || BACK_OBJECTS.has(after.text);
  return nothingAfter || CONTRASTS.has(tokens[spanStart(tokens, i, "clause")]?.text ?? "");
}

/** Words that open a clause turning against the one before. */
const CONTRASTS = new Set(["but", "however", "though", "although"]);

/** Who may voice an opinion the answer reports ("people say ...", "some would suggest ..."). */
const REPORTERS = new Set([
  "people", "folks", "others", "some", "someone", "somebody", "everyone", "everybody", "colleagues", "many",
  "colleague", "teammate", "teammates", "coworker", "coworkers", "manager", "lead", "boss",
]);
/** Words the reporter may stand before the verb: "a teammate of mine always brings up". */
const REPORTER_REACH = 4;
/** What they do to it. */
const SAYING = new Set(["say", "says", "said", "suggest", "suggests", "suggested", "recommend", "recommends", "tell", "tells", "claim", "claims", "argue", "argues", "blame", "blames", "propose", "proposes", "float", "floats", "jump", "jumps", "bring", "brings", "mention", "mentions", "push", "pushes", "ask", "asks", "asking",
  "proposed", "floated", "mentioned", "pushed", "brought", "jumped", "blamed", "claimed", "argued", "told", "recommended"]);
/** Besides a negation, what a contrasting clause may do to a reported opinion: "but I'd leave that out". */
const PUTTING_ASIDE = new Set(["leave", "skip", "ignore", "park", "resist", "reject", "dismiss", "disagree", "doubt", "hold", "pass"]);
/** "..., but in practice" / "in reality": set against a reported opinion, what really happens. */
const IN_PRACTICE = new Set(["practice", "reality"]);

/**
 * "People sometimes say dig through conntrack on the host, but I don't think
 * that's it", "Someone might jump to X, but I'd leave that out": an opinion
 * the answer reports, then turns against in a contrasting clause with a
 * negation or a verb that puts it aside. Returns the index of that word, and
 * the first reported token through `reported`, or -1.
 */
function rejectsReportedOpinion(tokens: Token[], i: number, reported: { from: number }): number {
  const t = tokens[i] as Token;
  if (!CONTRASTS.has(t.text) || tokens[i - 1]?.clause === t.clause) return -1;
  let cue = -1;
  for (let k = i + 1; k < tokens.length && tokens[k]?.clause === t.clause; k++) {
    // "People say X, but in practice ...": what people say set against what happens.
    const inPractice = IN_PRACTICE.has((tokens[k] as Token).text) && tokens[k - 1]?.text === "in";
    // "..., but I think that wastes time": a word that negates its clause turns against the opinion too.
    const clauseNegator = ((tokens[k] as Token).bits & CLAUSE_NEGATOR) !== 0;
    if ((tokens[k] as Token).kind === "neg" || PUTTING_ASIDE.has((tokens[k] as Token).text) || inPractice || clauseNegator) {
      cue = k;
      break;
    }
  }
  if (cue < 0) return -1;
  for (let k = i - 1; k >= 0 && tokens[k]?.sentence === t.sentence; k--) {
    if (reports(tokens, k)) {
      reported.from = k + 1;
      return cue;
    }
  }
  return -1;
}

/** Whether the word at k is a verb of saying with its reporter at most four words before it: "people sometimes say", "a teammate of mine always brings up". */
function reports(tokens: Token[], k: number): boolean {
  const say = tokens[k] as Token;
  if (!SAYING.has(say.text)) return false;
  for (let r = k - 1; r >= k - REPORTER_REACH && r >= 0 && tokens[r]?.clause === say.clause; r--) {
    if (REPORTERS.has((tokens[r] as Token).text)) return true;
  }
  return false;
}

/** Index of the first word after a reported opinion's verb in the sentence of `at` ("people like to say X": X), or -1. */
function reportedIn(tokens: Token[], at: number): number {
  const sentence = tokens[at]?.sentence;
  for (let k = spanStart(tokens, at, "sentence"); tokens[k]?.sentence === sentence; k++) if (reports(tokens, k)) return k + 1;
  return -1;
}

/** Words that may open a sentence before its verdict: "I don't buy it", "Honestly, I disagree". */
const VERDICT_OPENERS = 2;

/** Negates every token of a sentence that the next sentence takes back, and what a cue inside a sentence takes back. */
function markRetractions(tokens: Token[]): void {
  const reported = { from: -1 };
  for (let i = 1; i < tokens.length; i++) {
    // From the cue back to the start of its sentence (the filler before "no" included).
    if (takesBackInSentence(tokens, i) || concludesRuledOut(tokens, i)) {
      const first = spanStart(tokens, i, "sentence");
      negateRange(tokens, first, i - 1, i);
      // A verdict of its own after a reported opinion takes the opinion back: "People like to say X. I don't buy it."
      const from = first > 0 && i - first <= VERDICT_OPENERS ? reportedIn(tokens, first - 1) : -1;
      if (from >= 0) negateRange(tokens, from, first - 1, i);
    }
    // Every contrast ("but", "however", ...) is a clause word: most tokens are none.
    const cue = (tokens[i] as Token).bits & CLAUSE_WORD ? rejectsReportedOpinion(tokens, i, reported) : -1;
    if (cue >= 0) negateRange(tokens, reported.from, i - 1, cue);
  }
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    if (!t || !prev || t.sentence === prev.sentence) continue;
    const cue = retraction(tokens, i);
    if (cue >= 0) negateRange(tokens, spanStart(tokens, i - 1, "sentence"), i - 1, cue);
  }
}

/** "Forget GC or probes, it's conntrack": an imperative that opens its clause and sets aside what follows. */
function dismissesOutright(tokens: Token[], i: number): boolean {
  const t = tokens[i] as Token;
  if (t.text !== "forget" && t.text !== "ignore") return false;
  const start = skipFillers(tokens, spanStart(tokens, i, "clause"));
  const next = tokens[i + 1];
  return start === i && next !== undefined && next.clause === t.clause && next.text !== "that" && next.text !== "it";
}

/**
 * "30 s is too tight for cron, so I'd rule that out": a conclusion that rules
 * out what the sentence said before it. Not "check the GC log to rule it out",
 * where ruling out is what the check is for.
 */
function concludesRuledOut(tokens: Token[], i: number): boolean {
  const t = tokens[i] as Token;
  if (t.text !== "rule" || !BACK_OBJECTS.has(tokens[i + 1]?.text ?? "") || tokens[i + 2]?.text !== "out") return false;
  const lead = tokens[spanStart(tokens, i, "clause")];
  return lead !== undefined && CONCLUDING.has(lead.text) && lead.sentence === t.sentence;
}

/** "I'd disagree that symptoms show up elsewhere", "I strongly doubt it's GC": the subject, perhaps an adverb, then the verb. */
function doubts(tokens: Token[], i: number): boolean {
  const t = tokens[i] as Token;
  if (!(t.bits & DOUBT_WORD)) return false;
  const before = tokens[i - 1]?.text.endsWith("ly") ? tokens[i - 2] : tokens[i - 1];
  return before !== undefined && before.clause === t.clause && FIRST_PERSON.has(before.text);
}

/** Words that open a condition: what a negation inside one describes is a test, not a refusal. */
const CONDITIONS = new Set(["if", "whether"]);

/**
 * Whether the negator at i sits in a condition: "if the drop counter doesn't
 * move in step with the spikes, the theory is wrong" names the check to run.
 */
function inCondition(tokens: Token[], i: number): boolean {
  const clause = tokens[i]?.clause;
  for (let k = i - 1; k >= 0; k--) {
    const t = tokens[k] as Token;
    if (t.clause !== clause) return false;
    if (CONDITIONS.has(t.text)) return true;
  }
  return false;
}

/** Auxiliaries that, right after a noun in a negation's scope, start the sentence's own predicate. */
const MAIN_VERBS = new Set(["are", "were", "get", "got"]);

/** Words that open an object: after "and" and a verb, "drops them", "breaks the route". */
const OBJECT_OPENERS = new Set(["them", "it", "the", "a", "an", "those", "these", "its", "their", "every", "each", "all"]);

/**
 * Whether the word at i is a verb in the third person with its object after
 * it, so that "and" before it opens a new predicate: "the kernel can't record
 * new flows and drops them". A plural noun ("wouldn't add pods and nodes to
 * it") is followed by no object.
 */
function startsPredicate(tokens: Token[], i: number): boolean {
  const verb = tokens[i];
  const object = tokens[i + 1];
  return verb !== undefined && object !== undefined && object.clause === verb.clause && verb.text.length > 3 && verb.text.endsWith("s") && !verb.text.endsWith("ss") && OBJECT_OPENERS.has(object.text);
}

/** Marks the tokens that a negation cue governs: forward to the clause end, or back over the clause. */
function markNegation(tokens: Token[]): void {
  // limit counts content words (stop words ride along), so "no room" stops short
  // of "the kernel drops new connections" while "not" covers its clause.
  const mark = (cue: number, from: number, step: 1 | -1, limit: number): void => {
    const clause = tokens[cue]?.clause;
    let counted = 0;
    for (let i = from; i >= 0 && i < tokens.length; i += step) {
      const t = tokens[i];
      if (!t || t.clause !== clause || counted >= limit) break;
      // "new flows can't get an entry and their packets are dropped", "... and are dropped": a new subject or predicate, a new statement.
      if (step === 1 && t.text === "and" && (NEW_SUBJECTS.has(tokens[i + 1]?.text ?? "") || startsPredicate(tokens, i + 1))) break;
      // "it doesn't explain why the node has that many flows": the question is asked, not denied.
      if (step === 1 && i > from && QUESTION_WORDS.has(t.text)) break;
      // "new flows that can't get an entry are dropped": the negated relative clause ends where the main verb starts.
      if (step === 1 && counted > 0 && MAIN_VERBS.has(t.text) && tokens[i - 1]?.kind === "word" && !tokens[i - 1]?.stop) break;
      if (t.negatedBy < 0) {
        t.negated = true;
        t.negatedBy = cue;
      }
      if (!t.stop) counted++;
    }
  };
  /** Negates a whole earlier clause, from its last token back to its start. */
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    const next = tokens[i + 1];
    if ((t.text === "instead" && next?.text === "of") || (t.text === "rather" && next?.text === "than")) {
      mark(i, i + 2, 1, SHORT_SCOPE);
      continue;
    }
    // "stop opening a connection per command", "avoid raising the limit": the action is rejected.
    if (t.bits & STOP_VERB && next && next.clause === t.clause && next.text.endsWith("ing")) {
      mark(i, i + 1, 1, SHORT_SCOPE);
      continue;
    }
    if (t.bits & CLAUSE_NEGATOR) {
      mark(i, i - 1, -1, SCOPE_LIMIT);
      mark(i, i + 1, 1, SCOPE_LIMIT);
      continue;
    }
    if (doubts(tokens, i) || dismissesOutright(tokens, i)) {
      mark(i, i + 1, 1, SCOPE_LIMIT);
      continue;
    }
    if (!isNegationCue(tokens, i) || inCondition(tokens, i)) continue;
    const determiner = SHORT_NEGATORS.has(t.text) && !(next && WIDE_AFTER_SHORT.has(next.key));
    // "I don't see much value in walking the layers from the network inward": the whole clause.
    mark(i, i + 1, 1, deniesWorth(tokens, i) ? Infinity : determiner ? SHORT_SCOPE : SCOPE_LIMIT);
    // "pooling is not needed", "raising the limit won't help", "it made no difference"
    const made = MADE.has(tokens[i - 1]?.text ?? "");
    const afterVerb = t.text.endsWith("n't") || /^[a-z]+nt$/.test(t.text) || COPULAS.has(tokens[i - 1]?.text ?? "") || made;
    for (let k = i + 1; afterVerb && k < Math.min(tokens.length, i + 4); k++) {
      const after = tokens[k];
      if (!after || after.clause !== t.clause) break;
      if (BACKWARD_AFTER_NEGATOR.has(after.key) || comesIntoIt(tokens, k)) {
        mark(i, i - 1, -1, SCOPE_LIMIT);
        const subject = tokens[i - 1]?.text === "is" || tokens[i - 1]?.text === "was" || made ? tokens[i - 2] : tokens[i - 1];
        if (subject && BACK_PRONOUNS.has(subject.text)) {
          let k = subject.index - 1;
          while (k >= 0 && tokens[k]?.clause === subject.clause) k--;
          const before = tokens[k];
          if (before && before.sentence === t.sentence) negateRange(tokens, spanStart(tokens, before.index, "clause"), before.index, before.index + 1);
        }
        break;
      }
    }
  }
}

/** "File descriptors don't come into it", "the limit doesn't come into play": what was named has no part in it. */
function comesIntoIt(tokens: Token[], k: number): boolean {
  const next = tokens[k + 1]?.text;
  return tokens[k]?.key === "come" && (next === "into" || next === "in");
}

function isDismissal(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.kind !== "word" || !(t.bits & DISMISSAL_WORD)) return false;
  if (DISMISSERS.has(t.key)) return true;
  if ((t.key === "bui" || t.key === "bought") && buysTime(tokens, i)) return true;
  for (const [first, second] of DISMISSER_PAIRS) {
    if (t.key !== first) continue;
    const next = tokens[i + 1];
    // The second word may itself be a stop word: "it'll fill again".
    const after = next?.stop && next.key !== second ? tokens[i + 2] : next;
    if (after && after.clause === t.clause && after.key === second) return true;
  }
  const hedges = HEDGED_DISMISSERS.has(t.key) || HEDGED_DESCRIPTIONS.has(t.text) ? HEDGES : ONLY_DISMISSERS.has(t.key) ? ONLY_HEDGES : BREAKING.has(t.key) ? MODALS : null;
  if (!hedges) return false;
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
    const before = tokens[k];
    if (!before || before.clause !== t.clause) break;
    if (hedges.has(before.text)) return true;
  }
  return false;
}

/** What a stopgap buys: "it buys a few hours", "that buys us a day or two". */
const SPANS_OF_TIME = new Set(["time", "hour", "dai", "minut", "week", "while"]);
const BUYS_TIME_LOOKAHEAD = 4;

/** Whether "buy" or "bought" at i buys a span of time, a few words on in its clause. */
function buysTime(tokens: Token[], i: number): boolean {
  return aheadInClause(tokens, i, i + 1, i + BUYS_TIME_LOOKAHEAD, (t) => SPANS_OF_TIME.has(t.key));
}

/** Whether a token from `from` to `to` (inclusive), before the clause of the token at i ends, passes the test. */
function aheadInClause(tokens: Token[], i: number, from: number, to: number, test: (t: Token) => boolean): boolean {
  const clause = tokens[i]?.clause;
  for (let k = from; k <= to && k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.clause !== clause) return false;
    if (test(t)) return true;
  }
  return false;
}

/** Marks every token of a clause as dismissed. */
function dismissClause(tokens: Token[], at: number): void {
  dismissRange(tokens, spanStart(tokens, at, "clause"), spanEnd(tokens, at, "clause"));
}

/**
 * Marks tokens from..to (inclusive) as dismissed; when the refusal at `cue`
 * names nothing itself, what follows is what it refuses, so they are negated too.
 */
function refuseRange(tokens: Token[], from: number, to: number, cue: number, objectless: boolean): void {
  dismissRange(tokens, from, to);
  if (objectless) negateRange(tokens, from, to, cue);
}

/** Verbs that name no object of a refusal: "Two things I wouldn't do:", "What I'd avoid doing:". */
const EMPTY_REFUSALS = new Set(["do", "doing", "bother", "try", "touch", "recommend", "suggest", "use", "consider"]);

/**
 * Whether the refusal at i ends its clause with nothing refused named ("Things
 * I'd skip:", "Deliberately not doing:"), unlike "not the kernel:" or "I'd not
 * start in the app:", whose list says what to do instead.
 */
function refusesNothingNamed(tokens: Token[], i: number): boolean {
  const last = spanEnd(tokens, i, "clause");
  for (let k = i + 1; k <= last; k++) {
    const t = tokens[k] as Token;
    // "..., so not that": a refusal of what came before, not of what follows.
    if ((!t.stop && !EMPTY_REFUSALS.has(t.text)) || BACK_OBJECTS.has(t.text)) return false;
  }
  return true;
}

/** Marks tokens from..to (inclusive) as dismissed. */
function dismissRange(tokens: Token[], from: number, to: number): void {
  for (let k = Math.max(0, from); k <= to && k < tokens.length; k++) (tokens[k] as Token).dismissed = true;
}

/**
 * The span a back reference at `at` points to: the sentence so far, or the
 * sentence before when only stop words come before it in its own ("Scale out?
 * I'd argue against it.").
 */
function dismissBack(tokens: Token[], at: number): void {
  const first = spanStart(tokens, at, "sentence");
  let k = first;
  while (k < at && tokens[k]?.stop) k++;
  if (first < at) dismissRange(tokens, first, at - 1);
  if (k === at && first > 0) dismissRange(tokens, spanStart(tokens, first - 1, "sentence"), first - 1);
}

/** "..., though I doubt it changes the pattern": a doubt whose object points back at the fix just named. */
function doubtsBackReference(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1];
  return doubts(tokens, i) && next !== undefined && next.clause === tokens[i]?.clause && BACK_PRONOUNS.has(next.text);
}

/** Subjects of a bare refusal: "I wouldn't.", "we won't,". */
const REFUSING_SUBJECTS = new Set(["i", "we", "i'd", "we'd"]);

/**
 * A negation cue whose object points back: "so I'd not do that", "never try
 * it", "not an option", "I wouldn't go down that road"; or a bare refusal that
 * ends its clause ("Someone will suggest switching it off; I wouldn't, because ...").
 */
function negatesBackReference(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.kind !== "neg" || !isNegationCue(tokens, i)) return false;
  const next = tokens[i + 1];
  if ((!next || next.clause !== t.clause) && REFUSING_SUBJECTS.has(tokens[i - 1]?.text ?? "") && tokens[i - 1]?.clause === t.clause) return true;
  let at = next && BACK_VERBS.has(next.text) ? i + 2 : i + 1;
  if (at === i + 2 && BACK_PREPOSITIONS.has(tokens[at]?.text ?? "")) at++;
  // "I wouldn't do more of that", "don't try any of it".
  if (at === i + 2 && QUANTIFIERS.has(tokens[at]?.text ?? "") && tokens[at + 1]?.text === "of") at += 2;
  const object = tokens[at];
  if (object && object.clause === t.clause && BACK_OBJECTS.has(object.text)) return true;
  for (let k = i + 1; k < Math.min(tokens.length, i + 6); k++) {
    const x = tokens[k];
    if (!x || x.clause !== t.clause) return false;
    if (NOT_TAKEN.has(x.text)) return true;
  }
  return false;
}

/** What a verdict calls the fix it denies: "that's not the fix", "I don't think it's the answer". */
const FIX_WORDS = new Set(["fix", "solution", "answer", "cure"]);
/** How far ahead a verdict may reach for its word for a fix; its pronoun may stand up to one word less far back. */
const VERDICT_REACH = 4;

/**
 * A negated verdict on a fix the pronoun points back to: "That's not the
 * fix", "I don't think that's the fix - we'd be back here in a week".
 */
function deniesFixBack(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.kind !== "neg" || !isNegationCue(tokens, i)) return false;
  let fix = false;
  let pronoun = false;
  for (let k = i - VERDICT_REACH + 1; k <= i + VERDICT_REACH; k++) {
    const x = tokens[k];
    if (!x || x.clause !== t.clause) continue;
    if (k > i && FIX_WORDS.has(x.text)) fix = true;
    if (BACK_PRONOUNS.has(x.text)) pronoun = true;
  }
  return fix && pronoun;
}

/** Words for a fix or a plan a negated verdict may deny: "X isn't a plan". */
const OPTION_WORDS = new Set([...FIX_WORDS, "plan", "option", "strategy"]);
/** "not on the table", "isn't on my list": places where options are kept. */
const OPTION_PLACES = new Set(["table", "list", "menu", "radar", "cards"]);

/**
 * A negated verdict on what the clause names before it: "'Look for bugs in
 * the app' isn't a plan", "Scaling out isn't on my list", "Switching to UDP
 * is not on the table".
 */
function deniesOption(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.kind !== "neg" || !isNegationCue(tokens, i)) return false;
  let subject = false;
  for (let k = spanStart(tokens, i, "clause"); k < i && !subject; k++) subject = !(tokens[k] as Token).stop;
  if (!subject) return false;
  const next = tokens[i + 1];
  if (next?.text === "on") {
    const place = tokens[i + 2]?.stop ? tokens[i + 3] : tokens[i + 2];
    return place !== undefined && place.clause === t.clause && OPTION_PLACES.has(place.text);
  }
  const word = next?.stop ? tokens[i + 2] : next;
  return word !== undefined && word.clause === t.clause && OPTION_WORDS.has(word.text);
}

/** Subjects of a past counterfactual: "Had we gone straight to the code, ...". */
const COUNTERFACTUAL_SUBJECTS = new Set(["we", "i", "you", "they"]);

/** Whether "had" at i opens its clause as a past counterfactual: what the clause says was not done. */
function opensCounterfactual(tokens: Token[], i: number): boolean {
  const t = tokens[i] as Token;
  return t.text === "had" && skipFillers(tokens, spanStart(tokens, i, "clause")) === i && COUNTERFACTUAL_SUBJECTS.has(tokens[i + 1]?.text ?? "");
}

/** "relying on", "counting on", "betting on": what stands between a rejecting verb and the fix it points back to. */
const RELYING = new Set(["relying", "counting", "betting", "leaning"]);

/** What rejectedObject returns for a rejection that ends its clause with no object. */
const BARE_REJECTION = -2;

/**
 * The object of a verb that turns something down, or -1: a back reference
 * ("I'd push back on that", "I'd resist it") or what follows ("I'd push back
 * gently on the reflex to add replicas"). An adverb may stand after the verb
 * or its particle. BARE_REJECTION when a verb with a particle ends its clause
 * ("..., and I'd push back: that only clears it for a while").
 */
function rejectedObject(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (!t || !(t.bits & REJECTING_WORD) || t.negated) return -1;
  const particle = REJECTING_VERBS.get(t.text);
  let k = i + 1;
  if (tokens[k]?.text.endsWith("ly")) k++;
  if (particle) {
    if (tokens[k]?.text !== particle) return -1;
    k++;
    if (tokens[k]?.text.endsWith("ly")) k++;
    // "push back on that", "steer away from it": the preposition after the particle.
    if (tokens[k]?.text === "on" || tokens[k]?.text === "from") k++;
    // "advise against relying on that": a verb of trust before the object.
    if (RELYING.has(tokens[k]?.text ?? "") && BACK_PREPOSITIONS.has(tokens[k + 1]?.text ?? "")) k += 2;
  }
  const object = tokens[k];
  if (object !== undefined && object.clause === t.clause) return k;
  // A rejection with nothing after it points back.
  return particle ? BARE_REJECTION : -1;
}

/** Content words a rejecting verb's forward object reaches: "the reflex of adding replicas". */
const REJECTED_WORDS = 4;

/** Marks a rejected object that follows its verb, up to the clause end, an "and", or REJECTED_WORDS content words. */
function dismissForward(tokens: Token[], from: number): void {
  const clause = tokens[from]?.clause;
  let counted = 0;
  for (let k = from; k < tokens.length && counted < REJECTED_WORDS; k++) {
    const x = tokens[k] as Token;
    if (x.clause !== clause || x.text === "and") break;
    x.dismissed = true;
    if (!x.stop) counted++;
  }
}

/** The first word of a sentence (after "and", "but", "so", "in the") that makes it a stopgap for now. */
function opensInterim(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || !(t.bits & INTERIM_WORD)) return false;
  for (let k = i - 1; k >= 0 && tokens[k]?.sentence === t.sentence; k--) if (!tokens[k]?.stop) return false;
  return true;
}

/** Words that alone mark a first thought: "initially I'd have said", "I was tempted to". */
const FIRST_THOUGHT_CUES = new Set(["initially", "originally", "tempted", "tempting", "instinct"]);
/** Then "to" and one of FIRST_THOUGHT_SAYING: "I was going to say", "I wanted to suggest". */
const FIRST_THOUGHT_INTENT = new Set(["going", "about", "wanted", "inclined"]);
const FIRST_THOUGHT_SAYING = new Set(["say", "suggest", "propose", "answer", "blame"]);
/** After "first", these make it a first thought: "my first instinct", "I first wanted to say". */
const FIRST_THOUGHT_NOUNS = new Set(["thought", "thinking", "wanted", "instinct", "reaction", "guess", "idea", "impulse", "reflex", "hunch"]);

/**
 * The end (inclusive) of a first thought the answer turns from, or -1: from
 * the cue to a "but" or "however" later in its sentence or opening the next
 * one ("I first wanted to say X, since ... But that's hindsight").
 */
function firstThought(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (!t || !(t.bits & FIRST_THOUGHT_WORD)) return -1;
  if (t.text === "first" && !(FIRST_THOUGHT_NOUNS.has(tokens[i + 1]?.text ?? "") || tokens[i - 1]?.text === "at")) return -1;
  if (FIRST_THOUGHT_INTENT.has(t.text) && !(tokens[i + 1]?.text === "to" && FIRST_THOUGHT_SAYING.has(tokens[i + 2]?.text ?? ""))) return -1;
  const last = spanEnd(tokens, i, "sentence");
  for (let k = i + 1; k <= last + 1 && k < tokens.length; k++) {
    const x = tokens[k] as Token;
    // A contrast opening a later clause of the sentence, or the next sentence.
    if ((x.text === "but" || x.text === "however") && (tokens[k - 1] as Token).clause !== x.clause) return k - 1;
  }
  return -1;
}

/** An opening clause this short that calls what follows a stopgap ("Short term,", "As a band-aid,") covers its sentence. */
const STOPGAP_OPENER_TOKENS = 5;

/** A short line that refuses, as a heading: "### What I wouldn't do" over "Scale out first." */
const HEADING_TOKENS = 6;
function refusesUnderHeading(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || !(t.bits & REFUSING_WORD)) return false;
  const last = spanEnd(tokens, i, "sentence");
  return last - spanStart(tokens, i, "sentence") < HEADING_TOKENS && tokens[last]?.punctAfter === "\n";
}

/** Verbs of a verdict that calls its subject wrong: "is the wrong direction", "would be the wrong fix". */
const VERDICT_VERBS = new Set(["is", "was", "be", "are", "seems"]);

/**
 * "..., and this showed me why that's the wrong order", "Restart the node?
 * That is the wrong fix.", "Raising the max again is the wrong direction":
 * a verdict that calls what comes before it wrong.
 */
function judgesWrong(tokens: Token[], i: number): boolean {
  const t = tokens[i] as Token;
  if (t.text !== "wrong") return false;
  let k = i - 1;
  if (tokens[k]?.text === "the" || tokens[k]?.text === "a") k--;
  const verb = tokens[k];
  if (!verb || verb.clause !== t.clause) return false;
  if (verb.text === "that's" || verb.text === "thats") return true;
  const subject = tokens[k - 1];
  return VERDICT_VERBS.has(verb.text) && subject !== undefined && subject.clause === t.clause;
}

/** What a forward verdict calls wrong: "the wrong takeaway is ...", "the wrong fix: ...". */
const VERDICT_NOUNS = new Set(["takeaway", "lesson", "fix", "move", "answer", "approach", "conclusion", "instinct", "reaction", "solution", "idea", "call", "choice"]);

/**
 * "The wrong takeaway is 'always look at the app'", "The wrong fix: raise the
 * limit again": a verdict that calls what follows it wrong. Returns where that
 * starts, or -1.
 */
function judgedWrongAhead(tokens: Token[], i: number): number {
  const t = tokens[i] as Token;
  const noun = tokens[i + 1];
  if (t.text !== "wrong" || (tokens[i - 1]?.text !== "the" && tokens[i - 1]?.text !== "a") || !noun || !VERDICT_NOUNS.has(noun.text) || noun.clause !== t.clause) return -1;
  if (noun.punctAfter === ":") return tokens[i + 2]?.sentence === t.sentence ? i + 2 : -1;
  // "the wrong lesson is X", and with a modal, "the wrong lesson would be X".
  const modal = MODALS.has(tokens[i + 2]?.text ?? "") && tokens[i + 3]?.text === "be" ? 1 : 0;
  const verb = tokens[i + 2 + modal];
  const after = i + 3 + modal;
  return verb !== undefined && verb.clause === t.clause && VERDICT_VERBS.has(verb.text) && tokens[after]?.clause === t.clause ? after : -1;
}

/** Verbs (stems) of undoing a change: "so a reboot doesn't reset it". "put", "roll" and "set" count before "back". */
const UNDOING = new Set(["undo", "revert", "reset", "wipe", "lose", "lost", "eras", "clobber", "overwrit"]);
const UNDOING_BEFORE_BACK = new Set(["put", "roll", "set"]);
/** Words between the negator and the verb of undoing: "doesn't quietly put it back". */
const UNDOING_REACH = 3;

/**
 * "Persist it, so a reboot doesn't put it back": the subject of a purpose
 * clause that says it won't undo the change is what the fix guards against,
 * not a fix. Returns where that subject starts, or -1.
 */
function guardsAgainst(tokens: Token[], i: number): number {
  if (tokens[i]?.kind !== "neg") return -1;
  const first = spanStart(tokens, i, "clause");
  if (first >= i - 1 || tokens[first]?.text !== "so") return -1;
  const undoes = aheadInClause(tokens, i, i + 1, i + UNDOING_REACH, (x) => UNDOING.has(x.key) || (UNDOING_BEFORE_BACK.has(x.key) && aheadInClause(tokens, x.index, x.index + 1, x.index + 2, (y) => y.text === "back")));
  return undoes ? first + 1 : -1;
}

/** "Rebooting would clear it, but it'd fill up again, so no.": a "no" that concludes its sentence turns down what it weighed. */
const CONCLUDING = new Set(["so", "then", "hence", "thus"]);
function concludesNo(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  return t !== undefined && t.text === "no" && spanEnd(tokens, i, "sentence") === i && CONCLUDING.has(tokens[i - 1]?.text ?? "") && tokens[i - 1]?.sentence === t.sentence;
}

/** "We doubled the max and the table still filled": what was tried before it did not work. */
const STILL_FAILED = new Set(["fill", "fills", "filled", "filling", "spike", "spikes", "spiked", "spiking", "happen", "happens", "happened", "overflow", "overflowed", "overflows"]);
/** "we still get spikes", "we still saw spikes": the failure as what is met. */
const MEETING = new Set(["get", "gets", "got", "see", "sees", "saw", "seeing"]);
function reportsFailure(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.text !== "still") return false;
  const next = tokens[i + 1];
  let verb = next?.stop ? tokens[i + 2] : next;
  if (verb && MEETING.has(verb.text)) verb = tokens[verb.index + 1];
  return verb !== undefined && verb.sentence === t.sentence && STILL_FAILED.has(verb.text);
}

/** Words that add a step to a fix given before them. */
const ADDITIVE = new Set(["also", "additionally", "already", "separately"]);

/** "It held for a week", "which worked for a bit": a fix that lasted a while. */
const RELAPSE_VERBS = new Set(["worked", "helped", "held", "lasted"]);
/** "... before coming back", "then it came back": the trouble returned. */
const RETURNING = new Set(["came", "coming", "comes"]);
const TEMPTATION = "temptat";
/** Words a span of relief may take before its length: "held for about a week". */
const RELIEF_LOOKAHEAD = 4;

/** Whether the word at i reports that the fix before it held only for a while, or that the trouble came back. */
function reportsRelapse(tokens: Token[], i: number): boolean {
  const t = tokens[i] as Token;
  const next = tokens[i + 1];
  if (!next || next.sentence !== t.sentence) return false;
  if (RETURNING.has(t.text)) return next.text === "back";
  if (!RELAPSE_VERBS.has(t.text) || next.text !== "for") return false;
  return aheadInClause(tokens, i, i + 2, i + 1 + RELIEF_LOOKAHEAD, (x) => x.text === "bit" || SPANS_OF_TIME.has(x.key));
}

/** A clause that refuses and ends in a colon: what follows, to the end of the sentence, is what it refuses. */
function refusesList(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (t === undefined || (t.bits & REFUSING_WORD) === 0 || tokens[spanEnd(tokens, i, "clause")]?.punctAfter !== ":") return false;
  // "Is it the app or not: I'd ping the pod ...": the other half of a question, which refuses nothing.
  return !answersQuestion(tokens, i) && !(t.text === "not" && tokens[i - 1]?.text === "or");
}

/** "Is a higher cap dangerous? Not really: ...": a refusal that opens the sentence after a question answers it, and lists nothing. */
function answersQuestion(tokens: Token[], i: number): boolean {
  const first = spanStart(tokens, i, "sentence");
  return first > 0 && skipFillers(tokens, first) === i && tokens[first - 1]?.punctAfter === "?";
}

/**
 * Marks what the answer calls a stopgap or turns down, for weak moves only:
 * the clause of a stopgap word, and the clause before one that opens with a
 * pronoun pointing back ("restart the node, but that only buys time"; "Add
 * replicas? That would just hide it."); the fix a negation or a rejecting verb
 * points back to ("so I'd not do that", "I'd push back on that"); and the list
 * after a refusal and a colon ("Two things I wouldn't do: ..."); and a first
 * thought the answer turns from ("My first instinct was to add pods, but ...").
 */
function markDismissals(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // Only these can start a dismissal; most words are none of them.
    if (!t || (t.kind !== "neg" && !(t.bits & (REFUSING_WORD | INTERIM_WORD | DISMISSAL_WORD | REJECTING_WORD | FIRST_THOUGHT_WORD | DOUBT_WORD | RELAPSE_WORD | ADDITIVE_WORD)) && t.text !== "still" && t.text !== "wrong" && t.text !== "had")) continue;
    // "..., and I'd also add a replica": a step added to a fix already given is not the main fix.
    if (t.bits & ADDITIVE_WORD) {
      // "Separately, I'd keep tuning conntrack (bigger max, shorter timeouts)": opening its sentence, it adds the whole sentence.
      const opens = spanStart(tokens, i, "sentence") === i;
      const last = opens ? spanEnd(tokens, i, "sentence") : spanEnd(tokens, i, "clause");
      for (let k = spanStart(tokens, i, "clause"); k <= last; k++) (tokens[k] as Token).aside = true;
    }
    const turnedFrom = firstThought(tokens, i);
    if (turnedFrom >= 0) dismissRange(tokens, spanStart(tokens, i, "sentence"), turnedFrom);
    // What is refused under a heading or after a colon is turned down, core ideas too ("Things I'd skip: ...").
    if (refusesUnderHeading(tokens, i)) {
      // The whole next sentence (the line under the heading).
      const from = spanEnd(tokens, i, "sentence") + 1;
      // A heading has a line of its own: the sentence before it ends a line too.
      const first = spanStart(tokens, i, "sentence");
      const ownLine = first === 0 || tokens[first - 1]?.punctAfter === "\n";
      if (from < tokens.length) refuseRange(tokens, from, spanEnd(tokens, from, "sentence"), i, ownLine && refusesNothingNamed(tokens, i));
    }
    if (refusesList(tokens, i)) {
      // From the clause after the colon to the end of the sentence.
      const from = spanEnd(tokens, i, "clause") + 1;
      if (tokens[from]?.sentence === t.sentence) refuseRange(tokens, from, spanEnd(tokens, from, "sentence"), i, refusesNothingNamed(tokens, i));
    }
    if (negatesBackReference(tokens, i) || deniesFixBack(tokens, i) || deniesOption(tokens, i) || reportsFailure(tokens, i) || reportsRelapse(tokens, i) || concludesNo(tokens, i) || doubtsBackReference(tokens, i) || judgesWrong(tokens, i)) dismissBack(tokens, i);
    if (opensCounterfactual(tokens, i)) dismissClause(tokens, i);
    const judged = judgedWrongAhead(tokens, i);
    if (judged >= 0) dismissRange(tokens, judged, spanEnd(tokens, judged, "clause"));
    // "The temptation is to jump straight to the code": what tempts is what the answer resists.
    if (t.key === TEMPTATION) dismissRange(tokens, i, spanEnd(tokens, i, "sentence"));
    const guarded = guardsAgainst(tokens, i);
    if (guarded >= 0) dismissRange(tokens, guarded, i - 1);
    const rejected = rejectedObject(tokens, i);
    if (rejected === BARE_REJECTION) dismissBack(tokens, i);
    else if (rejected >= 0) {
      if (BACK_OBJECTS.has((tokens[rejected] as Token).text)) dismissBack(tokens, i);
      else dismissForward(tokens, rejected);
    }
    if (opensInterim(tokens, i)) dismissRange(tokens, i, spanEnd(tokens, i, "sentence"));
    if (t.dismissed || !isDismissal(tokens, i)) continue;
    dismissClause(tokens, i);
    // "Belt and braces.", "A band-aid, really.": a verdict that is its own short sentence judges the one before.
    const own = spanStart(tokens, i, "sentence");
    if (own > 0 && spanEnd(tokens, i, "sentence") - own < VERDICT_SENTENCE_TOKENS) dismissRange(tokens, spanStart(tokens, own - 1, "sentence"), own - 1);
    const first = spanStart(tokens, i, "clause");
    const lead = tokens[first];
    let s = lead && lead.bits & CLAUSE_WORD && !BACK_PRONOUNS.has(lead.text) ? first + 1 : first;
    if (FIRST_PERSON.has(tokens[s]?.text ?? "") && OPINION_VERBS.has(tokens[s + 1]?.text ?? "")) s += 2;
    const subject = tokens[s];
    if (subject && subject.clause === t.clause && BACK_PRONOUNS.has(subject.text) && first > 0) {
      dismissClause(tokens, first - 1);
      // "Useful, but it misses the point": after a one- or two-word verdict, the pronoun points to the sentence before.
      const opener = spanStart(tokens, first - 1, "clause");
      if (opener === spanStart(tokens, i, "sentence") && first - opener <= SHORT_VERDICT_TOKENS && opener > 0) dismissRange(tokens, spanStart(tokens, opener - 1, "sentence"), opener - 1);
    }
    // "Keep the bigger table for now, but only as a stopgap": a contrast that opens the stopgap clause looks back.
    else if (lead && CONTRASTS.has(lead.text) && first > 0 && tokens[first - 1]?.sentence === t.sentence) dismissClause(tokens, first - 1);
    // "Short term, keep the raised limit", "As a stopgap: ...": a short opening clause covers its sentence.
    const last = spanEnd(tokens, i, "clause");
    const mark = tokens[last]?.punctAfter;
    if (first === spanStart(tokens, i, "sentence") && last - first < STOPGAP_OPENER_TOKENS && (mark === "," || mark === ":")) {
      dismissRange(tokens, first, spanEnd(tokens, i, "sentence"));
    }
  }
}

/** Tokens of a sentence that is only a verdict on the one before: "Belt and braces.", "A stopgap at best." */
const VERDICT_SENTENCE_TOKENS = 5;
/** Words of a verdict that may open a sentence before a clause pointing back: "Useful, but ...", "Sure, but ...". */
const SHORT_VERDICT_TOKENS = 2;

/** A question with one of these asks about a fact ("Would it happen on a VM?"), not about an option. */
const FACT_QUESTION_OPENERS = new Set([
  "what", "why", "how", "where", "when", "which", "who", "whose", "is", "are", "am", "was", "were", "do", "does", "did",
  "will", "would", "should", "could", "can", "may", "might", "must", "have", "has", "had", "isn't", "aren't", "doesn't",
  "don't", "didn't", "wouldn't", "shouldn't", "can't", "won't", "any", "anything", "anyone", "right", "ok", "okay",
]);
/** A posed option is short: "Adding pods?", "Restart the node?". */
const POSED_OPTION_TOKENS = 10;
/** "No question", "no problem": a "no" that agrees. */
const AGREEING_NO = new Set(["question", "brainer", "problem", "doubt", "wonder", "worri"]);
/** "That would just ...", "It only ...": a back reference, perhaps a verb, then a hedge. */
const HEDGE_AFTER_BACK = 3;

/**
 * "Adding pods? That would just give the spike more places to happen.",
 * "Disabling tracking? No thanks.", "Restart the node? Sure, if we enjoy
 * repeating this.": a short question that poses an option, answered by a
 * rejection at the start of the next sentence, is turned down: negated, and
 * dismissed as a weak move.
 */
function markPosedOptions(tokens: Token[]): void {
  // Questions are few: find their last tokens first, then their sentences.
  for (let last = 0; last + 1 < tokens.length; last++) {
    const t = tokens[last] as Token;
    const next = last + 1;
    if (t.punctAfter !== "?" || (tokens[next] as Token).sentence === t.sentence) continue;
    const first = spanStart(tokens, last, "sentence");
    if (last - first < POSED_OPTION_TOKENS && posesOption(tokens, last) && rejectsAtStart(tokens, next)) {
      dismissRange(tokens, first, last);
      negateRange(tokens, first, last, next);
    }
  }
}

/**
 * Whether the question ending at `last` poses an option ("Adding pods?")
 * rather than asking about a fact: its clause has no question word or
 * auxiliary ("and ask 'would it happen on a VM?'") and does not open with a
 * pronoun pointing back ("That too?").
 */
function posesOption(tokens: Token[], last: number): boolean {
  const first = spanStart(tokens, last, "clause");
  if (BACK_PRONOUNS.has((tokens[first] as Token).text)) return false;
  for (let k = first; k <= last; k++) {
    const t = tokens[k] as Token;
    // "Should we add replicas?", "Could we just turn it off?": a modal before the answer's own "we" poses an option.
    if (OPTION_MODALS.has(t.text) && ASKING_SUBJECTS.has(tokens[k + 1]?.text ?? "")) continue;
    if (FACT_QUESTION_OPENERS.has(t.text)) return false;
  }
  return true;
}

/** Modals that, before "we", "you" or "I", ask whether to do something. */
const OPTION_MODALS = new Set(["should", "could", "can", "shall"]);
const ASKING_SUBJECTS = new Set(["we", "you", "i"]);

/** Whether the sentence starting at `first` opens by turning down what was just asked. */
function rejectsAtStart(tokens: Token[], first: number): boolean {
  const i = skipFillers(tokens, first);
  const sentence = tokens[first]?.sentence;
  const t = tokens[i];
  if (!t || t.sentence !== sentence) return false;
  // "Sure, if we enjoy repeating this incident": agreement on a condition nobody would meet.
  if ((t.text === "sure" || t.text === "yes" || t.text === "fine") && tokens[i + 1]?.text === "if") return true;
  const lastOfClause = spanEnd(tokens, i, "clause");
  for (let k = i; k <= lastOfClause; k++) {
    const x = tokens[k] as Token;
    // "No thanks", "I'd rather not", "Without a layer isolated first, ...", "Not first"; not "No question".
    // "no = k8s stack, yes = app" maps an answer to a verdict; it turns nothing down.
    const maps = x.text === "no" && ARROWS.has(x.punctAfter);
    // "Same pain on a VM? If not, it's the platform": a condition, not a refusal.
    if (x.kind === "neg" && !maps && isNegationCue(tokens, k) && !inCondition(tokens, k) && !(x.text === "no" && AGREEING_NO.has(tokens[k + 1]?.key ?? ""))) return true;
    if (x.bits & REJECTING_WORD) return true;
  }
  // "That would just hide it", "It only resets the clock".
  if (BACK_PRONOUNS.has(t.text)) {
    if (aheadInClause(tokens, i, i + 1, i + HEDGE_AFTER_BACK, (x) => HEDGES.has(x.text))) return true;
  }
  return false;
}

/**
 * Whether this word can open a negation scope: a negator, "stop"/"avoid",
 * a clause negator ("pointless"), or "instead"/"rather". A pattern that
 * names the word itself owns that scope ("stop opening a connection").
 */
export function opensNegation(t: Token): boolean {
  return t.kind === "neg" || (t.bits & (STOP_VERB | CLAUSE_NEGATOR)) !== 0 || t.text === "instead" || t.text === "rather";
}

export interface Tokenized {
  tokens: Token[];
  sentenceCount: number;
  clauseCount: number;
  /** Arrows and equals signs: "ping flat -> app", "ICMP spiking => kernel". */
  arrows: number;
}


/**
 * Whether the arrow at j only gives a value or examples, relating nothing: a
 * number right after it ends its clause ("pool → 20."), or a slash list
 * follows it ("periodic → cron / GC / probes").
 */
function relatesNothing(drafts: readonly Draft[], j: number): boolean {
  const value = drafts[j + 1];
  const after = drafts[j + 2];
  if (value === undefined || value.kind === "punct") return false;
  if (after?.kind === "punct" && after.text === "/") return true;
  if (value.kind === "num" && (after === undefined || after.kind === "punct")) return true;
  // "Periodic -> cron.", "Periodic -> cron, GC, probes.": a sentence of one word pointing at one example, or at a list of them.
  const before = drafts[j - 1];
  return before !== undefined && before.kind !== "punct" && value.kind === "word" && endsSentence(drafts[j - 2]) && (endsSentence(after) || listToEnd(drafts, j + 1));
}

/** Items of a list an arrow may point at: "cron, GC, probes". */
const MIN_POINTED_ITEMS = 3;
const MAX_POINTED_ITEM_WORDS = 2;

/** Whether drafts from `from` to the sentence's end are a comma list of short items, at least MIN_POINTED_ITEMS of them. */
function listToEnd(drafts: readonly Draft[], from: number): boolean {
  let items = 1;
  let words = 0;
  for (let k = from; k < drafts.length; k++) {
    const d = drafts[k] as Draft;
    if (endsSentence(d)) break;
    if (d.kind === "punct") {
      if (d.text !== ",") return false;
      items++;
      words = 0;
    } else if (++words > MAX_POINTED_ITEM_WORDS) return false;
  }
  return items >= MIN_POINTED_ITEMS;
}

/** Whether a draft is a sentence's end: a mark that ends one, or no draft at all (the text's start or end). */
function endsSentence(d: Draft | undefined): boolean {
  return d === undefined || (d.kind === "punct" && (d.bits & ENDS_SENTENCE) !== 0);
}

const CLOSING_QUOTES = new Set(["'", '"', "’", "”"]);

/** Symbols that, right after a full stop with no space, carry on a command or a path: "+%T.%N", "./run.sh", "a.${X}". */
const COMMAND_SYMBOLS = new Set(["%", "/", "\\", "$", "{", "<", "~", "@", "&", "^", "|"]);

/** Whether a closing quote follows at `at` and the sentence goes on after it in lower case. */
function quotedInside(text: string, at: number): boolean {
  if (!CLOSING_QUOTES.has(text[at] ?? "")) return false;
  let k = at + 1;
  while (k < text.length && text[k] === " ") k++;
  const c = text.charCodeAt(k);
  return c >= 97 && c <= 122;
}

/** Tokenizes an answer. Never throws; any string is valid input. */
export function tokenize(text: string): Tokenized {
  // Memoised words hold transient keys: both are dropped together.
  if (trimTransientKeys()) clearWordMemo();
  if (nextWid > WID_LIMIT) {
    // Between answers, ids may start over with a memo (and an epoch) of their own.
    clearWordMemo();
    nextWid = 0;
  }
  const drafts: Draft[] = [];
  scan(text, drafts);
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let arrows = 0;
  const merged = mergeQuantities(drafts);
  for (let j = 0; j < merged.length; j++) {
    const d = merged[j] as Draft;
    if (d.kind === "punct") {
      const prev = tokens[tokens.length - 1];
      if (prev && prev.punctAfter === "" && prev.end <= d.start) prev.punctAfter = d.text;
      // "count = max" relates two things; "nf_conntrack_max=524288", "pool → 20." and "periodic → cron / GC" do not.
      if (d.bits & ARROW && !(d.text === "=" && isWordCode(text, d.start - 1) && isWordCode(text, d.end)) && !relatesNothing(merged, j)) arrows++;
      // "(DNS to CoreDNS?)": a question inside brackets does not end the sentence around it.
      // "'would bare metal do this?' is how I'd decide": a quoted question inside a sentence does not end it.
      // "date +%T.%N", "./run.sh": a full stop followed at once by a symbol that goes on with a command or path is inside it.
      if (d.bits & ENDS_SENTENCE && merged[j + 1]?.text !== ")" && !quotedInside(text, d.end) && !(d.text === "." && COMMAND_SYMBOLS.has(text[d.end] ?? ""))) sentence++;
      clause++;
      continue;
    }
    if (d.kind === "word" && d.bits & CLAUSE_WORD) clause++;
    d.sentence = sentence;
    d.clause = clause;
    d.index = tokens.length;
    tokens.push(d as Token);
  }
  markNegation(tokens);
  markRetractions(tokens);
  markDismissals(tokens);
  markPosedOptions(tokens);
  return { tokens, sentenceCount: sentence + 1, clauseCount: clause + 1, arrows };
}
