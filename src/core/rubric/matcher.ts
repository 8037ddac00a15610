import type { Dimension } from "../text/numbers.js";

export type Window = number | "sentence" | "answer";

/** A compiled pattern: stems prepared, synonym groups expanded, nothing left to parse per answer. */
export type Matcher =
  | { t: "term"; key: string }
  | { t: "prefix"; prefix: string }
  /** Any of these index keys: a synonym group of single words, flattened at compile time. */
  | { t: "keys"; keys: string[] }
  /** min/max in base units; rawMin/rawMax as written, for answers that give no unit. */
  | { t: "num"; min: number; max: number; rawMin: number; rawMax: number; dim: Dimension | null }
  | { t: "seq"; items: Matcher[] }
  | { t: "any"; items: Matcher[] }
  | { t: "all"; items: Matcher[]; within: Window; ordered: boolean };
