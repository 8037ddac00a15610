// Request bodies read straight from Node's stream, as the real server does
// (app.request() in the other tests goes through the web Request instead).
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documented, testApp } from "./helpers.js";

const t = testApp({ env: { MAX_BODY_BYTES: "4000" } });
const key = t.key("acme", ["grade", "read", "review"]);
let server: ReturnType<typeof serve>;
let base = "";

beforeAll(async () => {
  server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers }, body });

const grading = { rubric: "mini-cache", round: 1, answer: "Cache the database result with a ttl so entries expire, and watch the hit ratio." };

/** A chunked body (no Content-Length), so only counting the bytes read can enforce the limit. */
function chunked(path: string, parts: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${base}${path}`);
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    for (const p of parts) req.write(p);
    req.end();
  });
}

describe("bodies read from the Node stream", () => {
  it("grades, reviews and echoes as through the web Request", async () => {
    const made = await documented(await post("/v1/gradings", JSON.stringify(grading)), "POST", "/v1/gradings");
    expect(made.classification).toBe("strong");
    const res = await fetch(`${base}/v1/gradings/${String(made.id)}/review`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ classification: "senior", note: "ok" }),
    });
    expect((await documented(res, "PATCH", "/v1/gradings/{id}/review")).finalClassification).toBe("senior");
    const echo = await post("/v1/echo", JSON.stringify({ a: "é✓" }));
    expect(await echo.json()).toEqual({ a: "é✓" });
  });

  it("drops a byte order mark and replaces bytes that are not UTF-8", async () => {
    expect((await post("/v1/gradings", `\uFEFF${JSON.stringify(grading)}`)).status).toBe(201);
    const bad = Buffer.concat([Buffer.from('{"a": "x'), Buffer.from([0xff, 0xfe]), Buffer.from('y"}')]);
    expect(await (await post("/v1/echo", bad)).json()).toEqual({ a: "x\uFFFD\uFFFDy" });
  });

  it("413 over the limit, by Content-Length or by counting a chunked body, 400 for malformed JSON, and keeps serving", async () => {
    const big = JSON.stringify({ ...grading, answer: "y".repeat(5000) });
    const declared = await post("/v1/gradings", big);
    expect(declared.status).toBe(413);
    await documented(declared, "POST", "/v1/gradings");
    const streamed = await chunked("/v1/gradings", [big.slice(0, 2000), big.slice(2000)]);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ status: 413 });
    const malformed = await post("/v1/gradings", '{"rubric": ');
    expect(malformed.status).toBe(400);
    await documented(malformed, "POST", "/v1/gradings");
    expect((await post("/v1/gradings", JSON.stringify(grading))).status).toBe(201);
  });

  it("sends X-Request-Id with every kind of response", async () => {
    const auth = { authorization: `Bearer ${key}` };
    const upload = await post("/v1/batches", JSON.stringify({ rubric: "mini-cache", items: [{ round: 1, answer: grading.answer }] }));
    const batch = (await upload.json()) as { id: string };
    await t.runner.idle();
    const responses = [
      await fetch(`${base}/healthz`),
      await fetch(`${base}/v1/gradings`, { headers: auth }),
      await fetch(`${base}/v1/nope`, { headers: auth }),
      await post("/v1/gradings", JSON.stringify(grading), { "x-request-id": "given-1" }),
      await fetch(`${base}/v1/batches/${batch.id}/results?format=ndjson`, { headers: auth }),
      upload,
    ];
    for (const res of responses) expect(res.headers.get("x-request-id"), res.url).toMatch(/^[\w.-]+$/);
    expect(responses[3]?.headers.get("x-request-id")).toBe("given-1");
    await Promise.all(responses.map((r) => r.arrayBuffer().catch(() => undefined)));
  });
});
