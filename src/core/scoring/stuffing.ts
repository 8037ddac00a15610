// Keyword stuffing: the right terms with little prose or reasoning around
// them. Two shapes are caught: one term repeated to fill the answer, and a
// bare list of terms with no words that connect them into an argument.
import type { Key } from "../text/keys.js";
import { JOINED_PART, spanEnd, type Token, type Tokenized } from "../text/tokenize.js";

/**
 * A list joins its terms with commas, "and", "or", "plus", "also", "as well as" and articles at most. Any
 * other function word (if, so, because, to, is, would...), a negator, "vs" or
 * an arrow turns terms into a sentence, however terse.
 */
const LIST_GLUE = new Set(["and", "or", "plus", "as", "well", "also", "the", "a", "an", "per", "of", "in", "on", "at", "with", "for"]);
/** Words that make a sentence an argument however short: a sentence with one is never an aside. */
const REASONING = new Set(["if", "because", "since", "so", "means", "therefore", "thus", "hence", "which", "when", "whether", "would", "unless", "otherwise", "why"]);
/** Negators that start a list item ("no handshake", "without TIME_WAIT") rather than a claim. */
const LIST_NEGATORS = new Set(["no", "without"]);
/** Share of a list's words that must be the rubric's own for it to read as stuffing rather than prose. */
const LIST_VOCABULARY_SHARE = 0.6;
const CONNECTIVES = new Set(["vs", "versus", "means", "mean", "instead", "rather", "therefore", "thus"]);
/** Contrast words that name a comparison: in a long run of comma items ("..., app level versus network level, ss -s, ...") one is an item, not an argument. */
const CONTRASTS = new Set(["vs", "versus"]);
/** Comma items a list sentence must have before a contrast word in it is one item's comparison. */
const MIN_CONTRAST_LIST_ITEMS = 6;
const MIN_LIST_WORDS = 6;
/** A sentence without reasoning whose rubric words are at most one in this many of its words is an aside too. */
const ASIDE_SHARE_DIVISOR = 4;
const MIN_REPEATS = 5;
const REPEAT_SHARE = 0.25;
const MIN_LIST_ITEMS = 4;
/** A sentence's opening clause up to a colon, this short, heads a list ("Things I'd check:") rather than arguing. */
const MAX_HEADING_TOKENS = 4;

/** A sentence saying why the answer reads as stuffing, or null. */
export function detectStuffing(
  answer: Tokenized,
  keys: readonly Key[],
  isRubricWord: (t: Token) => boolean,
): string | null {
  let words = 0;
  for (const t of answer.tokens) if (t.kind === "word" && !t.stop) words++;
  for (const k of keys) {
    const key = k.s;
    const n = k.list.length;
    if (key !== "#" && !key.startsWith("*") && !key.startsWith("-") && n >= MIN_REPEATS && n / Math.max(words, 1) >= REPEAT_SHARE) {
      return `One term ("${key}") makes up ${Math.round((100 * n) / words)}% of the answer's words.`;
    }
  }
  if (answer.arrows > 0) return null;
  if (fragmentList(answer, isRubricWord)) return "The answer is a run of bare fragments, one term or two each, with no reasoning connecting them.";
  if (answer.clauseCount < MIN_LIST_ITEMS && words < MIN_LIST_WORDS) return null;
  // Sentence by sentence, so prose is ruled out at its first sentence. A sentence with at most one of
  // the rubric's words and no reasoning ("That's my checklist for this one.") is an aside, not prose
  // around the terms.
  const tokens = answer.tokens;
  let content = 0;
  let rubricWords = 0;
  for (let from = 0; from < tokens.length; ) {
    const to = spanEnd(tokens, from, "sentence") + 1;
    let rubricHere = 0;
    let wordsHere = 0;
    let reasons = false;
    for (let k = from; k < to && !reasons; k++) {
      const t = tokens[k] as Token;
      if (REASONING.has(t.text)) reasons = true;
      else if (!t.stop && (t.kind === "word" || t.kind === "flag")) {
        wordsHere++;
        if (isRubricWord(t)) rubricHere++;
      }
    }
    if (reasons || (rubricHere > 1 && rubricHere * ASIDE_SHARE_DIVISOR > wordsHere)) {
      const heading = spanEnd(tokens, from, "clause");
      const body = tokens[heading]?.punctAfter === ":" && heading - from < MAX_HEADING_TOKENS && heading + 1 < to ? heading + 1 : leadIn(tokens, from, to);
      const longRun = commaItems(tokens, body, to) >= MIN_CONTRAST_LIST_ITEMS;
      for (let k = body; k < to; k++) {
        const t = tokens[k] as Token;
        // "no handshake" in a list is an item, "twenty to fifty" a range, "raise to 20000" a target; "not", "never" and "n't" make a claim.
        const glue =
          LIST_GLUE.has(t.text) ||
          LIST_NEGATORS.has(t.text) ||
          (t.text === "to" && toPlace(tokens[k + 1])) ||
          (longRun && CONTRASTS.has(t.text)) ||
          (k > body && LIST_OPENERS.has(t.text) && opensList(tokens, body, k, to)) ||
          (k > body && VALUE_COPULAS.has(t.text) && givesValue(tokens, k, to));
        if (!glue && (t.stop || CONNECTIVES.has(t.text) || t.kind === "neg")) return null;
        if (t.stop || t.kind === "neg" || glue) continue;
        content++;
        if (isRubricWord(t)) rubricWords++;
      }
    }
    from = to;
  }
  if (rubricWords / Math.max(content, 1) < LIST_VOCABULARY_SHARE) return null;
  return "The answer is a list of terms with no reasoning connecting them.";
}

