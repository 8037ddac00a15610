// `grader batch ...`: the recruiter's door to the batch API over HTTP.
import { createWriteStream, readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Io } from "./commands.js";
import { progressBar } from "./progress.js";

export interface Remote {
  server: string;
  key: string;
}

const TYPES: Record<string, string> = { ".csv": "text/csv", ".ndjson": "application/x-ndjson", ".jsonl": "application/x-ndjson", ".json": "application/json" };
const TERMINAL = new Set(["completed", "failed", "cancelled"]);

async function call(remote: Remote, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { authorization: `Bearer ${remote.key}`, ...(init.headers as Record<string, string> | undefined) };
  return fetch(new URL(path, remote.server), { ...init, headers });
}

async function problem(io: Io, res: Response): Promise<number> {
  const text = await res.text();
  try {
    const p = JSON.parse(text) as { title?: string; detail?: string; rows?: { row: number; field: string; message: string }[]; errors?: { field: string; message: string }[] };
    io.stderr(`${res.status} ${p.title ?? ""}: ${p.detail ?? ""}\n`);
    for (const r of p.rows ?? []) io.stderr(`  row ${r.row}: ${r.field}: ${r.message}\n`);
    if (!p.rows) for (const e of p.errors ?? []) io.stderr(`  ${e.field}: ${e.message}\n`);
  } catch {
    io.stderr(`${res.status}: ${text}\n`);
  }
  return 1;
}

interface BatchView {
  id: string;
  status: string;
  total: number;
  processed: number;
  counts: Record<string, number>;
  needsReview: number;
  skipped: { row: number; field: string; message: string }[];
}

export async function downloadResults(io: Io, remote: Remote, id: string, format: string, output?: string): Promise<number> {
  const res = await call(remote, `/v1/batches/${encodeURIComponent(id)}/results?format=${format === "csv" ? "csv" : "ndjson"}`);
  if (!res.ok || !res.body) return problem(io, res);
  const source = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
  if (output) await pipeline(source, createWriteStream(output));
  else for await (const chunk of source) io.stdout((chunk as Buffer).toString());
  return 0;
}

export async function submitBatch(
  io: Io,
  remote: Remote,
  opts: { file: string; rubric: string; skipInvalid: boolean; output?: string; format?: string; pollMs?: number },
): Promise<number> {
  const type = TYPES[extname(opts.file).toLowerCase()];
  if (!type) throw new Error(`${opts.file}: use a .csv, .ndjson, .jsonl or .json file`);
  const body = readFileSync(opts.file, "utf8");
  const query = new URLSearchParams({ rubric: opts.rubric, ...(opts.skipInvalid ? { skipInvalid: "true" } : {}) });
  const res = await call(remote, `/v1/batches?${query}`, { method: "POST", headers: { "content-type": type }, body });
  if (res.status !== 202) return problem(io, res);
  let batch = (await res.json()) as BatchView;
  io.stderr(`batch ${batch.id}: ${batch.total} item(s) queued${batch.skipped.length ? `, ${batch.skipped.length} invalid row(s) skipped` : ""}\n`);
  for (const s of batch.skipped) io.stderr(`  skipped row ${s.row}: ${s.field}: ${s.message}\n`);
  const bar = progressBar(batch.total, "grading");
  while (!TERMINAL.has(batch.status)) {
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
    const poll = await call(remote, `/v1/batches/${batch.id}`);
    if (!poll.ok) return problem(io, poll);
    batch = (await poll.json()) as BatchView;
    bar.tick(batch.processed);
  }
  bar.end();
  io.stderr(`${batch.status}: ${batch.processed}/${batch.total} graded; weak ${batch.counts.weak}, strong ${batch.counts.strong}, senior ${batch.counts.senior}; ${batch.needsReview} need review\n`);
  const format = opts.format ?? (opts.output && !opts.output.endsWith(".csv") ? "ndjson" : "csv");
  const output = opts.output ?? `${basename(opts.file, extname(opts.file))}.results.${format === "csv" ? "csv" : "ndjson"}`;
  const code = await downloadResults(io, remote, batch.id, format, output);
  if (code === 0) io.stderr(`results written to ${output}\n`);
  return batch.status === "completed" ? code : 1;
}

export async function batchStatus(io: Io, remote: Remote, id: string): Promise<number> {
  const res = await call(remote, `/v1/batches/${encodeURIComponent(id)}`);
  if (!res.ok) return problem(io, res);
  io.stdout(JSON.stringify(await res.json(), null, 2) + "\n");
  return 0;
}
