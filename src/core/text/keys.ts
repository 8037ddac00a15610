// Interned index keys. Every stem, flag and prefix key is one shared object,
// so the scorer files an answer's words on the key itself (no hashing per
// look-up) and a compiled pattern asks its key directly whether the answer
// has it. Per-answer state is stamped with the answer's generation and reset
// lazily, so nothing has to be cleared between answers.

export interface Key {
  readonly s: string;
  /** Dense id of a key some compiled rubric uses (pinned), or -1. */
  readonly id: number;
  /** Generation of the answer `list` belongs to. */
  gen: number;
  /** Content-token positions of this key in the current answer. */
  list: number[];
  /** The scorer's matches made from `list`, valid when `fg` is the answer's generation. */
  fg: number;
  found: unknown[];
}

type MutableKey = { -readonly [P in keyof Key]: Key[P] };

/** A key no answer has filed yet, and not pinned (id -1). */
function newKey(s: string): MutableKey {
  return { s, id: -1, gen: 0, list: [], fg: 0, found: [] };
}

const pinned = new Map<string, MutableKey>();
let transient = new Map<string, MutableKey>();
const TRANSIENT_LIMIT = 100_000;

/** The key of a rubric word: kept for the life of the process, with a dense id. */
export function pinKey(s: string): Key {
  let k = pinned.get(s);
  if (k) return k;
  // An answer may already have met this word: keep its object, so every
  // memoised word that points to it stays valid.
  k = transient.get(s) ?? newKey(s);
  transient.delete(s);
  k.id = pinned.size;
  pinned.set(s, k);
  return k;
}

/** The key of an answer word: the rubric's own when pinned, otherwise a transient one. */
export function keyOf(s: string): Key {
  const p = pinned.get(s);
  if (p) return p;
  let k = transient.get(s);
  if (!k) {
    k = newKey(s);
    transient.set(s, k);
  }
  return k;
}

/**
 * Forgets transient keys once there are too many. The caller must drop every
 * memo that holds one (the tokenizer's word memo), and must call this only
 * between answers, so two words of one answer never get two objects for one key.
 */
export function trimTransientKeys(): boolean {
  if (transient.size < TRANSIENT_LIMIT) return false;
  transient = new Map();
  return true;
}

/** The key of what is never matched or filed (punctuation): no rubric has it. */
export const NO_KEY: Key = newKey("");

let generation = 0;

/** Starts a new answer: every key's positions from earlier answers become stale. */
export function nextGeneration(): number {
  generation = (generation + 1) | 0;
  if (generation === 0) generation = 1;
  return generation;
}

/** Files a content position on a key for the answer of generation `gen`; true when the key is new to it. */
export function fileKey(k: Key, gen: number, pos: number): boolean {
  const m = k as MutableKey;
  if (m.gen !== gen) {
    m.gen = gen;
    m.list = [pos];
    return true;
  }
  m.list.push(pos);
  return false;
}

/** Whether the answer of generation `gen` has filed any of these keys. */
export function anyFiled(keys: readonly Key[], gen: number): boolean {
  for (let i = 0; i < keys.length; i++) if ((keys[i] as Key).gen === gen) return true;
  return false;
}
