// The one module that touches natural. Only the Porter stemmer is imported:
// the package index loads database clients and a .env file, and its
// tokenizeAndStem drops negators, digits and single letters.
import PorterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/** Porter stem of a lower-cased word, memoised (stemming dominates tokenizing cost). */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  // Porter only knows ASCII letters; leave digits, symbols and other scripts alone.
  const out = /^[a-z]+$/.test(word) && word.length > 2 ? PorterStemmer.stem(word) : word;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, out);
  return out;
}
