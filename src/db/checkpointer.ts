// Runs WAL checkpoints on a background thread instead of inside the server's
// commits. While it runs, the server's connection checkpoints only as a rare
// backstop; if the thread fails, SQLite's usual automatic checkpoints come back.
import { Worker } from "node:worker_threads";
import type { Db } from "./client.js";

/** SQLite's own default, restored if the background thread is lost. */
const AUTO_CHECKPOINT_PAGES = 1000;
/**
 * While the thread runs, the server's commits still checkpoint when the WAL
 * passes this many pages (64 MiB): by then the thread has copied almost all of
 * it, so that checkpoint is short, and it lets the WAL start over. Under a
 * steady stream of writes the thread's own checkpoints never catch up with the
 * last frame, and the WAL would otherwise only grow.
 */
const BACKSTOP_PAGES = 16384;

export class Checkpointer {
  private readonly worker: Worker;
  private stopped = false;

  constructor(
    private readonly db: Db,
    path: string,
    intervalMs = 500,
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
