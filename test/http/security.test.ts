// The shared security check for every /v1 route (no key 401, wrong scope 403,
// another organisation's object 404), idempotency, and what logs may hold.
import { describe, expect, it } from "vitest";
import { documented, testApp, type TestApp } from "./helpers.js";

const body = { rubric: "mini-cache", round: 1, answer: "I would cache the database result and give each entry a ttl so it expires." };

interface RouteCase {
  method: string;
  template: string;
  scope: "grade" | "read" | "review";
  path: (id: string) => string;
  body?: unknown;
}

const routes: RouteCase[] = [
  { method: "POST", template: "/v1/gradings", scope: "grade", path: () => "/v1/gradings", body },
  { method: "POST", template: "/v1/gradings/preview", scope: "grade", path: () => "/v1/gradings/preview", body },
  { method: "GET", template: "/v1/gradings", scope: "read", path: () => "/v1/gradings" },
  { method: "GET", template: "/v1/gradings/{id}", scope: "read", path: (id) => `/v1/gradings/${id}` },
  { method: "PATCH", template: "/v1/gradings/{id}/review", scope: "review", path: (id) => `/v1/gradings/${id}/review`, body: { classification: "weak", note: "n" } },
  { method: "GET", template: "/v1/rubrics", scope: "read", path: () => "/v1/rubrics" },
  { method: "GET", template: "/v1/rubrics/{id}", scope: "read", path: () => "/v1/rubrics/mini-cache" },
];

async function seeded(): Promise<{ t: TestApp; id: string }> {
  const t = testApp();
  const res = await t.call("POST", "/v1/gradings", { key: t.key("acme", ["grade"]), body });
  return { t, id: ((await res.json()) as { id: string }).id };
}

describe.each(routes)("$method $template", (r) => {
  it("401 without a key", async () => {
    const { t, id } = await seeded();
    const res = await t.call(r.method, r.path(id), { body: r.body });
    expect(res.status).toBe(401);
    await documented(res, r.method, r.template);
  });

  it("401 with a malformed, unknown or revoked key", async () => {
    const { t, id } = await seeded();
    const good = t.key("acme", [r.scope]);
    const unknown = good.slice(0, -1) + (good.endsWith("A") ? "B" : "A");
    for (const key of ["nope", unknown] as string[]) {
      const res = await t.call(r.method, r.path(id), { key, body: r.body });
      expect(res.status).toBe(401);
      await documented(res, r.method, r.template);
    }
  });

  it("403 with a key that lacks the scope", async () => {
    const { t, id } = await seeded();
    const other = (["grade", "read", "review"] as const).find((s) => s !== r.scope) ?? "read";
    const res = await t.call(r.method, r.path(id), { key: t.key("acme", [other]), body: r.body });
    expect(res.status).toBe(403);
    await documented(res, r.method, r.template);
  });

  it("never shows another organisation's grading", async () => {
    const { t, id } = await seeded();
    const res = await t.call(r.method, r.path(id), { key: t.key("globex", ["grade", "read", "review"]), body: r.body });
    if (r.template.includes("{id}") && r.template.startsWith("/v1/gradings")) {
      expect(res.status).toBe(404);
      const missing = await t.call(r.method, r.path("no-such-id"), { key: t.key("globex", ["grade", "read", "review"]), body: r.body });
      expect(missing.status).toBe(404);
      const [a, b] = [await documented(res, r.method, r.template), await documented(missing, r.method, r.template)];
      expect({ ...a, detail: "", instance: "" }).toEqual({ ...b, detail: "", instance: "" });
    } else {
      expect(res.status).toBeLessThan(300);
      const payload = await documented(res, r.method, r.template);
      if (r.method === "GET" && r.template === "/v1/gradings") expect(payload.items).toEqual([]);
    }
  });
});

describe("revoked keys", () => {
  it("stop working at once", async () => {
    const t = testApp();
    const key = t.key("acme");
    expect((await t.call("GET", "/v1/gradings", { key })).status).toBe(200);
    const { revokeKey, listKeys } = await import("../../src/services/keys.js");
    const [row] = listKeys(t.db);
    expect(revokeKey(t.db, row?.id ?? "", new Date())).toBe(true);
    expect((await t.call("GET", "/v1/gradings", { key })).status).toBe(401);
  });
});

