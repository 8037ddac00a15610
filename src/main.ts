// The service: parseConfig -> openDatabase -> migrate -> load rubrics -> createApp -> serve.
// SIGTERM/SIGINT: stop accepting, let requests in flight finish, close the database, exit 0.
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { parseConfig, type Config } from "./config.js";
import { migrateDatabase, openDatabase } from "./db/client.js";
import type { Logger } from "./http/context.js";
import { BatchRunner } from "./services/batch-runner.js";
import { inThreadScorer } from "./services/batches.js";
import { WorkerScorer } from "./services/worker-scorer.js";
import { Checkpointer } from "./db/checkpointer.js";
import { discardUnfinishedUploads } from "./services/batches.js";
import { loadRegistry } from "./services/rubric-registry.js";
import { defaultRubricsDir } from "./services/rubrics.js";

const DRAIN_TIMEOUT_MS = 10_000;

export function startServer(config: Config = parseConfig()): Promise<{ port: number; close: () => Promise<void> }> {
  const logger: Logger = config.log === "off" ? () => {} : (entry) => process.stdout.write(JSON.stringify(entry) + "\n");
  const clock = () => new Date();
  const db = openDatabase(config.databasePath);
  migrateDatabase(db);
  // WAL checkpoints on their own thread, not inside the commits of requests and batch chunks.
  const checkpointer = config.databasePath === ":memory:" ? null : new Checkpointer(db, config.databasePath);
  const rubrics = loadRegistry(db, config.rubricsDir ?? defaultRubricsDir(), clock());
  const discarded = discardUnfinishedUploads(db);
  if (discarded) logger({ time: clock().toISOString(), level: "warn", msg: "discarded uploads a stopped process left half stored", batches: discarded });
  const gradingDeps = { db, rubrics, clock, maxAnswerLength: config.maxAnswerLength };
  // Batch items are scored on worker threads; storing them stays here, in one transaction per chunk.
  const worker = new WorkerScorer(rubrics, config.maxAnswerLength, config.scoringWorkers);
  const runner = new BatchRunner(
    { ...gradingDeps, logger },
    config.batchChunkSize,
    { maxAttempts: config.webhookMaxAttempts, baseDelayMs: config.webhookRetryBaseMs, timeoutMs: 10_000 },
    worker.scorer(inThreadScorer(gradingDeps, 8)),
    worker.depth,
    () => worker.warm(),
  );
  const app = createApp({ db, config, rubrics, logger, clock, runner });
  // Batches a previous run left queued or half graded resume from their last committed chunk.
  runner.kick();
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
      logger({ time: clock().toISOString(), level: "info", msg: "listening", port: info.port, database: config.databasePath, rubrics: [...rubrics.keys()] });
      const close = (): Promise<void> =>
        new Promise((done) => {
          const force = setTimeout(() => {
            if ("closeAllConnections" in server) (server as { closeAllConnections(): void }).closeAllConnections();
          }, DRAIN_TIMEOUT_MS);
          force.unref();
          // Stops accepting; in-flight requests finish; keep-alive sockets close when idle.
          if ("closeIdleConnections" in server) (server as { closeIdleConnections(): void }).closeIdleConnections();
          server.close(async () => {
            clearTimeout(force);
            await runner.stop();
            await worker.close();
            await checkpointer?.stop();
            db.$client.close();
            logger({ time: clock().toISOString(), level: "info", msg: "stopped" });
            done();
          });
        });
      resolve({ port: info.port, close });
    });
  });
}

export async function runServer(): Promise<void> {
  const { close } = await startServer();
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
