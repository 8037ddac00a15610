import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../src/db/client.js";
import { loadRegistry } from "../../src/services/rubric-registry.js";
import { inThreadScorer } from "../../src/services/batches.js";
import { WorkerScorer } from "../../src/services/worker-scorer.js";
import { fixture } from "../helpers.js";

// The built worker module (npm test builds first): the sources cannot run in a worker thread as they are.
const script = new URL("../../dist/src/services/score-worker.js", import.meta.url);

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "grader-worker-"));
  mkdirSync(join(dir, "rubrics"));
  copyFileSync(fixture("mini-rubric.yaml"), join(dir, "rubrics", "mini-cache.yaml"));
  const db = openDatabase(join(dir, "g.db"));
  migrateDatabase(db);
  const rubrics = loadRegistry(db, join(dir, "rubrics"), new Date(0));
  const deps = { db, rubrics, clock: () => new Date(0), maxAnswerLength: 20_000 };
  return { rubrics, fallback: inThreadScorer(deps) };
}

const items = [
  { seq: 0, external_id: null, candidate: null, round: "1", answer: "Cache the database result with a ttl so entries expire, and watch the hit ratio." },
  { seq: 1, external_id: null, candidate: null, round: "basics", answer: "Buy a bigger database." },
];

describe("scoring workers", () => {
  it("score like this thread, start with the first chunk, stop when idle and start again", async () => {
    const { rubrics, fallback } = setup();
    const workers = new WorkerScorer(rubrics, 20_000, 1, 50, script);
    const score = workers.scorer(fallback);
    expect(workers.running).toBe(0);
    const first = await score("mini-cache", items);
    expect(first).toEqual(await fallback("mini-cache", items));
    expect(workers.running).toBe(1);
    // The idle timer (50 ms) stops them; poll rather than guess how long a busy machine takes.
    for (let i = 0; i < 200 && workers.running > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(workers.running).toBe(0);
    expect(await score("mini-cache", items)).toEqual(first);
    expect(workers.running).toBe(1);
    await workers.close();
  });

  it("start ahead of the first chunk when warmed, and stop again if none comes", async () => {
    const { rubrics, fallback } = setup();
    const workers = new WorkerScorer(rubrics, 20_000, 2, 50, script);
    workers.warm();
    expect(workers.running).toBe(2);
    for (let i = 0; i < 200 && workers.running > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(workers.running).toBe(0);
    // Warmed again, then a chunk: it is scored by the warmed workers, like this thread would.
    workers.warm();
    expect(await workers.scorer(fallback)("mini-cache", items)).toEqual(await fallback("mini-cache", items));
    expect(workers.running).toBe(2);
    await workers.close();
  });

  it("spread chunks over the pool, with the same results", async () => {
    const { rubrics, fallback } = setup();
    const workers = new WorkerScorer(rubrics, 20_000, 2, 200, script);
    const score = workers.scorer(fallback);
    const results = await Promise.all([score("mini-cache", items), score("mini-cache", items), score("mini-cache", items)]);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(workers.running).toBe(2);
    await workers.close();
  });

  it.runIf(process.platform === "linux")("run below the priority of the thread serving requests", async () => {
    const { rubrics, fallback } = setup();
    const workers = new WorkerScorer(rubrics, 20_000, 1, 30_000, script);
    await workers.scorer(fallback)("mini-cache", items);
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value.
    const nice = (tid: string): number => Number(readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]?.split(" ")[16]);
    const threads = readdirSync("/proc/self/task").map(nice);
    expect(nice(String(process.pid))).toBe(0);
    expect(threads).toContain(10);
    await workers.close();
  });
});
