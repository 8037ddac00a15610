// Keyword stuffing: the right terms with little prose or reasoning around
// them. Two shapes are caught: one term repeated to fill the answer, and a
// bare list of terms with no words that connect them into an argument.
import type { Key } from "../text/keys.js";
import type { Token, Tokenized } from "../text/tokenize.js";

/**
 * A list joins its terms with commas, "and", "or" and articles at most. Any
 * other function word (if, so, because, to, is, would...), a negator, "vs" or
 * an arrow turns terms into a sentence, however terse.
 */
const LIST_GLUE = new Set(["and", "or", "the", "a", "an", "per", "of", "in", "on", "at", "with", "for"]);
/** Share of a list's words that must be the rubric's own for it to read as stuffing rather than prose. */
const LIST_VOCABULARY_SHARE = 0.6;
const CONNECTIVES = new Set(["vs", "versus", "means", "mean", "instead", "rather", "therefore", "thus"]);
const MIN_LIST_WORDS = 6;
const MIN_REPEATS = 5;
const REPEAT_SHARE = 0.25;
const MIN_LIST_ITEMS = 4;

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
  if (answer.clauseCount < MIN_LIST_ITEMS && words < MIN_LIST_WORDS) return null;
  let content = 0;
  let rubricWords = 0;
  for (const t of answer.tokens) {
    if ((t.stop && !LIST_GLUE.has(t.text)) || CONNECTIVES.has(t.text) || t.kind === "neg") return null;
    if (t.stop) continue;
    content++;
    if (isRubricWord(t)) rubricWords++;
  }
  if (rubricWords / Math.max(content, 1) < LIST_VOCABULARY_SHARE) return null;
  return "The answer is a list of terms with no reasoning connecting them.";
}
