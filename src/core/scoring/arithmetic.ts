// Sums an answer works out in bytes: "300 bytes per entry, so a million
// entries is about 300 MB". A size per item and a count, followed in the same
// sentence by a size large enough to be their product, state a product; when
// that result is off by more than PRODUCT_TOLERANCE times either way, the
// figures are not credited. A right number inside a wrong sum is no evidence
// that the answer can size memory.
import type { Token } from "../text/tokenize.js";

/**
 * How far a stated product may be from size x count. Rounding, KB against KiB
 * and loosely read number words ("a few hundred", "a quarter of a million")
 * stay inside it; a slip of a factor of ten does not.
 */
const PRODUCT_TOLERANCE = 5;
/** A count must be at least this to multiply a size: "2 replicas" or "seven figures" is no count of entries. */
const MIN_COUNT = 100;

interface Reading {
  pos: number;
  min: number;
  max: number;
}

/** Whether total lies within the tolerance of some size x count. */
function consistent(total: Reading, sizes: readonly Reading[], counts: readonly Reading[]): boolean {
  for (const s of sizes) {
    for (const c of counts) {
      const low = (s.min * c.min) / PRODUCT_TOLERANCE;
      const high = s.max * c.max * PRODUCT_TOLERANCE;
      if (total.max >= low && total.min <= high) return true;
    }
  }
  return false;
}

/**
 * Content positions of byte sizes that take part in a wrong product: the
 * sizes per item and the stated result. `numbers` are the content positions
 * of the answer's quantities, in order.
 */
export function wrongProducts(content: readonly Token[], numbers: readonly number[]): number[] {
  const wrong: number[] = [];
  let sizes: Reading[] = [];
  let counts: Reading[] = [];
  let sentence = -1;
  for (const pos of numbers) {
    const t = content[pos];
    const q = t?.qty;
    if (!t || !q) continue;
    if (t.sentence !== sentence) {
      sentence = t.sentence;
      sizes = [];
      counts = [];
    }
    const reading = { pos, min: q.min, max: q.max };
    if (q.dim === null || q.dim === "count") {
      if (q.min >= MIN_COUNT) counts.push(reading);
      continue;
    }
    if (q.dim !== "bytes") continue;
    // The first size after a size and a count that could be their product is that product, as the answer
    // states it; a size close to another ("288 to 320 bytes") is the other end of a range.
    const result = counts.length > 0 && sizes.some((s) => q.min >= (s.max * MIN_COUNT) / PRODUCT_TOLERANCE);
    if (!result) {
      sizes.push(reading);
      continue;
    }
    if (!consistent(reading, sizes, counts)) {
      for (const s of sizes) wrong.push(s.pos);
      wrong.push(pos);
    }
    sizes = [];
    counts = [];
  }
  return wrong;
}
