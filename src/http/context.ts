import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { KeyIdentity } from "../services/keys.js";
import type { BatchRunner } from "../services/batch-runner.js";
import type { RubricRegistry } from "../services/rubric-registry.js";

export type Logger = (entry: Record<string, unknown>) => void;

export interface AppDeps {
  db: Db;
  config: Config;
  rubrics: RubricRegistry;
  logger: Logger;
  clock: () => Date;
  /** Grades batches in the background; absent where nothing should run (OpenAPI generation). */
  runner?: BatchRunner;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    identity: KeyIdentity;
  };
}
