import type { Key } from "../text/keys.js";
import type { Dimension } from "../text/numbers.js";

export type Window = number | "sentence" | "answer";

/**
 * Per-answer memo of a compound matcher, stamped with the answer's generation:
 * synonym groups are shared by many patterns, and each is decided once per answer.
 * `M` is the scorer's match type; the compiler only creates the empty memo.
 * Its fields sit on the matcher itself: one object to visit, not two.
 */
export interface Memo<M = unknown> {
  /** Generation whose `possible` is known. */
  pg: number;
  possible: boolean;
  /** Generation whose `found` is known. */
  fg: number;
  found: M[];
}

/** A matcher's own fields, without the memo `shaped` adds. */
export type MatcherFields = Matcher extends infer X ? (X extends unknown ? Omit<X, keyof Memo> : never) : never;

/**
 * A matcher with every field of every kind, in one order, and an empty memo.
 * The scorer reads matchers of all kinds at the same places: with one object
 * shape those reads stay monomorphic instead of going through a shape lookup.
 */
export function shaped(m: MatcherFields): Matcher {
  const all = {
    t: m.t,
    key: "",
    prefix: "",
    k: null,
    keys: null,
    ks: null,
    min: 0,
    max: 0,
    rawMin: 0,
    rawMax: 0,
    dim: null,
    items: null,
    within: 0,
    ordered: false,
    sentence: false,
    pg: 0,
    possible: false,
    fg: 0,
    found: [],
  };
  return Object.assign(all, m) as unknown as Matcher;
}

/** A compiled pattern: stems prepared, synonym groups expanded, nothing left to parse per answer. */
export type Matcher =
  | { t: "term"; key: string; k: Key }
  | { t: "prefix"; prefix: string; k: Key }
  /** Any of these index keys: a synonym group of single words, flattened at compile time. */
  | ({ t: "keys"; keys: string[]; ks: Key[] } & Memo)
  /** min/max in base units; rawMin/rawMax as written, for answers that give no unit. */
  | ({ t: "num"; min: number; max: number; rawMin: number; rawMax: number; dim: Dimension | null } & Memo)
  | ({ t: "seq"; items: Matcher[] } & Memo)
  | ({ t: "any"; items: Matcher[] } & Memo)
  /** `sentence`: a numeric window that must also stay inside one sentence. */
  | ({ t: "all"; items: Matcher[]; within: Window; ordered: boolean; sentence: boolean } & Memo);
