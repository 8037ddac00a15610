// A real server killed with SIGKILL in the middle of a batch resumes on the
// next start from its last committed chunk: every item ends with exactly one
// grading, none lost, none graded twice.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/services/rubrics.js";

const cli = join(packageRoot(), "dist/src/cli/main.js");

function serve(env: NodeJS.ProcessEnv): { child: ChildProcess; port: Promise<number> } {
  const child = spawn(process.execPath, [cli, "serve"], { env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const port = new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /"msg":"listening","port":(\d+)/.exec(out);
      if (m?.[1]) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}`)));
  });
  return { child, port };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("crash safety", () => {
  it("resumes a batch after kill -9 and grades every item exactly once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grader-crash-"));
    const env = { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: join(dir, "g.db"), LOG: "json", BATCH_CHUNK_SIZE: "25" };
    const key = spawnSync(process.execPath, [cli, "keys", "create", "--org", "acme"], { env, encoding: "utf8" }).stdout.trim();
    const total = 3000;
    const items = Array.from({ length: total }, (_, i) => ({
      candidate: `cand-${i % 97}`,
      externalId: `item-${i}`,
      round: 1 + (i % 5),
      answer: `Answer ${i}: I would check conntrack -S and dmesg, then pool the Redis connections and raise maxclients with ulimit -n.`,
    }));
    const first = serve(env);
    const port = await first.port;
    const auth = { authorization: `Bearer ${key}` };
    const res = await fetch(`http://127.0.0.1:${port}/v1/batches`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ rubric: "network-latency-spikes", items }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    let processed = 0;
    for (let i = 0; i < 400 && processed < 100; i++) {
      await sleep(10);
      processed = ((await (await fetch(`http://127.0.0.1:${port}/v1/batches/${id}`, { headers: auth })).json()) as { processed: number }).processed;
    }
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.on("exit", r));

    const db = new Database(env.DATABASE_PATH, { readonly: true });
    const midway = db.prepare("select processed, status from batches where id = ?").get(id) as { processed: number; status: string };
    const linked = (db.prepare("select count(*) as n from batch_items where batch_id = ? and grading_id is not null").get(id) as { n: number }).n;
    db.close();
    expect(midway.processed).toBeGreaterThan(0);
    expect(midway.processed).toBeLessThan(total);
    expect(linked).toBe(midway.processed);

    const second = serve(env);
    const port2 = await second.port;
    let status = "";
    for (let i = 0; i < 600 && status !== "completed"; i++) {
      await sleep(50);
      status = ((await (await fetch(`http://127.0.0.1:${port2}/v1/batches/${id}`, { headers: auth })).json()) as { status: string }).status;
    }
    second.child.kill("SIGTERM");
    await new Promise((r) => second.child.on("exit", r));
    expect(status).toBe("completed");

    const check = new Database(env.DATABASE_PATH, { readonly: true });
    const batch = check.prepare("select processed, total from batches where id = ?").get(id) as { processed: number; total: number };
    const facts = check
      .prepare(
        `select count(*) as items, count(grading_id) as linked, count(distinct grading_id) as distinct_gradings,
                (select count(*) from gradings) as gradings,
                (select count(distinct external_id) from gradings) as distinct_external
         from batch_items where batch_id = ?`,
      )
      .get(id);
    check.close();
    expect(batch).toEqual({ processed: total, total });
    expect(facts).toEqual({ items: total, linked: total, distinct_gradings: total, gradings: total, distinct_external: total });
  }, 120_000);
});
