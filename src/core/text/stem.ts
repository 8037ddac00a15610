// The one module that touches natural. Only the Porter stemmer is loaded:
// the package index loads database clients and a .env file, and its
// tokenizeAndStem drops negators, digits and single letters. It is a CommonJS
// module, loaded with require: importing it as ESM costs the scorer's cold
// start about twice as much (the loader scans each file for named exports).
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);
const PorterStemmer = load("natural/lib/natural/stemmers/porter_stemmer.js") as { stem(word: string): string };

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/**
 * Porter turns a final y into i only after a vowel earlier in the word, so
 * "tries" and "tried" stem to "tri" but "try" and "trying" to "try": one stem
 * for all four ("fly", "dry", "spy" likewise; "why" is left alone).
 */
function sameY(stemmed: string): string {
  return stemmed.length === 3 && stemmed !== "why" && /^[^aeiouy][^aeiouy]y$/.test(stemmed) ? `${stemmed.slice(0, 2)}i` : stemmed;
}

/** Porter stem of a lower-cased word, memoised (stemming dominates tokenizing cost). */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  // Porter only knows ASCII letters; leave digits, symbols and other scripts alone.
  const out = /^[a-z]+$/.test(word) && word.length > 2 ? sameY(PorterStemmer.stem(word)) : word;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, out);
  return out;
}
