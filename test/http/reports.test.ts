import { describe, expect, it } from "vitest";
import { overallLevel } from "../../src/services/reports.js";
import { documented, testApp } from "./helpers.js";

const strong = "I would cache the database result and give each entry a ttl so it expires, then track the hit ratio.";
const weak = "Buy a bigger database server.";
const senior = "Cache the database reads with a ttl so entries expire, watch the hit ratio, and budget about 512 bytes per entry.";

describe("overall level rule", () => {
  it.each([
    [["senior", "senior", "strong"], "senior"],
    [["senior", "strong", null], "strong"],
    [["senior", null, null], "weak"],
    [["strong", "weak", "strong", "weak"], "weak"],
    [["strong", "senior", "strong", "weak"], "strong"],
    [[null, null], "weak"],
  ] as const)("%j -> %s", (finals, level) => {
    expect(overallLevel([...finals])).toBe(level);
  });
});

describe("GET /v1/candidates/{externalId}/report", () => {
  it("shows the latest grading per round, the reviewed grade and the overall level", async () => {
    const t = testApp();
    const key = t.key("acme", ["grade", "read", "review"]);
    const post = (round: number, answer: string) => t.call("POST", "/v1/gradings", { key, body: { rubric: "mini-cache", round, answer, candidate: "ann" } });
    await post(1, weak);
    await post(1, strong);
    const edge = await documented(await post(2, "Every page waits on the database, nothing is kept."), "POST", "/v1/gradings");
    await t.call("PATCH", `/v1/gradings/${edge.id}/review`, { key, body: { classification: "strong", note: "Says it in other words." } });
    const res = await t.call("GET", "/v1/candidates/ann/report?rubric=mini-cache", { key });
    const r = await documented(res, "GET", "/v1/candidates/{externalId}/report");
    const rounds = r.rounds as { round: number; grading: { classification: string; finalClassification: string; missing: { id: string }[] } }[];
    expect(rounds[0]?.grading).toMatchObject({ classification: "strong", finalClassification: "strong" });
    expect(rounds[0]?.grading.missing.map((m) => m.id)).toEqual(["sizing"]);
    expect(rounds[1]?.grading).toMatchObject({ classification: "weak", finalClassification: "strong" });
    expect(r.overall).toMatchObject({ level: "strong", gradedRounds: 2, totalRounds: 2 });
    expect((r.overall as { rule: string }).rule).toMatch(/median/);
  });

  it("404 for a candidate of another organisation, 422 for an unknown rubric", async () => {
    const t = testApp();
    await t.call("POST", "/v1/gradings", { key: t.key("acme"), body: { rubric: "mini-cache", round: 1, answer: strong, candidate: "ann" } });
    const other = await t.call("GET", "/v1/candidates/ann/report?rubric=mini-cache", { key: t.key("globex") });
    expect(other.status).toBe(404);
    await documented(other, "GET", "/v1/candidates/{externalId}/report");
    const bad = await t.call("GET", "/v1/candidates/ann/report?rubric=nope", { key: t.key("acme") });
    expect(bad.status).toBe(422);
    await documented(bad, "GET", "/v1/candidates/{externalId}/report");
  });
});

describe("GET /v1/rubrics/{id}/stats", () => {
  it("counts final classifications and the most missed concepts per round, for the organisation or one batch", async () => {
    const t = testApp();
    const key = t.key("acme");
    for (const answer of [strong, weak, senior, strong]) await t.call("POST", "/v1/gradings", { key, body: { rubric: "mini-cache", round: 1, answer } });
    await t.call("POST", "/v1/gradings", { key: t.key("globex"), body: { rubric: "mini-cache", round: 1, answer: weak } });
    const all = await documented(await t.call("GET", "/v1/rubrics/mini-cache/stats", { key }), "GET", "/v1/rubrics/{id}/stats");
    const r1 = (all.rounds as { total: number; classifications: object; mostMissed: { id: string; count: number }[] }[])[0];
    expect(r1?.total).toBe(4);
    expect(r1?.classifications).toEqual({ weak: 1, strong: 2, senior: 1 });
    // sizing is missed by the two strong answers and the weak one; the weak one misses the three core concepts too.
    expect(r1?.mostMissed).toEqual([
      { id: "sizing", label: "Sizes the cache in memory", count: 3 },
      { id: "add-cache", label: "Put a cache in front of the database", count: 1 },
      { id: "hit-ratio", label: "Measure the hit ratio", count: 1 },
      { id: "invalidation", label: "Decide when cached data goes stale", count: 1 },
    ]);

    const batch = await documented(
      await t.call("POST", "/v1/batches", { key, raw: JSON.stringify({ rubric: "mini-cache", items: [{ round: 1, answer: senior }] }), headers: { "content-type": "application/json" } }),
      "POST",
      "/v1/batches",
    );
    await t.runner.idle();
    const one = await documented(await t.call("GET", `/v1/rubrics/mini-cache/stats?batch=${batch.id}`, { key }), "GET", "/v1/rubrics/{id}/stats");
    expect((one.rounds as { classifications: object }[])[0]?.classifications).toEqual({ weak: 0, strong: 0, senior: 1 });
    const foreign = await t.call("GET", `/v1/rubrics/mini-cache/stats?batch=${batch.id}`, { key: t.key("globex") });
    expect(foreign.status).toBe(404);
  });
});

describe("gradings stored before results were compact", () => {
  it("are still read, reported and counted", async () => {
    const t = testApp();
    const key = t.key("acme");
    const made = await documented(await t.call("POST", "/v1/gradings", { key, body: { rubric: "mini-cache", round: 1, answer: strong, candidate: "old-timer" } }), "POST", "/v1/gradings");
    // Rewrite the row the way it was stored before: the whole result.
    const { id, candidate, externalId, answer, metadata, finalClassification, review, createdAt, lti, rubric, round, roundKey, ...result } = made;
    void [candidate, externalId, answer, metadata, finalClassification, review, createdAt, lti];
    const legacy = JSON.stringify({ rubric: (rubric as { id: string }).id, rubricVersion: (rubric as { version: string }).version, round, roundKey, ...result });
    t.db.$client.prepare("update gradings set result = ? where id = ?").run(legacy, id);

    const again = await documented(await t.call("GET", `/v1/gradings/${String(id)}`, { key }), "GET", "/v1/gradings/{id}");
    expect(again).toEqual(made);
    const report = await documented(await t.call("GET", "/v1/candidates/old-timer/report?rubric=mini-cache", { key }), "GET", "/v1/candidates/{externalId}/report");
    const missing = (made.missing as { id: string }[]).map((m) => m.id);
    expect((report.rounds as { grading: { missing: { id: string }[] } | null }[])[0]?.grading?.missing.map((m) => m.id)).toEqual(missing);
    await t.call("POST", "/v1/gradings", { key, body: { rubric: "mini-cache", round: 1, answer: strong } });
    const stats = await documented(await t.call("GET", "/v1/rubrics/mini-cache/stats", { key }), "GET", "/v1/rubrics/{id}/stats");
    const counted = (stats.rounds as { mostMissed: { id: string; count: number }[] }[])[0]?.mostMissed;
    expect(counted).toEqual(missing.map((m) => expect.objectContaining({ id: m, count: 2 })));
  });
});
