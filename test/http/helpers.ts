// A fresh app on a fresh temporary database per test, and a check of every
// response against openapi.yaml.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { expect } from "vitest";
import { createApp } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { migrateDatabase, openDatabase } from "../../src/db/client.js";
import { createKey, type Scope } from "../../src/services/keys.js";
import { BatchRunner } from "../../src/services/batch-runner.js";
import { loadRegistry } from "../../src/services/rubric-registry.js";
import { defaultRubricsDir, packageRoot } from "../../src/services/rubrics.js";
import { fixture } from "../helpers.js";

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: ReturnType<typeof openDatabase>;
  logs: Record<string, unknown>[];
  runner: BatchRunner;
  dir: string;
  key: (org: string, scopes?: Scope[], name?: string) => string;
  call: (method: string, path: string, opts?: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> }) => Promise<Response>;
}

export function testApp(opts: { rubricsDir?: string; env?: Record<string, string>; withGauntlet?: boolean } = {}): TestApp {
  const dir = mkdtempSync(join(tmpdir(), "grader-api-"));
  let rubricsDir = opts.rubricsDir;
  if (!rubricsDir) {
    rubricsDir = join(dir, "rubrics");
    mkdirSync(rubricsDir);
    copyFileSync(fixture("mini-rubric.yaml"), join(rubricsDir, "mini-cache.yaml"));
    if (opts.withGauntlet) copyFileSync(join(defaultRubricsDir(), "network-latency-spikes.yaml"), join(rubricsDir, "network-latency-spikes.yaml"));
  }
  const config = parseConfig({ DATABASE_PATH: join(dir, "grader.db"), ...opts.env });
  const db = openDatabase(config.databasePath);
  migrateDatabase(db);
  let tick = Date.parse("2026-01-01T00:00:00.000Z");
  const clock = () => new Date((tick += 1000));
  const logs: Record<string, unknown>[] = [];
  const rubrics = loadRegistry(db, rubricsDir, clock());
  const logger = (e: Record<string, unknown>) => logs.push(e);
  const runner = new BatchRunner({ db, rubrics, clock, logger, maxAnswerLength: config.maxAnswerLength }, config.batchChunkSize, {
    maxAttempts: config.webhookMaxAttempts,
    baseDelayMs: config.webhookRetryBaseMs,
    timeoutMs: 10_000,
  });
  const app = createApp({ db, config, rubrics, logger, clock, runner });
  return {
    app,
    db,
    logs,
    runner,
    dir,
    key: (org, scopes = ["grade", "read"], name = "test key") => createKey(db, { org, name, scopes, now: clock() }).key,
    call: (method, path, o = {}) => {
      const headers: Record<string, string> = { ...o.headers };
      if (o.key) headers.authorization = `Bearer ${o.key}`;
      let body: string | undefined = o.raw;
      if (o.body !== undefined) body = JSON.stringify(o.body);
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
      return Promise.resolve(app.request(path, { method, headers, body }));
    },
  };
}

const spec = parse(readFileSync(join(packageRoot(), "openapi.yaml"), "utf8")) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(spec as object, "openapi");
const pointer = (s: string): string => s.replaceAll("~", "~0").replaceAll("/", "~1");

/** Parses the body and checks it against the response schema openapi.yaml gives for this route and status. */
export async function documented(res: Response, method: string, template: string): Promise<Record<string, unknown>> {
  const status = String(res.status);
  const responses = spec.paths[template]?.[method.toLowerCase()]?.responses;
  expect(responses, `${method} ${template} is in openapi.yaml`).toBeDefined();
  expect(Object.keys(responses ?? {}), `${method} ${template} documents status ${status}`).toContain(status);
  const type = (res.headers.get("content-type") ?? "").split(";")[0] ?? "";
  const content = responses?.[status]?.content ?? {};
  expect(Object.keys(content), `${method} ${template} ${status} documents ${type}`).toContain(type);
  const body = (await res.json()) as Record<string, unknown>;
  const ref = `openapi#/paths/${pointer(template)}/${method.toLowerCase()}/responses/${status}/content/${pointer(type)}/schema`;
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  const ok = validate(body);
  expect(ok, JSON.stringify(validate.errors)).toBe(true);
  return body;
}
