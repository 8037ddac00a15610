// `grader batch submit` against a real server: upload, progress, results file.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvLine } from "../../src/core/csv.js";
import { packageRoot } from "../../src/services/rubrics.js";

const cli = join(packageRoot(), "dist/src/cli/main.js");
let dir: string;
let server: ChildProcess;
let url: string;
let key: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "grader-batch-cli-"));
  const env = { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: join(dir, "g.db"), LOG: "json" };
  key = spawnSync(process.execPath, [cli, "keys", "create", "--org", "acme"], { env, encoding: "utf8" }).stdout.trim();
  server = spawn(process.execPath, [cli, "serve"], { env, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve) => {
    let out = "";
    server.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /"msg":"listening","port":(\d+)/.exec(out);
      if (m?.[1]) resolve(Number(m[1]));
    });
  });
  url = `http://127.0.0.1:${port}`;
});

afterAll(() => {
  server.kill("SIGTERM");
});

const grader = (args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, GRADER_SERVER: url, GRADER_KEY: key } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });

describe("grader batch", () => {
  it("submits a CSV, waits for it, and writes the results CSV", async () => {
    const file = join(dir, "cohort.csv");
    const rows = ["candidate,round,answer,externalId\n"];
    for (let i = 0; i < 60; i++) rows.push(csvLine([`cand-${i % 12}`, 1 + (i % 5), `Answer ${i}: pool the Redis connections, check conntrack -S, dmesg.`, `sub-${i}`]));
    writeFileSync(file, rows.join(""));
    const r = await grader(["batch", "submit", file, "--rubric", "network-latency-spikes"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/60 item\(s\) queued/);
    expect(r.stderr).toMatch(/completed: 60\/60 graded/);
    const out = readFileSync(join(dir, "cohort.results.csv"), "utf8").trim().split("\n");
    expect(out[0]).toBe("candidate,externalId,round,classification,score,maxScore,missing,needsReview,reviewedClassification,row,gradingId");
    expect(out).toHaveLength(61);
    expect(out[1]).toMatch(/^cand-0,sub-0,1,(weak|strong|senior),/);
    const id = /batch ([0-9a-f-]{36})/.exec(r.stderr)?.[1] ?? "";
    const status = await grader(["batch", "status", id]);
    expect(JSON.parse(status.stdout)).toMatchObject({ id, status: "completed", processed: 60 });
    const nd = await grader(["batch", "results", id, "--format", "ndjson"]);
    expect(nd.stdout.trim().split("\n")).toHaveLength(60);
  });

  it("reports each bad row and exits non-zero, or skips them on request", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, "candidate,round,answer\nann,1,fine answer about conntrack\nbob,42,round does not exist\n");
    const r = await grader(["batch", "submit", file, "--rubric", "network-latency-spikes"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/row 3: round: "42" is not a round of this rubric/);
    const skipped = await grader(["batch", "submit", file, "--rubric", "network-latency-spikes", "--skip-invalid", "--output", join(dir, "bad.out.csv")]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toMatch(/skipped row 3/);
    expect(readFileSync(join(dir, "bad.out.csv"), "utf8").trim().split("\n")).toHaveLength(2);
  });
});
