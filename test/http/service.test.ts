import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openapiYaml } from "../../src/cli/server-commands.js";
import { packageRoot } from "../../src/services/rubrics.js";
import { fixture } from "../helpers.js";
import { documented, testApp } from "./helpers.js";

describe("rubrics", () => {
  it("lists the loaded rubrics", async () => {
    const t = testApp();
    const res = await t.call("GET", "/v1/rubrics", { key: t.key("acme") });
    const body = await documented(res, "GET", "/v1/rubrics");
    expect(body.items).toEqual([
      expect.objectContaining({ id: "mini-cache", version: "3", rounds: [{ number: 1, key: "basics", title: "Basics" }, expect.objectContaining({ number: 2 })] }),
    ]);
  });

  it("shows questions, concepts and feedback, and patterns only to admins", async () => {
    const t = testApp();
    const plain = await documented(await t.call("GET", "/v1/rubrics/mini-cache", { key: t.key("acme") }), "GET", "/v1/rubrics/{id}");
    const round = (plain.rounds as { question: string; concepts: Record<string, unknown>[] }[])[0];
    expect(round?.question).toMatch(/database/);
    expect(round?.concepts[0]).toMatchObject({ id: "add-cache", feedback: expect.stringMatching(/cache/) });
    expect(round?.concepts[0]).not.toHaveProperty("patterns");
    const admin = await documented(await t.call("GET", "/v1/rubrics/mini-cache", { key: t.key("acme", ["admin"]) }), "GET", "/v1/rubrics/{id}");
    expect((admin.rounds as { concepts: { patterns: string[] }[] }[])[0]?.concepts[0]?.patterns).toEqual(['{"all":["@cache","database"],"within":"sentence"}']);
  });

  it("404 for an unknown rubric", async () => {
    const t = testApp();
    const res = await t.call("GET", "/v1/rubrics/nope", { key: t.key("acme") });
    expect(res.status).toBe(404);
    await documented(res, "GET", "/v1/rubrics/{id}");
  });

  it("keeps a grading's rubric version and result after the rubric file changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grader-version-"));
    const rubrics = join(dir, "rubrics");
    mkdirSync(rubrics);
    copyFileSync(fixture("mini-rubric.yaml"), join(rubrics, "mini-cache.yaml"));
    const env = { DATABASE_PATH: join(dir, "g.db") };
    const before = testApp({ rubricsDir: rubrics, env });
    const key = before.key("acme");
    const answer = "Cache the database result with a ttl so it expires.";
    const old = await documented(await before.call("POST", "/v1/gradings", { key, body: { rubric: "mini-cache", round: 1, answer } }), "POST", "/v1/gradings");

    const changed = readFileSync(join(rubrics, "mini-cache.yaml"), "utf8")
      .replace("version: 3", "version: 4")
      .replace("thresholds: { strong: 2, senior: 1 }", "thresholds: { strong: 3, senior: 1 }");
    writeFileSync(join(rubrics, "mini-cache.yaml"), changed);
    const after = testApp({ rubricsDir: rubrics, env });
    const again = await documented(await after.call("GET", `/v1/gradings/${old.id}`, { key }), "GET", "/v1/gradings/{id}");
    expect(again.rubric).toEqual({ id: "mini-cache", version: "3" });
    expect(again.classification).toBe("strong");
    const fresh = await documented(await after.call("POST", "/v1/gradings", { key, body: { rubric: "mini-cache", round: 1, answer } }), "POST", "/v1/gradings");
    expect(fresh.rubric).toEqual({ id: "mini-cache", version: "4" });
    expect(fresh.classification).toBe("weak");
    const versions = after.db.$client.prepare("select version, length(source) > 100 as kept from rubric_versions order by id").all();
    expect(versions).toEqual([{ version: "3", kept: 1 }, { version: "4", kept: 1 }]);
  });
});

