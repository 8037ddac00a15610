// Runs WAL checkpoints on a background thread instead of inside the server's
// commits. While it runs, the server's connection checkpoints only as a rare
// backstop; if the thread fails, SQLite's usual automatic checkpoints come back.
import { Worker } from "node:worker_threads";
import type { Db } from "./client.js";

/** SQLite's own default, restored if the background thread is lost. */
const AUTO_CHECKPOINT_PAGES = 1000;
/**
 * While the thread runs, the server's commits still checkpoint when the WAL
 * passes this many pages (256 MiB), which lets the WAL start over: under a
 * steady stream of writes the thread's own checkpoints never catch up with the
 * last frame, and the WAL would otherwise only grow. That checkpoint stalls the
 * commit that runs it for 100-250 ms on a slow disk, so it must be rare: at
 * 64 MiB a 100,000-item batch hit it about nine times, and single gradings
 * made during the batch felt it in their p99. The WAL file keeps its size for
 * reuse (cutting it back with journal_size_limit doubled the stalls).
 */
const BACKSTOP_PAGES = 65536;

export class Checkpointer {
  private readonly worker: Worker;
  private stopped = false;

  constructor(
    private readonly db: Db,
    path: string,
    intervalMs = 200,
    script = new URL("./checkpoint-worker.js", import.meta.url),
  ) {
    db.$client.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    this.worker = new Worker(script, { workerData: { path, intervalMs } });
    this.worker.unref();
    const lost = (): void => {
      if (this.stopped) return;
      this.stopped = true;
      // Never let the WAL grow without bound: the commits checkpoint again.
      this.handBack();
    };
    this.worker.on("error", lost);
    this.worker.on("exit", lost);
  }

  /** Stops the thread and leaves the database with automatic checkpoints on. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const done = new Promise<void>((resolve) => {
      this.worker.once("exit", () => resolve());
      this.worker.once("message", () => resolve());
    });
    this.worker.postMessage("stop");
    await done;
    await this.worker.terminate();
    this.handBack();
  }

  /** SQLite's usual automatic checkpoints, on the server's own connection. */
  private handBack(): void {
    if (this.db.$client.open) this.db.$client.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  }
}
