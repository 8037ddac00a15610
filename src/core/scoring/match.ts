// Evaluates compiled matchers against one tokenized answer. Positions are
// indexes into the answer's content tokens (stop words skipped), so
// "pool of connections" and "pool connections" are one token apart either way.
import type { Matcher, Memo, Window } from "../rubric/matcher.js";
import { anyFiled, type Key } from "../text/keys.js";
import { opensNegation, type Token } from "../text/tokenize.js";

export interface Match {
  /** First and last content-token index. */
  s: number;
  e: number;
  negated: boolean;
  /** A misspelled word was read as a rubric word. */
  typo: boolean;
  /** Negation cues (token indexes) governing the matched words. */
  cues: readonly number[];
  /** Negators that are themselves matched words: a pattern such as "without kubernetes" or "no pool". */
  own: readonly number[];
}

const NONE: readonly number[] = [];
const NO_MATCHES: Match[] = [];

export interface AnswerIndex {
  content: Token[];
  /** The answer's generation: a key's positions, and a matcher's memo, belong to this answer when stamped with it. */
  gen: number;
  /** The distinct keys of the answer, each with its positions in `list`. */
  keys: Key[];
  numbers: number[];
  /** One single-word match per content position, made on first use. */
  singles: (Match | undefined)[];
}

/** Enough matches of one pattern to pick evidence from; more only costs time. */
const MATCH_CAP = 16;

function byStart(a: Match, b: Match): number {
  return a.s - b.s || a.e - b.e;
}

function combine(parts: Match[]): Match {
  let s = Infinity;
  let e = -Infinity;
  let typo = false;
  let cues: number[] | null = null;
  let own: number[] | null = null;
  for (const p of parts) {
    if (p.s < s) s = p.s;
    if (p.e > e) e = p.e;
    typo ||= p.typo;
    if (p.cues.length) (cues ??= []).push(...p.cues);
    if (p.own.length) (own ??= []).push(...p.own);
  }
  // A negator the pattern asks for does not negate the match it is part of.
  const outside = cues && own ? cues.filter((c) => !own.includes(c)) : (cues ?? NONE);
  return { s, e, negated: outside.length > 0, typo, cues: outside, own: own ?? NONE };
}

function single(ix: AnswerIndex, pos: number): Match {
  return (ix.singles[pos] ??= makeSingle(ix, pos));
}

function makeSingle(ix: AnswerIndex, pos: number): Match {
  const t = ix.content[pos];
  if (!t) return { s: pos, e: pos, negated: false, typo: false, cues: NONE, own: NONE };
  return {
    s: pos,
    e: pos,
    negated: t.negated,
    typo: t.typo,
    cues: t.negatedBy >= 0 ? [t.negatedBy] : NONE,
    own: opensNegation(t) ? [t.index] : NONE,
  };
}

function positions(ix: AnswerIndex, key: Key): Match[] {
  if (key.gen !== ix.gen) return NO_MATCHES;
  if (key.fg === ix.gen) return key.found as Match[];
  const list = key.list;
  const n = Math.min(list.length, MATCH_CAP * 4);
  const out = new Array<Match>(n);
  for (let i = 0; i < n; i++) out[i] = single(ix, list[i] ?? 0);
  key.fg = ix.gen;
  key.found = out;
  return out;
}

function fits(ix: AnswerIndex, within: Window, sentence: boolean, s: number, e: number): boolean {
  if (within === "answer") return true;
  if (within === "sentence") return ix.content[s]?.sentence === ix.content[e]?.sentence;
  // A numeric window may span sentences (bullet notes put one idea per line), unless the pattern says otherwise.
  return e - s <= within && (!sentence || ix.content[s]?.sentence === ix.content[e]?.sentence);
}

function matchSeq(ix: AnswerIndex, items: Matcher[]): Match[] {
  const first = items[0];
  if (!first) return [];
  let partial = find(ix, first);
  // Items by index: destructuring the rest would copy the array through an iterator on every call.
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as Matcher;
    if (partial.length === 0) return [];
    const next = find(ix, item);
    const grown: Match[] = [];
    // Both lists are sorted by start: walk them together.
    let j = 0;
    for (const p of partial) {
      while (j < next.length && (next[j]?.s ?? 0) <= p.e) j++;
      // A phrase never runs across punctuation: "a hit, and the ratio" is not "hit ratio".
      const clause = ix.content[p.e]?.clause;
      for (let k = j; k < next.length; k++) {
        const m = next[k];
        if (!m || m.s !== p.e + 1) break;
        if (ix.content[m.s]?.clause === clause) grown.push(combine([p, m]));
      }
    }
    partial = grown.length > 1 ? grown.sort(byStart) : grown;
  }
  return partial.length > MATCH_CAP ? partial.slice(0, MATCH_CAP) : partial;
}

