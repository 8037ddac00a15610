// Grades stored batch items in the background, a chunk at a time, yielding
// to the event loop between chunks so single gradings stay responsive.
import { ApiError } from "./errors.js";
import { gradeChunks, inThreadScorer, unfinishedBatches, type ChunkScorer } from "./batches.js";
import type { GradingDeps } from "./gradings.js";
import { DEFAULT_WEBHOOK_OPTIONS, deliverDue, enqueueEnded, pendingDeliveries, type WebhookOptions } from "./webhooks.js";

export interface RunnerDeps extends GradingDeps {
  logger: (entry: Record<string, unknown>) => void;
}

/** Longest the runner grades on this thread before it commits and lets requests in. */
const SLICE_MS = 8;
/** Chunks of one batch before the runner turns to the next batch. */
const CHUNKS_PER_TURN = 50;
/** Chunks handed to a worker scorer ahead of the one being stored, unless the caller says. */
const WORKER_DEPTH = 3;

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class BatchRunner {
  private loop: Promise<void> | null = null;
  private stopping = false;

  private timer: NodeJS.Timeout | null = null;
  private readonly scorer: ChunkScorer;
  private readonly depth: number;

  /** `scorer` defaults to scoring on this thread in slices of SLICE_MS; the server passes its worker. */
  constructor(
    private readonly deps: RunnerDeps,
    private readonly chunkSize: number,
    private readonly webhooks: WebhookOptions = DEFAULT_WEBHOOK_OPTIONS,
    scorer?: ChunkScorer,
    depth = WORKER_DEPTH,
    /** Gets the scorer ready ahead of a batch (the server starts its workers). */
    private readonly prepareScorer: () => void = () => {},
  ) {
    this.scorer = scorer ?? inThreadScorer(deps, SLICE_MS);
    // Scoring on this thread gains nothing from running ahead; a worker does.
    this.depth = scorer ? depth : 1;
  }

  /** A batch upload has begun: the scorer gets ready while its items are read and stored. */
  prepare(): void {
    this.prepareScorer();
  }

  /** Starts grading whatever is queued or unfinished (also what a crash left behind). */
  kick(): void {
    if (this.loop || this.stopping) return;
    this.loop = this.run().finally(() => {
      this.loop = null;
    });
  }

  /** Resolves when nothing is left to grade (tests), or when stopped. */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  /** Finishes the chunk in progress and stops; the rest resumes at the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }

  private async run(): Promise<void> {
    // Never grade inside the request that queued the batch.
    await nextTick();
    for (;;) {
      enqueueEnded(this.deps.db, this.deps.clock());
      await deliverDue(this.deps.db, this.deps.clock, this.webhooks);
      const ids = unfinishedBatches(this.deps.db);
      if (ids.length === 0 || this.stopping) {
        // Retries that are not due yet: look again when the first one is.
        if (!this.stopping && pendingDeliveries(this.deps.db) > 0 && !this.timer) {
          this.timer = setTimeout(() => {
            this.timer = null;
            this.kick();
          }, Math.min(this.webhooks.baseDelayMs, 1_000));
          this.timer.unref();
        }
        return;
      }
      // One chunk of each unfinished batch in turn: no batch starves another.
      for (const id of ids) {
        if (this.stopping) return;
        try {
          // A few chunks per batch in turn, pipelined, yielding to requests between chunks.
          await gradeChunks(this.deps, id, this.chunkSize, this.scorer, CHUNKS_PER_TURN, nextTick, this.depth);
        } catch (e) {
          const message = e instanceof ApiError ? e.detail : String(e);
          this.deps.db.$client
            .prepare("update batches set status = 'failed', error = ?, finished_at = ? where id = ?")
            .run(message, this.deps.clock().getTime(), id);
          this.deps.logger({ time: this.deps.clock().toISOString(), level: "error", msg: "batch failed", batch: id, error: message });
        }
        await nextTick();
      }
    }
  }
}
