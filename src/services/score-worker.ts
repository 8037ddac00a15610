// A worker thread that scores batch items, so grading a batch does not hold
// the server's event loop. It compiles the rubrics the server loaded and
// validated (same content hash, same version) and answers one chunk per message.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { compileRubric, findRound, score, type CompiledRubric, type PhraseTable, type Rubric } from "../core/index.js";
import { storedScore, type StoredScore } from "./stored-score.js";

export interface WorkerRequest {
  id: number;
  rubric: string;
  items: { round: string; answer: string }[];
}

/** A rubric as the server validated it (the same version it records), compiled here. */
export interface WorkerRubric {
  name: string;
  rubric: Rubric;
  /** Its pattern phrases as already tokenized. */
  phrases: PhraseTable;
}

export type WorkerResponse = { id: number; scores: StoredScore[] } | { id: number; error: string };

/** Nice value of a scoring thread: when the two compete for a core, the event loop serving requests wins. */
const SCORING_NICE = 10;

// On Linux /proc/thread-self names this thread, and a thread's priority can be set alone.
// Elsewhere, or if it is not allowed, the worker keeps the process's priority.
try {
  const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, SCORING_NICE);
} catch {
  // not Linux, or not permitted
}

const { rubrics, maxAnswerLength } = workerData as { rubrics: WorkerRubric[]; maxAnswerLength: number };
const compiled = new Map<string, CompiledRubric>();
for (const r of rubrics) {
  const c = compileRubric(r.rubric, r.name, r.phrases);
  compiled.set(c.id, c);
}

/** Passes over each rubric's examples before the first chunk: the scorer's code is compiled and hot when items come. */
const WARM_UP_PASSES = 30;
for (const c of compiled.values()) {
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) {
    for (const ex of c.examples) {
      const round = findRound(c, ex.round);
      if (round) score(round, ex.answer, { maxLength: maxAnswerLength });
    }
  }
}

parentPort?.on("message", (req: WorkerRequest) => {
  try {
    const rubric = compiled.get(req.rubric);
    if (!rubric) throw new Error(`rubric "${req.rubric}" is not loaded`);
    const scores = req.items.map((it) => {
      const round = findRound(rubric, it.round);
      if (!round) throw new Error(`rubric "${req.rubric}" has no round "${it.round}"`);
      return storedScore(round, score(round, it.answer, { maxLength: maxAnswerLength }));
    });
    parentPort?.postMessage({ id: req.id, scores } satisfies WorkerResponse);
  } catch (e) {
    parentPort?.postMessage({ id: req.id, error: (e as Error).message } satisfies WorkerResponse);
  }
});
