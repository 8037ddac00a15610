// npm run bench:batch: 100,000 ~100-word answers through POST /v1/batches,
// end to end until completed; the server's peak RSS; and POST /v1/gradings
// p99 while the batch runs against p99 with no batch, in the same run.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseRubric, score } from "../src/core/index.js";
import { answersFrom } from "./answers.js";
import { root, startBenchServer } from "./server.js";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const rubricPath = join(root, "rubrics/network-latency-spikes.yaml");
const rubric = parseRubric(readFileSync(rubricPath, "utf8"), rubricPath);

const perRound = rubric.rounds.map((r) => answersFrom(rubric.examples.filter((e) => e.round === r.number).map((e) => e.answer), 400, 100, r.number));
const items = Array.from({ length: ITEMS }, (_, i) => {
  const round = 1 + (i % 5);
  return { candidate: `cand-${i % 5000}`, externalId: `item-${i}`, round, answer: perRound[round - 1]?.[i % 400] ?? "" };
});
// BENCH_FORMAT=csv or ndjson sends the same items in that upload format instead of JSON.
const FORMAT = process.env.BENCH_FORMAT ?? "json";
const csvField = (v: string | number): string => (/[",\n\r]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
const uploads: Record<string, () => { type: string; query: string; body: string }> = {
  json: () => ({ type: "application/json", query: "", body: JSON.stringify({ rubric: "network-latency-spikes", items }) }),
  ndjson: () => ({ type: "application/x-ndjson", query: "?rubric=network-latency-spikes", body: items.map((it) => JSON.stringify(it)).join("\n") }),
  csv: () => ({
    type: "text/csv",
    query: "?rubric=network-latency-spikes",
    body: "candidate,round,answer,externalId\n" + items.map((it) => [it.candidate, it.round, it.answer, it.externalId].map(csvField).join(",")).join("\n"),
  }),
};
const makeUpload = uploads[FORMAT];
if (!makeUpload) throw new Error(`BENCH_FORMAT must be json, ndjson or csv, not "${FORMAT}"`);
const upload = makeUpload();

/**
 * The scorer alone on this thread, over the same answers, before the server starts: how fast this
 * machine is right now. The batch cannot finish faster than ITEMS / this on one scoring thread.
 */
function scorerRate(): number {
  const sample = items.slice(0, 2_000);
  const grade = (): void => {
    for (const it of sample) {
      const round = rubric.rounds[it.round - 1];
      if (round) score(round, it.answer);
    }
  };
  grade();
  const t = performance.now();
  grade();
  grade();
  return (2 * sample.length) / ((performance.now() - t) / 1000);
}
const reference = scorerRate();

// 100,000 answers of ~100 words are about 65 MB: above the 50 MiB default, so this run raises the (configurable) limit.
const { base, key, server } = await startBenchServer({ MAX_BATCH_BYTES: String(128 * 1024 * 1024) });
const auth = { authorization: `Bearer ${key}` };

async function gradeOnce(): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${base}/v1/gradings`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ rubric: "network-latency-spikes", round: 3, answer: perRound[2]?.[0] }),
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`gradings answered ${res.status}`);
  return performance.now() - t;
}

const p99 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)] ?? NaN;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (let i = 0; i < 50; i++) await gradeOnce();
const idle: number[] = [];
for (let i = 0; i < 300; i++) {
  idle.push(await gradeOnce());
  await pause(5);
}

const started = performance.now();
const res = await fetch(`${base}/v1/batches${upload.query}`, { method: "POST", headers: { ...auth, "content-type": upload.type }, body: upload.body });
if (res.status !== 202) throw new Error(`batch upload answered ${res.status}: ${await res.text()}`);
const { id } = (await res.json()) as { id: string };
const accepted = performance.now();
const rssNow = (): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
const peakAtAccept = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
let gradingRss = 0;
const during: number[] = [];
let status = "queued";
let processed = 0;
while (status !== "completed") {
  during.push(await gradeOnce());
  gradingRss = Math.max(gradingRss, rssNow());
  await pause(20);
  const b = (await (await fetch(`${base}/v1/batches/${id}`, { headers: auth })).json()) as { status: string; processed: number };
  status = b.status;
  processed = b.processed;
  if (status === "failed" || status === "cancelled") throw new Error(`batch ${status}`);
}
const finished = performance.now();
const rss = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1];
server.kill("SIGTERM");
await new Promise((resolve) => server.once("exit", resolve));

const seconds = (finished - started) / 1000;
console.log(`${ITEMS.toLocaleString("en")} items of ~100 words as ${FORMAT.toUpperCase()} (${(Buffer.byteLength(upload.body) / 2 ** 20).toFixed(0)} MiB), one server process (2 cores shared with this client)`);
console.log(`upload accepted (validated and stored) in ${((accepted - started) / 1000).toFixed(1)} s; all ${processed.toLocaleString("en")} graded in ${seconds.toFixed(1)} s: ${Math.round(ITEMS / seconds).toLocaleString("en")} items/s end to end (target: under 15 s)`);
console.log(`for reference, the scorer alone on one thread of this machine before the run: ${Math.round(reference).toLocaleString("en")} answers/s, so ${(ITEMS / reference).toFixed(1)} s of scoring for these items`);
console.log(`server peak RSS ${rss ? Math.round(Number(rss) / 1024) : "?"} MB (target under 400 MB): ${Math.round(peakAtAccept)} MB by the time the upload was accepted, ${Math.round(gradingRss)} MB at most while grading`);
console.log(`POST /v1/gradings p99: idle ${p99(idle).toFixed(1)} ms, during the batch ${p99(during).toFixed(1)} ms (${during.length} requests): ${(p99(during) / p99(idle)).toFixed(1)}x (target under 3x)`);
