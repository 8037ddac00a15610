import { describe, expect, it } from "vitest";
import { documented, testApp } from "./helpers.js";

const strong = "I would cache the database result and give each entry a ttl so it expires, then track the hit ratio.";
const needsLook = "Entries need a ttl so they expire. I would not cache the database result.";
const grade = (extra: Record<string, unknown> = {}) => ({ rubric: "mini-cache", round: 1, answer: strong, ...extra });

describe("POST /v1/gradings", () => {
  it("scores, stores and returns the grading with an LTI score block", async () => {
    const t = testApp();
    const key = t.key("acme");
    const res = await t.call("POST", "/v1/gradings", { key, body: grade({ candidate: "cand-1", externalId: "sub-9", metadata: { course: "net-101" } }) });
    expect(res.status).toBe(201);
    const g = await documented(res, "POST", "/v1/gradings");
    expect(g).toMatchObject({
      rubric: { id: "mini-cache", version: "3" },
      round: 1,
      roundKey: "basics",
      candidate: "cand-1",
      externalId: "sub-9",
      classification: "strong",
      finalClassification: "strong",
      score: 3,
      maxScore: 4,
      needsReview: false,
      metadata: { course: "net-101" },
      review: null,
    });
    expect((g.missing as { id: string }[]).map((m) => m.id)).toEqual(["sizing"]);
    const lti = g.lti as Record<string, unknown>;
    expect(lti).toMatchObject({ userId: "cand-1", scoreGiven: 3, scoreMaximum: 4, activityProgress: "Completed", gradingProgress: "FullyGraded" });
    expect(lti.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lti.comment).toMatch(/Missing: Estimate memory/);
    const evidence = (g.concepts as { evidence: { start: number; end: number; text: string }[] }[]).flatMap((c) => c.evidence);
    for (const e of evidence) expect(strong.slice(e.start, e.end)).toBe(e.text);
  });

  it("marks a grading that needs a human as PendingManual", async () => {
    const t = testApp();
    const res = await t.call("POST", "/v1/gradings", { key: t.key("acme"), body: grade({ answer: needsLook }) });
    const g = await documented(res, "POST", "/v1/gradings");
    expect(g.needsReview).toBe(true);
    expect((g.lti as { gradingProgress: string }).gradingProgress).toBe("PendingManual");
  });

  it("accepts the round by key", async () => {
    const t = testApp();
    const res = await t.call("POST", "/v1/gradings", { key: t.key("acme"), body: grade({ round: "edge-cases", answer: "Without a cache every page waits." }) });
    expect(res.status).toBe(201);
    expect((await documented(res, "POST", "/v1/gradings")).round).toBe(2);
  });
});