/** "Periodic, so cron, GC, probes": a consequence word that only leads from one bare term to a list of them. */
const LIST_OPENERS = new Set(["so", "hence", "therefore", "thus"]);
/** Comma items that must follow such a word for it to open a list. */
const MIN_OPENED_ITEMS = 3;
/** Content words the term before it may have. */
const MAX_OPENING_WORDS = 2;

/**
 * Whether the word at k leads from a bare term at the sentence's start to a
 * comma list that runs to the sentence's end: "Periodic, so cron, GC,
 * probes." A sentence that says more before it ("30s on the dot means
 * something scheduled, so ...") reasons.
 */
function opensList(tokens: readonly Token[], from: number, k: number, to: number): boolean {
  if (k - from > MAX_OPENING_WORDS) return false;
  for (let j = from; j < k; j++) if ((tokens[j] as Token).stop) return false;
  return commaItems(tokens, k + 1, to) >= MIN_OPENED_ITEMS;
}

/** "UDP timeout is 30s": a term given its value reads as a "key = value" item. */
const VALUE_COPULAS = new Set(["is", "are"]);

/** Whether the word at k is followed, to the end of its clause, by nothing but a number: "UDP conntrack timeout is 30s." */
function givesValue(tokens: readonly Token[], k: number, to: number): boolean {
  const next = tokens[k + 1];
  return next !== undefined && k + 2 <= to && next.kind === "num" && next.clause === (tokens[k] as Token).clause && (k + 2 === to || tokens[k + 2]?.clause !== next.clause);
}

/** Items of tokens[from, to) separated by commas ("probe/cron/GC" is one item, and a semicolon separates clauses). */
function commaItems(tokens: readonly Token[], from: number, to: number): number {
  let items = 1;
  for (let k = from; k < to - 1; k++) if ((tokens[k] as Token).punctAfter === ",") items++;
  return items;
}

/** Articles after "to" that make it a destination ("ping to the pod IP"), not a purpose ("to see whether"). */
const ARTICLES = new Set(["the", "a", "an", "each", "every"]);

/** Whether "to" before this token names a target ("raise to 20000") or a destination ("ping to the pod IP"). */
function toPlace(next: Token | undefined): boolean {
  return next !== undefined && (next.kind === "num" || ARTICLES.has(next.text));
}

/** Who opens a list in the first person, and the verb that opens it: "I'd start with ...", "We'd look at ...". */
const LEAD_SUBJECTS = new Set(["i'd", "i", "i'll", "we", "we'd", "we'll", "id"]);
const LEAD_VERBS = new Set(["start", "check", "look", "begin", "examine", "inspect", "review", "try", "suspect", "consider"]);

/**
 * Where a sentence's items start, after a first-person lead-in such as
 * "I'd start with" or "We'd check": the lead-in heads the list as a short
 * heading with a colon would.
 */
function leadIn(tokens: readonly Token[], from: number, to: number): number {
  let k = from;
  if (LEAD_SUBJECTS.has(tokens[k]?.text ?? "")) k++;
  if (k === from || !LEAD_VERBS.has(tokens[k]?.text ?? "")) return from;
  return k + 1 < to ? k + 1 : from;
}

/** Words that, after an item's first term, make the item a claim about its terms: reasoning, and "until". */
const CLAIMING: ReadonlySet<string> = new Set([...REASONING, "until"]);

/** Fragments a whole answer must have to read as a list of them: "Periodic. Cron. GC. curl vs ping. ss -s. dmesg." */
const MIN_FRAGMENTS = 6;