describe("health, OpenAPI and docs", () => {
  it("answers liveness and readiness", async () => {
    const t = testApp();
    expect(await documented(await t.call("GET", "/healthz"), "GET", "/healthz")).toEqual({ status: "ok" });
    const ready = await documented(await t.call("GET", "/readyz"), "GET", "/readyz");
    expect(ready).toEqual({ status: "ok", checks: { database: "ok", rubrics: "1 loaded" } });
  });

  it("reports not ready when the database is closed", async () => {
    const t = testApp();
    t.db.$client.close();
    const res = await t.call("GET", "/readyz");
    expect(res.status).toBe(503);
    await documented(res, "GET", "/readyz");
  });

  it("serves the OpenAPI document that openapi.yaml was generated from", async () => {
    const t = testApp();
    const served = await (await t.call("GET", "/openapi.json")).json();
    const { parse } = await import("yaml");
    expect(served).toEqual(parse(readFileSync(join(packageRoot(), "openapi.yaml"), "utf8")));
  });

  it("keeps openapi.yaml in step with the routes", () => {
    expect(readFileSync(join(packageRoot(), "openapi.yaml"), "utf8")).toBe(openapiYaml());
  });

  it("renders /docs from local assets only", async () => {
    const t = testApp();
    const page = await (await t.call("GET", "/docs")).text();
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      expect(src.startsWith("/docs/")).toBe(true);
      const res = await t.call("GET", src);
      expect(res.status, src).toBe(200);
      expect((await res.text()).length).toBeGreaterThan(10);
    }
  });

  it("answers an unknown route with a 404 problem", async () => {
    const t = testApp();
    const res = await t.call("GET", "/v2/nothing");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("migrations", () => {
  it("agree with src/db/schema.ts (drizzle-kit generates nothing new)", () => {
    const out = mkdtempSync(join(tmpdir(), "grader-migrations-"));
    cpSync(join(packageRoot(), "migrations"), out, { recursive: true });
    const before = readdirSync(out).sort();
    const r = spawnSync(process.execPath, [join(packageRoot(), "node_modules/drizzle-kit/bin.cjs"), "generate"], {
      cwd: packageRoot(),
      env: { ...process.env, MIGRATIONS_OUT: out },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(before);
  });
});

describe("the real server", () => {
  function start(command: string, args: string[], env: NodeJS.ProcessEnv) {
    // A process group of its own: `npm start` runs the server as a grandchild, and stopping
    // the group reaches it even when npm does not pass the signal on.
    const child = spawn(command, args, { cwd: packageRoot(), env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    const port = new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const m = /"msg":"listening","port":(\d+)/.exec(output);
        if (m?.[1]) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`server exited early with ${code}`)));
      setTimeout(() => reject(new Error("server did not start")), 20_000);
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const stop = () => process.kill(-(child.pid as number), "SIGTERM");
    return { child, port, exited, stop, output: () => output };
  }

  /** Whether any process of the group is still running. */
  function groupAlive(pid: number): boolean {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  function setUp() {
    const dir = mkdtempSync(join(tmpdir(), "grader-server-"));
    const env = { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: join(dir, "data", "g.db") };
    const made = spawnSync(process.execPath, [join(packageRoot(), "dist/src/cli/main.js"), "keys", "create", "--org", "acme"], { env, encoding: "utf8" });
    return { env, key: made.stdout.trim() };
  }

  const post = (port: number, key: string) =>
    fetch(`http://127.0.0.1:${port}/v1/gradings`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ rubric: "network-latency-spikes", round: 3, answer: "Pool the Redis connections in the client and reuse them." }),
    });

  it("starts with npm start on a free port and grades over real HTTP", async () => {
    const { env, key } = setUp();
    expect(key).toMatch(/^gg_/);
    const server = start("npm", ["start", "--silent"], env);
    try {
      const res = await post(await server.port, key);
      expect(res.status).toBe(201);
      expect(((await res.json()) as { id: string }).id).toMatch(/-/);
    } finally {
      server.stop();
      await server.exited;
    }
    // The server itself, not only npm, has stopped.
    await expect.poll(() => groupAlive(server.child.pid as number), { timeout: 10_000 }).toBe(false);
  });

  it("on SIGTERM stops accepting, closes the database and exits 0", async () => {
    const { env, key } = setUp();
    const server = start(process.execPath, [join(packageRoot(), "dist/src/cli/main.js"), "serve"], env);
    const port = await server.port;
    expect((await post(port, key)).status).toBe(201);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });
});
