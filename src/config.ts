// The environment, parsed once. The only module that reads process.env.
import { availableParallelism } from "node:os";
import { z } from "zod";

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/grader.db"),
  RUBRICS_DIR: z.string().min(1).optional(),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  MAX_ANSWER_LENGTH: z.coerce.number().int().positive().default(20_000),
  LOG: z.enum(["json", "off"]).default("json"),
  MAX_BATCH_ITEMS: z.coerce.number().int().positive().default(100_000),
  MAX_BATCH_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  BATCH_CHUNK_SIZE: z.coerce.number().int().positive().max(10_000).default(50),
  /** Worker threads that score batch items; by default one per core but one, which the event loop keeps for requests. */
  SCORING_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().positive().max(20).default(6),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().positive().default(2_000),
  /** For `grader batch ...`: where the service runs and the key to call it with. */
  GRADER_SERVER: z.string().url().default("http://localhost:3000"),
  GRADER_KEY: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  rubricsDir: string | undefined;
  maxBodyBytes: number;
  maxAnswerLength: number;
  log: "json" | "off";
  maxBatchItems: number;
  maxBatchBytes: number;
  batchChunkSize: number;
  scoringWorkers: number;
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  server: string;
  key: string | undefined;
}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid environment: ${lines.join("; ")}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databasePath: c.DATABASE_PATH,
    rubricsDir: c.RUBRICS_DIR,
    maxBodyBytes: c.MAX_BODY_BYTES,
    maxAnswerLength: c.MAX_ANSWER_LENGTH,
    log: c.LOG,
    maxBatchItems: c.MAX_BATCH_ITEMS,
    maxBatchBytes: c.MAX_BATCH_BYTES,
    batchChunkSize: c.BATCH_CHUNK_SIZE,
    scoringWorkers: c.SCORING_WORKERS ?? Math.max(1, availableParallelism() - 1),
    webhookMaxAttempts: c.WEBHOOK_MAX_ATTEMPTS,
    webhookRetryBaseMs: c.WEBHOOK_RETRY_BASE_MS,
    server: c.GRADER_SERVER,
    key: c.GRADER_KEY,
  };
}
