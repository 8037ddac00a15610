// Deterministic ~100-word answers for benchmarks: rubric vocabulary mixed
// with ordinary prose, so matching has real work to do.
const FILLER =
  "so first I would look at what changes when the problem shows up and then compare it with the quiet periods because that usually tells you where to dig next and what to rule out before touching anything in production".split(" ");

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function syntheticAnswers(vocabulary: string[], count: number, words = 100, seed = 7): string[] {
  const next = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    let n = 0;
    while (n < words) {
      const phrase = next() < 0.3 && vocabulary.length ? pick(vocabulary) : pick(FILLER);
      parts.push(phrase);
      n += phrase.split(" ").length;
      if (next() < 0.08) parts.push(next() < 0.5 ? "." : ",");
    }
    out.push(parts.join(" ").replace(/ ([.,])/g, "$1"));
  }
  return out;
}