describe("validation errors", () => {
  it.each([
    ["a missing rubric", { round: 1, answer: strong }, "rubric"],
    ["a round of the wrong type", { rubric: "mini-cache", round: true, answer: strong }, "round"],
    ["an answer that is not text", { rubric: "mini-cache", round: 1, answer: 42 }, "answer"],
    ["an unknown field", { ...grade(), score: 10 }, "(body)"],
    ["metadata that is not an object", { ...grade(), metadata: "x" }, "metadata"],
    ["an empty candidate", { ...grade(), candidate: "" }, "candidate"],
  ])("422 for %s, naming the field", async (_name, body, field) => {
    const t = testApp();
    const res = await t.call("POST", "/v1/gradings", { key: t.key("acme"), body });
    expect(res.status).toBe(422);
    const p = await documented(res, "POST", "/v1/gradings");
    expect((p.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  });

  it("422 for an unknown rubric, listing the valid ones", async () => {
    const t = testApp();
    const res = await t.call("POST", "/v1/gradings", { key: t.key("acme"), body: grade({ rubric: "nope" }) });
    expect(res.status).toBe(422);
    expect((await documented(res, "POST", "/v1/gradings")).detail).toMatch(/Valid rubrics: mini-cache/);
  });

  it("422 for an unknown round, listing the valid ones", async () => {
    const t = testApp();
    const res = await t.call("POST", "/v1/gradings", { key: t.key("acme"), body: grade({ round: 9 }) });
    expect(res.status).toBe(422);
    expect((await documented(res, "POST", "/v1/gradings")).detail).toMatch(/Valid rounds: 1 \(basics\), 2 \(edge-cases\)/);
  });

  it("422 for an answer over the length limit", async () => {
    const t = testApp({ env: { MAX_ANSWER_LENGTH: "100" } });
    const res = await t.call("POST", "/v1/gradings", { key: t.key("acme"), body: grade({ answer: "x".repeat(101) }) });
    expect(res.status).toBe(422);
    expect((await documented(res, "POST", "/v1/gradings")).errors).toEqual([{ field: "answer", message: "must be at most 100 characters" }]);
  });

  it("400 for malformed JSON", async () => {
    const t = testApp();
    const res = await t.call("POST", "/v1/gradings", { key: t.key("acme"), raw: '{"rubric": ' });
    expect(res.status).toBe(400);
    await documented(res, "POST", "/v1/gradings");
  });

  it("400 for JSON nested too deep to parse, and the server keeps serving", async () => {
    const t = testApp();
    const key = t.key("acme");
    const res = await t.call("POST", "/v1/gradings", { key, raw: "[".repeat(400_000) + "]".repeat(400_000) });
    expect([400, 422]).toContain(res.status);
    await documented(res, "POST", "/v1/gradings");
    expect((await t.call("POST", "/v1/gradings", { key, body: grade() })).status).toBe(201);
  });

  it("413 for a body over the limit", async () => {
    const t = testApp({ env: { MAX_BODY_BYTES: "2000" } });
    const res = await t.call("POST", "/v1/gradings", { key: t.key("acme"), body: grade({ answer: "y".repeat(5000) }) });
    expect(res.status).toBe(413);
    await documented(res, "POST", "/v1/gradings");
  });

  it("415 for a body that is not JSON", async () => {
    const t = testApp();
    const res = await t.call("POST", "/v1/gradings", { key: t.key("acme"), raw: "answer=hi", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(415);
    await documented(res, "POST", "/v1/gradings");
  });

  it("grades text that came in as invalid UTF-8 (replaced, never a crash)", async () => {
    const t = testApp();
    const bytes = Buffer.concat([Buffer.from('{"rubric":"mini-cache","round":1,"answer":"cache the database '), Buffer.from([0xff, 0xfe]), Buffer.from(' ttl"}')]);
    const res = await t.app.request("/v1/gradings", {
      method: "POST",
      headers: { authorization: `Bearer ${t.key("acme")}`, "content-type": "application/json" },
      body: bytes,
    });
    expect(res.status).toBe(201);
    await documented(res, "POST", "/v1/gradings");
  });
});

describe("preview, get, list and review", () => {
  it("previews without storing anything", async () => {
    const t = testApp();
    const key = t.key("acme");
    const res = await t.call("POST", "/v1/gradings/preview", { key, body: grade() });
    expect(res.status).toBe(200);
    const g = await documented(res, "POST", "/v1/gradings/preview");
    expect(g.id).toBeNull();
    expect(g.classification).toBe("strong");
    const list = await documented(await t.call("GET", "/v1/gradings", { key }), "GET", "/v1/gradings");
    expect(list.items).toEqual([]);
  });

  it("gets a stored grading by id", async () => {
    const t = testApp();
    const key = t.key("acme");
    const created = await documented(await t.call("POST", "/v1/gradings", { key, body: grade() }), "POST", "/v1/gradings");
    const res = await t.call("GET", `/v1/gradings/${created.id}`, { key });
    expect(res.status).toBe(200);
    expect(await documented(res, "GET", "/v1/gradings/{id}")).toEqual(created);
  });

  it("404 for an id that does not exist", async () => {
    const t = testApp();
    const res = await t.call("GET", "/v1/gradings/does-not-exist", { key: t.key("acme") });
    expect(res.status).toBe(404);
    await documented(res, "GET", "/v1/gradings/{id}");
  });

  it("lists newest first with filters and cursor pagination", async () => {
    const t = testApp();
    const key = t.key("acme");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const body = grade({ candidate: i % 2 ? "odd" : "even", answer: i === 4 ? "buy a bigger database server for the load" : strong });
      ids.push((await documented(await t.call("POST", "/v1/gradings", { key, body }), "POST", "/v1/gradings")).id as string);
    }
    const page1 = await documented(await t.call("GET", "/v1/gradings?limit=2", { key }), "GET", "/v1/gradings");
    expect((page1.items as { id: string }[]).map((g) => g.id)).toEqual([ids[4], ids[3]]);
    const page2 = await documented(await t.call("GET", `/v1/gradings?limit=2&cursor=${page1.nextCursor}`, { key }), "GET", "/v1/gradings");
    expect((page2.items as { id: string }[]).map((g) => g.id)).toEqual([ids[2], ids[1]]);
    const page3 = await documented(await t.call("GET", `/v1/gradings?limit=2&cursor=${page2.nextCursor}`, { key }), "GET", "/v1/gradings");
    expect((page3.items as { id: string }[]).map((g) => g.id)).toEqual([ids[0]]);
    expect(page3.nextCursor).toBeNull();

    const odd = await documented(await t.call("GET", "/v1/gradings?candidate=odd", { key }), "GET", "/v1/gradings");
    expect((odd.items as { id: string }[]).map((g) => g.id)).toEqual([ids[3], ids[1]]);
    const weak = await documented(await t.call("GET", "/v1/gradings?classification=weak&rubric=mini-cache&round=1", { key }), "GET", "/v1/gradings");
    expect((weak.items as { id: string }[]).map((g) => g.id)).toEqual([ids[4]]);
    const created = (await documented(await t.call("GET", `/v1/gradings/${ids[2]}`, { key }), "GET", "/v1/gradings/{id}")).createdAt as string;
    const range = await documented(await t.call("GET", `/v1/gradings?createdFrom=${created}&createdTo=${created}`, { key }), "GET", "/v1/gradings");
    expect((range.items as { id: string }[]).map((g) => g.id)).toEqual([ids[2]]);
  });

  it("422 for a bad filter or cursor", async () => {
    const t = testApp();
    const key = t.key("acme");
    for (const q of ["classification=great", "limit=0", "cursor=zzz", "createdFrom=yesterday", "needsReview=maybe"]) {
      const res = await t.call("GET", `/v1/gradings?${q}`, { key });
      expect(res.status, q).toBe(422);
      await documented(res, "GET", "/v1/gradings");
    }
  });

  it("records a human review beside the automatic classification", async () => {
    const t = testApp();
    const grader = t.key("acme", ["grade", "read"]);
    const reviewer = t.key("acme", ["review", "read"], "Dana (recruiter)");
    const created = await documented(await t.call("POST", "/v1/gradings", { key: grader, body: grade({ answer: needsLook }) }), "POST", "/v1/gradings");
    const res = await t.call("PATCH", `/v1/gradings/${created.id}/review`, { key: reviewer, body: { classification: "strong", note: "Rejects caching only for reads that change every second." } });
    expect(res.status).toBe(200);
    const g = await documented(res, "PATCH", "/v1/gradings/{id}/review");
    expect(g.classification).toBe("weak");
    expect(g.finalClassification).toBe("strong");
    expect(g.review).toMatchObject({ classification: "strong", reviewedBy: "Dana (recruiter)" });
    expect((g.lti as { gradingProgress: string }).gradingProgress).toBe("FullyGraded");
    const again = await documented(await t.call("GET", `/v1/gradings/${created.id}`, { key: grader }), "GET", "/v1/gradings/{id}");
    expect(again.review).toEqual(g.review);
  });

  it("422 for a review without a note or with an unknown level", async () => {
    const t = testApp();
    const key = t.key("acme", ["grade", "review"]);
    const created = await documented(await t.call("POST", "/v1/gradings", { key, body: grade() }), "POST", "/v1/gradings");
    for (const body of [{ classification: "strong" }, { classification: "expert", note: "x" }]) {
      const res = await t.call("PATCH", `/v1/gradings/${created.id}/review`, { key, body });
      expect(res.status).toBe(422);
      await documented(res, "PATCH", "/v1/gradings/{id}/review");
    }
  });
});
