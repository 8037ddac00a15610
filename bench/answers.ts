// Deterministic ~100-word answers for benchmarks, built from a round's own
// example answers: sentences drawn in a seeded order until about 100 words,
// so the text reads like real answers and matching has real work to do.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function answersFrom(examples: string[], count: number, words = 100, seed = 7): string[] {
  const sentences = examples.flatMap((e) => e.split(/(?<=[.!?])\s+/)).filter((s) => s.trim());
  if (sentences.length === 0) throw new Error("no example sentences to build answers from");
  const next = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    let n = 0;
    while (n < words) {
      const s = sentences[Math.floor(next() * sentences.length)] ?? "";
      parts.push(s);
      n += s.split(/\s+/).length;
    }
    out.push(parts.join(" "));
  }
  return out;
}