/**
 * Whether the whole answer is a run of fragments, each a sentence of at most
 * MAX_ITEM_WORDS content words joined by nothing but list glue (or "vs"), and
 * mostly the rubric's own words: a list written one item a sentence.
 */
function fragmentList(answer: Tokenized, isRubricWord: (t: Token) => boolean): boolean {
  if (answer.sentenceCount < MIN_FRAGMENTS) return false;
  const tokens = answer.tokens;
  let fragments = 0;
  let content = 0;
  let rubricWords = 0;
  for (let from = 0; from < tokens.length; ) {
    const to = spanEnd(tokens, from, "sentence") + 1;
    let here = 0;
    let values = 0;
    let rubricHere = 0;
    let prose = false;
    for (let k = from; k < to; k++) {
      const t = tokens[k] as Token;
      if (REASONING.has(t.text) || t.kind === "neg") return false;
      if (t.stop) {
        prose ||= !LIST_GLUE.has(t.text);
        continue;
      }
      if (LIST_GLUE.has(t.text) || CONTRASTS.has(t.text)) continue;
      here++;
      // A value is no word of the item: "UDP timeout 30s vs TCP 432000s" is a fragment of three words and two values.
      if (t.kind === "num") values++;
      if (isRubricWord(t)) rubricHere++;
    }
    from = to;
    // A sentence of prose is an aside when it names at most one of the rubric's words ("That's the list."); otherwise the answer is prose.
    if (prose) {
      if (rubricHere > 1) return false;
      continue;
    }
    if (here - values > MAX_ITEM_WORDS) return false;
    if (here > 0) fragments++;
    content += here;
    rubricWords += rubricHere;
  }
  return fragments >= MIN_FRAGMENTS && rubricWords / Math.max(content, 1) >= LIST_VOCABULARY_SHARE;
}

/** A run of at least this many short items separated by commas, slashes or semicolons reads as an inventory: "cron / GC / probes, ping vs curl, ss -s, ...". */
const MIN_INVENTORY_ITEMS = 8;
/** Content words an item of such a run may have. */
const MAX_ITEM_WORDS = 4;

/** A span of the answer's text, in UTF-16 offsets. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Runs of short comma-separated items inside a sentence ("Things I'd look at:
 * cron, GC, liveness probes, ping vs curl, ss -s, conntrack -S, dmesg, the UDP
 * 30s timeout"). Terse answers that reason give each idea a clause or a line of
 * its own; a long run of bare items names things without saying what they show.
 */
export function inventorySpans(answer: Tokenized): TextSpan[] {
  const tokens = answer.tokens;
  const out: TextSpan[] = [];
  let runStart = -1;
  let runEnd = -1;
  let items = 0;
  let itemStart = -1;
  let itemWords = 0;
  let claims = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (itemStart < 0) itemStart = t.start;
    // "conntrack and VXLAN are invisible until they fail" says something of its terms: a clause, not an item.
    // A word of reasoning before the item's first term leads into the list instead: ", so the things that matter are X".
    if (itemWords > 0 && (CLAIMING.has(t.text) || t.kind === "neg")) claims = true;
    // A written word counts once, however many parts it splits into: "nf_conntrack_tcp_timeout_time_wait" is one item word.
    // "app level versus network level" is one compared pair: the contrast word is no item word.
    if (!t.stop && !(t.bits & JOINED_PART) && !CONTRASTS.has(t.text)) itemWords++;
    const next = tokens[i + 1];
    const sentenceEnds = next === undefined || next.sentence !== t.sentence;
    // Brackets hold a gloss of the item they follow: "pooling (Jedis / ioredis)" is one item and its examples.
    const bracket = t.punctAfter === "(" || t.punctAfter === ")";
    const separated = t.punctAfter === "," || t.punctAfter === "/" || t.punctAfter === ";";
    if (!separated && !sentenceEnds && (next.clause === t.clause || bracket)) continue;
    // The item ends here; a mark other than a comma, or the sentence's end, also ends the run.
    // An item that a clause of reasoning goes on from ("... are invisible until they fail") is a claim too.
    if (!separated && !sentenceEnds && t.punctAfter === "" && CLAIMING.has(next.text)) claims = true;
    const short = itemWords > 0 && itemWords <= MAX_ITEM_WORDS && !claims;
    if (short) {
      if (items === 0) runStart = itemStart;
      runEnd = t.end;
      items++;
    }
    if (!short || sentenceEnds || (!separated && t.punctAfter !== "")) {
      if (items >= MIN_INVENTORY_ITEMS) out.push({ start: runStart, end: runEnd });
      items = 0;
    }
    itemStart = -1;
    itemWords = 0;
    claims = false;
  }
  return out;
}
