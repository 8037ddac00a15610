// Typo tolerance: an answer word that no pattern uses is compared, by
// optimal-string-alignment distance (edits plus adjacent swaps), with the
// rubric's own words of five letters or more. Short words never match
// fuzzily: "pool"/"poll" or "ss"/"sa" are different words, not typos. Five-letter
// words match only by swapping two letters ("dmseg"), because one changed
// letter there is usually another English word ("later"/"layer",
// "sizes"/"sides"); up to six letters, a changed last letter is another word
// too ("config"/"confid"); and the first letter must agree, as it does in
// almost every real typo.
import { prefixKey, type Vocabulary } from "../rubric/compile.js";

const MEMO_LIMIT = 100_000;

/**
 * Allowed edits for a word of this length: none under 5 letters, 1 up to 10,
 * 2 from 11 ("contention" is two edits from "connection" and no typo of it).
 */
export function allowedEdits(length: number): number {
  return length < 5 ? 0 : length < 11 ? 1 : 2;
}

function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join("") === [...b].sort().join("");
}

function onlyLastDiffers(a: string, b: string): boolean {
  return a.length === b.length && a.slice(0, -1) === b.slice(0, -1) && a.at(-1) !== b.at(-1);
}

/** Optimal string alignment distance, giving up (returning max + 1) once it exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] ?? max + 1;
}

/** Below this length a prefix's letters may not change, only move or go missing: "charge" is no typo of "change*". */
const SUBSTITUTION_PREFIX = 8;

/**
 * The key of the prefix pattern whose prefix the word's first letters
 * misspell ("hanshakes" under "handshake*", "exahustion" under "exhaust*"),
 * or null. The same limits as for whole words, and stricter ones because only
 * the start of the word is compared: below eight letters a letter may be
 * swapped, dropped or doubled but not changed ("expert" is no "expect*"), and
 * the prefix's last letter may not be the one missing ("company" is no
 * "compar*").
 */
function prefixTypo(vocab: Vocabulary, word: string): string | null {
  for (const p of vocab.prefixes) {
    const limit = Math.min(allowedEdits(word.length), allowedEdits(p.length));
    if (limit === 0 || p[0] !== word[0] || word.length < p.length - limit) continue;
    if (p.length === 5 || word.length === 5) {
      // Five letters: two swapped letters only, as for whole words.
      const head = word.slice(0, 5);
      if (p.length === 5 && head !== p && sameLetters(head, p) && editDistance(head, p, 1) === 1) return prefixKey(p);
      continue;
    }
    // One edit after the shared first letter leaves one of these in place: a cheap test before the alignment.
    if (limit === 1 && word[1] !== p[1] && word[2] !== p[2] && word[1] !== p[2] && word[2] !== p[1]) continue;
    for (let j = p.length - limit; j <= Math.min(word.length, p.length + limit); j++) {
      const head = word.slice(0, j);
      if (editDistance(head, p, limit) > limit) continue;
      if (limit === 1 && j === p.length && !sameLetters(head, p) && p.length < SUBSTITUTION_PREFIX) continue;
      if (j === p.length - 1 && head === p.slice(0, -1)) continue;
      return prefixKey(p);
    }
  }
  return null;
}

/** The rubric key (a stem, or a prefix pattern's key) an unknown answer word is a misspelling of, or null. */
export function resolveTypo(vocab: Vocabulary, word: string, key: string): string | null {
  const hit = vocab.memo.get(word);
  if (hit !== undefined) return hit;
  let best: string | null = null;
  let bestDistance = Infinity;
  const max = allowedEdits(word.length);
  if (max > 0 && /^\p{L}+$/u.test(word)) {
    for (const entry of vocab.fuzzy) {
      const limit = Math.min(max, allowedEdits(entry.word.length));
      if (limit === 0 || Math.abs(entry.word.length - word.length) > limit || entry.word[0] !== word[0]) continue;
      // Words against words, stems against stems: "applies" (appli) is no typo of "applications" (applic).
      const form = entry.stem ? key : word;
      if (word.length === 5 && !sameLetters(form, entry.word)) continue;
      // Up to six letters, words that differ only in their last letter are two words: "config" (and the stem of
      // "configs") is no typo of "confid[ent]".
      if (form.length <= 6 && onlyLastDiffers(form, entry.word)) continue;
      const d = editDistance(form, entry.word, limit);
      if (d <= limit && d < bestDistance) {
        best = entry.key;
        bestDistance = d;
      }
    }
    // A misspelled start of a word a prefix pattern covers.
    best ??= prefixTypo(vocab, word);
  }
  if (vocab.memo.size >= MEMO_LIMIT) vocab.memo.clear();
  vocab.memo.set(word, best);
  return best;
}
