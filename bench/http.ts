// npm run bench:http: POST /v1/gradings against the trivial JSON echo route of
// the same server, both under autocannon at 50 connections, in one run.
import autocannon from "autocannon";
import { startBenchServer } from "./server.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const answer =
  "The conntrack table filling up is only the symptom: the service opens a fresh TCP connection to Redis for every command. " +
  "I would configure a connection pool in the Redis client, around thirty connections that stay open and are reused, so the " +
  "rate of new connections drops to almost nothing in steady state and each command skips the TCP handshake. Until the code " +
  "can change, an Envoy or Twemproxy sidecar on localhost can hold a small pool to the cluster on the app's behalf.";

const { base, key, server } = await startBenchServer();

async function load(path: string, body: unknown) {
  const r = await autocannon({
    url: `${base}${path}`,
    method: "POST",
    connections: 50,
    duration: SECONDS,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

const gradeBody = { rubric: "network-latency-spikes", round: 3, answer, candidate: "bench" };
await load("/v1/echo", gradeBody); // warm-up
const echo = await load("/v1/echo", gradeBody);
const grade = await load("/v1/gradings", gradeBody);
server.kill("SIGTERM");
await new Promise((resolve) => server.once("exit", resolve));

const row = (name: string, r: typeof echo) =>
  `${name.padEnd(18)} ${Math.round(r.rps).toString().padStart(7)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}  errors ${r.errors}`;
console.log(`autocannon, 50 connections, ${SECONDS}s each, server in its own process (2 cores shared with the load generator)`);
console.log(row("POST /v1/echo", echo));
console.log(row("POST /v1/gradings", grade));
console.log(`gradings throughput is ${((100 * grade.rps) / echo.rps).toFixed(0)}% of echo (target 40%); gradings p99 ${grade.p99} ms (target under 25 ms)`);
