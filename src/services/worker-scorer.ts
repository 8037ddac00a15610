// The server's side of the scoring worker: one chunk in flight at a time,
// and scoring on this thread instead if the worker cannot be used.
import { Worker } from "node:worker_threads";
import type { ChunkScorer, PendingItem } from "./batches.js";
import type { RubricRegistry } from "./rubric-registry.js";
import type { StoredScore } from "./stored-score.js";
import type { WorkerRequest, WorkerResponse } from "./score-worker.js";

export class WorkerScorer {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (s: StoredScore[]) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;

  constructor(registry: RubricRegistry, maxAnswerLength: number) {
    const rubrics = [...registry.values()].map((r) => ({ name: r.compiled.id, source: r.source }));
    this.worker = new Worker(new URL("./score-worker.js", import.meta.url), { workerData: { rubrics, maxAnswerLength } });
    this.worker.unref();
    this.worker.on("message", (res: WorkerResponse) => {
      const w = this.waiting.get(res.id);
      if (!w) return;
      this.waiting.delete(res.id);
      if ("error" in res) w.reject(new Error(res.error));
      else w.resolve(res.scores);
    });
    const fail = (e: Error): void => {
      this.dead = e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`scoring worker exited with ${code}`)));
  }

  /** A ChunkScorer that uses the worker, or `fallback` once the worker is gone. */
  scorer(fallback: ChunkScorer): ChunkScorer {
    return (rubric: string, items: readonly PendingItem[]) => {
      if (this.dead) return fallback(rubric, items);
      const id = this.next++;
      const req: WorkerRequest = { id, rubric, items: items.map((i) => ({ round: i.round, answer: i.answer })) };
      const viaWorker = new Promise<StoredScore[]>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        this.worker.postMessage(req);
      });
      // A worker that died mid-chunk leaves the chunk to this thread; a scoring error stays an error.
      return viaWorker.catch((e: Error) => (this.dead ? fallback(rubric, items) : Promise.reject(e)));
    };
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