/** Index of the last match starting at or before pos, or -1. */
function lastAtOrBefore(list: Match[], pos: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.s ?? 0) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Windows holding one match of every item, in any order: each match in turn
 * closes a window, and every other item takes its nearest earlier match that
 * is not the very same words as one already taken.
 */
function sweep(ix: AnswerIndex, lists: Match[][], within: Window, sentence: boolean): Match[] {
  const out: Match[] = [];
  let lastS = -1;
  let lastE = -1;
  // One array for every window, filled up to `n`: setting an array's length is a call into the runtime.
  const parts = new Array<Match>(lists.length);
  for (let item = 0; item < lists.length; item++) {
    for (const closing of lists[item] ?? []) {
      parts[0] = closing;
      let n = 1;
      let s = closing.s;
      let e = closing.e;
      for (let other = 0; other < lists.length && n > 0; other++) {
        if (other === item) continue;
        const list = lists[other] ?? [];
        let k = lastAtOrBefore(list, closing.s);
        while (k >= 0 && taken(parts, n, list[k])) k--;
        const pick = list[k];
        if (!pick) n = 0;
        else {
          parts[n++] = pick;
          if (pick.s < s) s = pick.s;
          if (pick.e > e) e = pick.e;
        }
      }
      if (n !== lists.length) continue;
      // The window is known before the parts are combined: most candidates end here.
      if (!fits(ix, within, sentence, s, e) || (s === lastS && e === lastE)) continue;
      lastS = s;
      lastE = e;
      out.push(combine(parts));
      if (out.length >= MATCH_CAP) return out.sort(byStart);
    }
  }
  return out.sort(byStart);
}

/** Whether a match covers the very same words as one of the first `n` already taken. */
function taken(parts: readonly Match[], n: number, m: Match | undefined): boolean {
  if (!m) return false;
  for (let i = 0; i < n; i++) {
    const p = parts[i] as Match;
    if (p.s === m.s && p.e === m.e) return true;
  }
  return false;
}

function firstAfter(list: Match[], pos: number): Match | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.s ?? 0) > pos) hi = mid;
    else lo = mid + 1;
  }
  return list[lo];
}

/** Each item of an all-of needs words of its own: one word cannot fill two items. */
function distinct(parts: Match[]): boolean {
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const a = parts[i];
      const b = parts[j];
      if (a && b && a.s === b.s && a.e === b.e) return false;
    }
  }
  return true;
}


function ordered(ix: AnswerIndex, lists: Match[][], within: Window, sentence: boolean): Match[] {
  const out: Match[] = [];
  for (const start of lists[0] ?? []) {
    const parts = [start];
    let last = start;
    for (let i = 1; i < lists.length; i++) {
      const next = firstAfter(lists[i] as Match[], last.e);
      if (!next) return out;
      parts.push(next);
      last = next;
    }
    let s = Infinity;
    let e = -Infinity;
    for (const p of parts) {
      if (p.s < s) s = p.s;
      if (p.e > e) e = p.e;
    }
    // The window is known before the parts are combined.
    if (fits(ix, within, sentence, s, e) && distinct(parts)) out.push(combine(parts));
    if (out.length >= MATCH_CAP) break;
  }
  return out;
}

function matchAll(ix: AnswerIndex, items: Matcher[], within: Window, inOrder: boolean, sentence: boolean): Match[] {
  // Items in order, stopping at the first that does not occur: the rest need not be computed.
  const lists: Match[][] = [];
  let negated = false;
  for (const item of items) {
    const list = find(ix, item);
    if (list.length === 0) return NO_MATCHES;
    lists.push(list);
    if (!negated) for (const m of list) if ((negated = m.negated)) break;
  }
  const run = inOrder ? ordered : sweep;
  if (!negated) return run(ix, lists, within, sentence);
  // A combination free of negation wins over one that has it.
  const clean = lists.map((l) => l.filter((m) => !m.negated));
  if (clean.every((l) => l.length > 0)) {
    const found = run(ix, clean, within, sentence);
    if (found.length) return found;
  }
  return run(ix, lists, within, sentence);
}

/**
 * Whether every word the matcher needs occurs in the answer at all: a cheap
 * look-up that spares building match lists for the many patterns that fail.
 */
export function possible(ix: AnswerIndex, m: Matcher): boolean {
  const gen = ix.gen;
  switch (m.t) {
    case "term":
    case "prefix":
      return m.k.gen === gen;
    case "keys":
      return anyFiled(m.ks, gen);
    case "num":
      return ix.numbers.length > 0;
    default: {
      // Compound nodes are shared (synonym groups): decide each once per answer.
      if (m.pg === gen) return m.possible;
      let ok: boolean;
      if (m.t === "any") {
        ok = false;
        for (const i of m.items) if ((ok = itemPossible(ix, i))) break;
      } else {
        ok = true;
        for (const i of m.items) if (!(ok = itemPossible(ix, i))) break;
      }
      m.pg = gen;
      m.possible = ok;
      return ok;
    }
  }
}