describe("Idempotency-Key", () => {
  it("replays the first response for a retry and stores nothing new", async () => {
    const t = testApp();
    const key = t.key("acme");
    const headers = { "Idempotency-Key": "retry-1" };
    const first = await t.call("POST", "/v1/gradings", { key, body, headers });
    const second = await t.call("POST", "/v1/gradings", { key, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await documented(second, "POST", "/v1/gradings")).toEqual(await documented(first, "POST", "/v1/gradings"));
    const list = await documented(await t.call("GET", "/v1/gradings", { key }), "GET", "/v1/gradings");
    expect(list.items).toHaveLength(1);
  });

  it("refuses the same key with a different body with 422", async () => {
    const t = testApp();
    const key = t.key("acme");
    const headers = { "Idempotency-Key": "k" };
    expect((await t.call("POST", "/v1/gradings", { key, body, headers })).status).toBe(201);
    const res = await t.call("POST", "/v1/gradings", { key, body: { ...body, answer: "something else entirely, about caching" }, headers });
    expect(res.status).toBe(422);
    expect((await documented(res, "POST", "/v1/gradings")).type).toMatch(/idempotency-mismatch$/);
  });

  it("keeps keys per organisation", async () => {
    const t = testApp();
    const headers = { "Idempotency-Key": "shared" };
    const a = await t.call("POST", "/v1/gradings", { key: t.key("acme"), body, headers });
    const b = await t.call("POST", "/v1/gradings", { key: t.key("globex"), body: { ...body, answer: "cache the database, ttl on entries" }, headers });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
  });

  it("lets two concurrent requests with one key store exactly one grading", async () => {
    const t = testApp();
    const key = t.key("acme");
    const headers = { "Idempotency-Key": "race" };
    const results = await Promise.all([0, 1, 2].map(() => t.call("POST", "/v1/gradings", { key, body, headers })));
    const statuses = results.map((r) => r.status).sort();
    for (const s of statuses) expect([201, 409]).toContain(s);
    expect(statuses).toContain(201);
    const replays = results.filter((r) => r.status === 201 && r.headers.get("idempotent-replayed") === "true").length;
    expect(statuses.filter((s) => s === 201).length - replays).toBe(1);
    const list = await documented(await t.call("GET", "/v1/gradings", { key }), "GET", "/v1/gradings");
    expect(list.items).toHaveLength(1);
  });

  it("answers 409 while the first request with the key is still in flight", async () => {
    const t = testApp();
    const key = t.key("acme");
    const { beginIdempotent, requestHash } = await import("../../src/services/idempotency.js");
    const { listKeys } = await import("../../src/services/keys.js");
    const org = (t.db.$client.prepare("select organisation_id from api_keys").get() as { organisation_id: string }).organisation_id;
    expect(listKeys(t.db)).toHaveLength(1);
    beginIdempotent(t.db, org, "busy", requestHash("POST", "/v1/gradings", JSON.stringify(body)), new Date("2026-01-01T00:00:05Z"));
    const res = await t.call("POST", "/v1/gradings", { key, body, headers: { "Idempotency-Key": "busy" } });
    expect(res.status).toBe(409);
    await documented(res, "POST", "/v1/gradings");
  });

  it("lets a failed request be retried with the same key", async () => {
    const t = testApp();
    const key = t.key("acme");
    const headers = { "Idempotency-Key": "after-error" };
    expect((await t.call("POST", "/v1/gradings", { key, body: { ...body, round: 9 }, headers })).status).toBe(422);
    expect((await t.call("POST", "/v1/gradings", { key, body: { ...body, round: 9 }, headers })).status).toBe(422);
  });
});

describe("logs", () => {
  it("hold one line per request with its id, and never the answer or the key", async () => {
    const t = testApp();
    const key = t.key("acme");
    const secret = "my-very-private-answer-text about caching the database";
    const res = await t.call("POST", "/v1/gradings", { key, body: { ...body, answer: secret }, headers: { "x-request-id": "req-42" } });
    expect(res.headers.get("x-request-id")).toBe("req-42");
    await t.call("POST", "/v1/gradings", { key: key + "x", body });
    const text = JSON.stringify(t.logs);
    expect(text).not.toContain("my-very-private");
    expect(text).not.toContain(key.slice(16));
    expect(t.logs[0]).toMatchObject({ requestId: "req-42", method: "POST", path: "/v1/gradings", status: 201 });
    expect(t.logs).toHaveLength(2);
  });
});
