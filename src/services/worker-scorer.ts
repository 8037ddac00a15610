// The server's side of the scoring workers: chunks go to the least busy
// worker thread, and are scored on this thread instead if no worker can be used.
import { Worker } from "node:worker_threads";
import type { ChunkScorer, PendingItem } from "./batches.js";
import type { RubricRegistry } from "./rubric-registry.js";
import type { StoredScore } from "./stored-score.js";
import type { WorkerRequest, WorkerResponse, WorkerRubric } from "./score-worker.js";

interface Waiting {
  resolve: (s: StoredScore[]) => void;
  reject: (e: Error) => void;
}

class ScoringThread {
  readonly worker: Worker;
  readonly waiting = new Map<number, Waiting>();
  dead: Error | null = null;

  constructor(script: URL, rubrics: WorkerRubric[], maxAnswerLength: number) {
    this.worker = new Worker(script, { workerData: { rubrics, maxAnswerLength } });
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
}

export class WorkerScorer {
  private threads: ScoringThread[] = [];
  private next = 1;
  private readonly count: number;
  private readonly rubrics: WorkerRubric[];
  private idleTimer: NodeJS.Timeout | null = null;

  /**
   * `threads` scoring workers (at least one), started when the first chunk
   * comes and stopped after `idleMs` without work: an idle server holds none.
   */
  constructor(
    registry: RubricRegistry,
    private readonly maxAnswerLength: number,
    threads = 1,
    private readonly idleMs = 30_000,
    /** The worker's module; tests running from sources pass the built one. */
    private readonly script = new URL("./score-worker.js", import.meta.url),
  ) {
    // The validated form of each rubric: the worker compiles it without parsing YAML again.
    this.rubrics = [...registry.values()].map((r) => ({ name: r.compiled.id, rubric: r.compiled.source, phrases: r.compiled.phrases }));
    this.count = Math.max(1, threads);
  }

  /** Worker threads running now. */
  get running(): number {
    return this.threads.length;
  }

  /** How many chunks the workers can usefully hold at once. */
  get depth(): number {
    return 2 * this.count + 1;
  }

  /**
   * Starts the workers ahead of the first chunk (while an upload is still being read), so they have
   * compiled their rubrics and warmed up by the time items are stored. They stop again after idleMs
   * if no chunk comes.
   */
  warm(): void {
    if (this.threads.length > 0) return;
    this.start();
    this.settled();
  }

  private start(): void {
    this.threads = Array.from({ length: this.count }, () => new ScoringThread(this.script, this.rubrics, this.maxAnswerLength));
  }

  /** A ChunkScorer that uses the least busy live worker, or `fallback` once every worker is gone. */
  scorer(fallback: ChunkScorer): ChunkScorer {
    return (rubric: string, items: readonly PendingItem[]) => {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      if (this.threads.length === 0) this.start();
      let thread: ScoringThread | undefined;
      for (const t of this.threads) if (!t.dead && (!thread || t.waiting.size < thread.waiting.size)) thread = t;
      if (!thread) return fallback(rubric, items);
      const chosen = thread;
      const id = this.next++;
      const req: WorkerRequest = { id, rubric, items: items.map((i) => ({ round: i.round, answer: i.answer })) };
      const viaWorker = new Promise<StoredScore[]>((resolve, reject) => {
        chosen.waiting.set(id, { resolve, reject });
        chosen.worker.postMessage(req);
      });
      // A worker that died mid-chunk leaves the chunk to this thread; a scoring error stays an error.
      return viaWorker
        .catch((e: Error) => (chosen.dead ? fallback(rubric, items) : Promise.reject(e)))
        .finally(() => this.settled());
    };
  }

  /** Once no chunk is in flight, stop the workers after idleMs (they start again with the next chunk). */
  private settled(): void {
    if (this.idleTimer || this.threads.some((t) => t.waiting.size > 0)) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.threads.some((t) => t.waiting.size > 0)) return;
      const stopping = this.threads;
      this.threads = [];
      for (const t of stopping) void t.worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