/** `possible` for an item of a compound matcher: a single word, as most items are, is asked directly. */
function itemPossible(ix: AnswerIndex, i: Matcher): boolean {
  return i.t === "term" || i.t === "prefix" ? i.k.gen === ix.gen : possible(ix, i);
}

/** Two sorted position lists as one, without repeats. */
function mergePositions(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] ?? 0) : Infinity;
    const y = j < b.length ? (b[j] ?? 0) : Infinity;
    const v = x <= y ? x : y;
    if (x === v) i++;
    if (y === v) j++;
    if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/** Two match lists sorted by start and end as one; on a tie the first list's match comes first (a stable sort of a + b). */
function mergeMatches(a: readonly Match[], b: readonly Match[]): Match[] {
  const out = new Array<Match>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Match;
    const y = b[j] as Match;
    if (byStart(y, x) < 0) {
      out[k++] = y;
      j++;
    } else {
      out[k++] = x;
      i++;
    }
  }
  while (i < a.length) out[k++] = a[i++] as Match;
  while (j < b.length) out[k++] = b[j++] as Match;
  return out;
}

/** Stems of what a bare number may count: "2 connections", "50 pods", "six nodes". */
const COUNTED = new Set(["connect", "conn", "pod", "node", "socket", "entri", "replica", "client", "thread", "request", "command", "call", "instanc", "server", "shard", "contain"]);

/** Whether the word right after the number at content position p names what it counts. */
function countsThings(ix: AnswerIndex, p: number): boolean {
  const next = ix.content[p + 1];
  return next !== undefined && next.kind === "word" && next.sentence === ix.content[p]?.sentence && COUNTED.has(next.key);
}

/** All matches of a matcher, ordered by position. Linear in the answer for each node. */
export function find(ix: AnswerIndex, m: Matcher): Match[] {
  if (m.t === "term" || m.t === "prefix") return positions(ix, m.k);
  if (m.t === "keys" && m.ks.length === 1) return m.ks[0] ? positions(ix, m.ks[0]) : NO_MATCHES;
  const memo = m as Memo<Match>;
  if (memo.fg === ix.gen) return memo.found;
  const out = possible(ix, m) ? compute(ix, m) : NO_MATCHES;
  memo.fg = ix.gen;
  memo.found = out;
  return out;
}

function compute(ix: AnswerIndex, m: Exclude<Matcher, { t: "term" } | { t: "prefix" }>): Match[] {
  switch (m.t) {
    case "num": {
      const out: Match[] = [];
      for (const p of ix.numbers) {
        const q = ix.content[p]?.qty;
        if (!q) continue;
        // An answer's bare number is compared as written: "15" matches "15 KB", "15000" does not.
        const raw = q.dim === null && m.dim !== null;
        // A pattern with `bare: false` has an empty range for such numbers.
        if (raw && !(m.rawMin <= m.rawMax)) continue;
        // Unless it counts things: "2 connections per pod" is no 2 ms (and no 2 KB).
        if (raw && m.dim !== "count" && countsThings(ix, p)) continue;
        const lo = raw ? m.rawMin : m.min;
        const hi = raw ? m.rawMax : m.max;
        // A pattern with no unit is a plain number: it matches counts, not "15 KB" or "30 s".
        const sameDim = q.dim === null || q.dim === m.dim || (m.dim === null && q.dim === "count");
        // Allow float noise from unit conversions (0.3 KB = 300 bytes).
        const eps = 1e-9 * Math.max(1, Math.abs(hi));
        if (sameDim && q.min <= hi + eps && q.max >= lo - eps) out.push(single(ix, p));
      }
      return out;
    }
    case "seq":
      return matchSeq(ix, m.items);
    case "keys": {
      let found: number[] | undefined;
      let only: Key | undefined;
      for (const key of m.ks) {
        if (key.gen !== ix.gen) continue;
        if (!only && !found) only = key;
        else {
          found = mergePositions(found ?? only?.list ?? [], key.list);
          only = undefined;
        }
      }
      // One word of the group occurs: its own (shared) match list.
      if (only) return positions(ix, only);
      if (!found) return NO_MATCHES;
      const n = Math.min(found.length, MATCH_CAP * 4);
      const out = new Array<Match>(n);
      for (let i = 0; i < n; i++) out[i] = single(ix, found[i] ?? 0);
      return out;
    }
    case "any": {
      let out: Match[] | undefined;
      for (const item of m.items) {
        const list = find(ix, item);
        if (list.length === 0) continue;
        out = out ? mergeMatches(out, list) : list;
      }
      if (!out) return NO_MATCHES;
      return out.length > MATCH_CAP * 4 ? out.slice(0, MATCH_CAP * 4) : out;
    }
    case "all":
      return matchAll(ix, m.items, m.within, m.ordered, m.sentence);
  }
}
