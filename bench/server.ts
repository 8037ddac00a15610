// Starts the built server in its own process on a free port, with a fresh
// database and an API key, for the benchmarks.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "dist/src/cli/main.js");

export async function startBenchServer(extraEnv: Record<string, string> = {}): Promise<{ base: string; key: string; server: ChildProcessWithoutNullStreams }> {
  const dir = mkdtempSync(join(tmpdir(), "grader-bench-"));
  const env = { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: join(dir, "bench.db"), LOG: "off", ...extraEnv };
  const key = spawnSync(process.execPath, [cli, "keys", "create", "--org", "bench"], { env, encoding: "utf8" }).stdout.trim();
  // BENCH_NODE_FLAGS passes node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it under load.
  const server = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []), cli, "serve"], { env: { ...env, LOG: "json" } });
  server.stderr.pipe(process.stderr);
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /"msg":"listening","port":(\d+)/.exec(out);
      if (m?.[1]) resolve(Number(m[1]));
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  server.stdout.resume();
  return { base: `http://127.0.0.1:${port}`, key, server };
}
