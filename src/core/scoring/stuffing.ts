// Keyword stuffing: the right terms with little prose or reasoning around
// them. Two shapes are caught: one term repeated to fill the answer, and a
// bare list of terms with no words that connect them into an argument.
import type { Tokenized } from "../text/tokenize.js";

/** Words that turn a list of terms into reasoning; an arrow does the same. */
const CONNECTIVES = new Set([
  "if", "then", "because", "so", "since", "means", "mean", "vs", "versus", "therefore", "thus",
  "when", "while", "which", "whether", "until", "unless", "but", "instead", "rather", "than",
  "to", "by", "for", "with", "into", "from", "on", "at", "is", "are", "would", "should",
]);
const MIN_REPEATS = 5;
const REPEAT_SHARE = 0.25;
const MIN_LIST_ITEMS = 4;

/** A sentence saying why the answer reads as stuffing, or null. */
export function detectStuffing(answer: Tokenized): string | null {
  const words = answer.tokens.filter((t) => t.kind === "word" && !t.stop);
  const counts = new Map<string, number>();
  for (const t of words) counts.set(t.key, (counts.get(t.key) ?? 0) + 1);
  for (const [key, n] of counts) {
    if (n >= MIN_REPEATS && n / Math.max(words.length, 1) >= REPEAT_SHARE) {
      return `One term ("${key}") makes up ${Math.round((100 * n) / words.length)}% of the answer's words.`;
    }
  }
  const connected = answer.arrows > 0 || answer.tokens.some((t) => CONNECTIVES.has(t.text) || t.kind === "neg");
  if (!connected && answer.clauseCount >= MIN_LIST_ITEMS) {
    return "The answer is a list of terms with no reasoning connecting them.";
  }
  return null;
}
