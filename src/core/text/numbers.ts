// Numbers and units: "30s", "30 seconds", "thirty seconds", "half a minute",
// "~0.3 KB", "288-320 bytes", "10k", "10,000", "ten thousand", "75 MB".
// Values are kept in a base unit per dimension so patterns compare like with like.

export type Dimension = "time" | "bytes" | "count";

export interface Quantity {
  /** Lower bound in the base unit (seconds, bytes, or a plain count). */
  min: number;
  /** Upper bound; equal to min for a single value. */
  max: number;
  /** null when the answer wrote no unit ("set it to 30"). */
  dim: Dimension | null;
  /** The value as written, before unit conversion ("15" of "15 KB"). */
  rawMin: number;
  rawMax: number;
}

interface Unit {
  dim: Dimension;
  factor: number;
}

const UNITS: Record<string, Unit> = {
  ms: { dim: "time", factor: 0.001 },
  msec: { dim: "time", factor: 0.001 },
  millisecond: { dim: "time", factor: 0.001 },
  milliseconds: { dim: "time", factor: 0.001 },
  s: { dim: "time", factor: 1 },
  sec: { dim: "time", factor: 1 },
  secs: { dim: "time", factor: 1 },
  second: { dim: "time", factor: 1 },
  seconds: { dim: "time", factor: 1 },
  min: { dim: "time", factor: 60 },
  mins: { dim: "time", factor: 60 },
  minute: { dim: "time", factor: 60 },
  minutes: { dim: "time", factor: 60 },
  h: { dim: "time", factor: 3600 },
  hr: { dim: "time", factor: 3600 },
  hrs: { dim: "time", factor: 3600 },
  hour: { dim: "time", factor: 3600 },
  hours: { dim: "time", factor: 3600 },
  day: { dim: "time", factor: 86400 },
  days: { dim: "time", factor: 86400 },
  b: { dim: "bytes", factor: 1 },
  byte: { dim: "bytes", factor: 1 },
  bytes: { dim: "bytes", factor: 1 },
  kb: { dim: "bytes", factor: 1e3 },
  kib: { dim: "bytes", factor: 1024 },
  kilobyte: { dim: "bytes", factor: 1e3 },
  kilobytes: { dim: "bytes", factor: 1e3 },
  mb: { dim: "bytes", factor: 1e6 },
  mib: { dim: "bytes", factor: 1024 * 1024 },
  megabyte: { dim: "bytes", factor: 1e6 },
  megabytes: { dim: "bytes", factor: 1e6 },
  meg: { dim: "bytes", factor: 1e6 },
  megs: { dim: "bytes", factor: 1e6 },
  gb: { dim: "bytes", factor: 1e9 },
  gib: { dim: "bytes", factor: 1024 ** 3 },
  gigabyte: { dim: "bytes", factor: 1e9 },
  gigabytes: { dim: "bytes", factor: 1e9 },
};

/**
 * Units only a rubric writes: `unit: count` makes a pattern number a plain
 * count, so it never matches "75 MB" or "30 s" (an answer's bare number still does).
 */
const PATTERN_UNITS: Record<string, Unit> = {
  count: { dim: "count", factor: 1 },
  entries: { dim: "count", factor: 1 },
  connections: { dim: "count", factor: 1 },
};

export function patternUnitOf(word: string): Unit | undefined {
  return unitOf(word) ?? (Object.hasOwn(PATTERN_UNITS, word) ? PATTERN_UNITS[word] : undefined);
}

/** Multipliers written after a number: "10k", "1.5 million", "two dozen". */
const SCALES: Record<string, number> = {
  dozen: 12,
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mil: 1e6,
  million: 1e6,
  millions: 1e6,
  g: 1e9,
  billion: 1e9,
};

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50,
  sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
};

export function unitOf(word: string): Unit | undefined {
  return Object.hasOwn(UNITS, word) ? UNITS[word] : undefined;
}

export function scaleOf(word: string): number | undefined {
  return Object.hasOwn(SCALES, word) ? SCALES[word] : undefined;
}

const NUMBER_WORDS: ReadonlySet<string> = new Set([...Object.keys(SMALL), "thousand", "million", "half", "dozen"]);

export function isNumberWord(word: string): boolean {
  return NUMBER_WORDS.has(word);
}

/**
 * Value of a run of number words ("two hundred sixty two thousand"), or
 * undefined when the run does not form a number.
 */
export function numberWordsValue(words: readonly string[]): number | undefined {
  if (words.length === 0) return undefined;
  if (words.length === 1 && words[0] === "half") return 0.5;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    if (w === "hundred") {
      current = (current || 1) * 100;
    } else if (w === "dozen") {
      // "a dozen", "two dozen".
      current = (current || 1) * 12;
    } else if (w === "thousand" || w === "million") {
      total += (current || 1) * (w === "thousand" ? 1e3 : 1e6);
      current = 0;
    } else if (Object.hasOwn(SMALL, w)) {
      current += SMALL[w] ?? 0;
    } else {
      return undefined;
    }
    seen = true;
  }
  return seen ? total + current : undefined;
}

/** Digit groups separated by spaces, as thousands: "5 000", "1 000 000" (or a lone group of one to three digits). */
export const SPACED_THOUSANDS = /^\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})*$/;

/** A power of a whole number, as engineers write table sizes: "2^18" (262144), "10^6". */
const POWER = /^(\d{1,4})\^(\d{1,2})$/;

/**
 * Parses a digit string as written by people: "10,000", "0.3", "1.5", "2^18",
 * and the European "5 000" and "0,5". A comma followed by exactly three digits
 * is a thousands separator; followed by one or two, a decimal comma.
 */
export function parseDigits(text: string): number | undefined {
  const power = POWER.exec(text);
  if (power) return Number(power[1]) ** Number(power[2]);
  let cleaned = text;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) cleaned = text.replaceAll(",", "");
  else if (SPACED_THOUSANDS.test(text)) cleaned = text.replaceAll(/[ \u00a0\u2009\u202f]/g, "");
  else if (/^\d+,\d{1,2}$/.test(text)) cleaned = text.replace(",", ".");
  // Plain digits, or scientific notation as terse notes write it ("1e4", "2.5e5").
  if (!/^\d+(\.\d+)?(e\d{1,2})?$/.test(cleaned)) return undefined;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : undefined;
}

/** Splits "30s", "75mb", "10k", "0.3kb", and ranges such as "10-15kb" or "10k-20k", into number and suffix. */
export function splitAttached(word: string): { digits: string; suffix: string } | undefined {
  const m = /^(\d+(?:[.,]\d+)*(?:-\d+(?:[.,]\d+)*)?)([a-z]+)$/.exec(word);
  if (m?.[1] && m[2]) return { digits: m[1], suffix: m[2] };
  // The suffix written on both ends of the range.
  const both = /^(\d+(?:[.,]\d+)*)([a-z]+)-(\d+(?:[.,]\d+)*)([a-z]+)$/.exec(word);
  if (!both?.[1] || !both[2] || !both[3] || both[2] !== both[4]) return undefined;
  return { digits: `${both[1]}-${both[3]}`, suffix: both[2] };
}

export function quantity(value: number, unit: Unit | undefined, max = value): Quantity {
  if (!unit) return { min: value, max, dim: null, rawMin: value, rawMax: max };
  return { min: value * unit.factor, max: max * unit.factor, dim: unit.dim, rawMin: value, rawMax: max };
}
