import { describe, expect, it } from "vitest";
import { documented, testApp, type TestApp } from "./helpers.js";

const answers = [
  "I would cache the database result and give each entry a ttl so it expires, then track the hit ratio.",
  "Buy a bigger database server and hope for the best.",
  "Cache the database reads with a ttl so entries expire, watch the hit ratio, and budget about 512 bytes per entry.",
  "Entries need a ttl so they expire. I would not cache the database result.",
];

async function submit(t: TestApp, key: string, body: string, type: string, query = "") {
  return t.call("POST", `/v1/batches${query}`, { key, raw: body, headers: { "content-type": type } });
}

async function finished(t: TestApp, key: string, id: string) {
  await t.runner.idle();
  return documented(await t.call("GET", `/v1/batches/${id}`, { key }), "GET", "/v1/batches/{id}");
}

describe("POST /v1/batches", () => {
  it("accepts JSON, grades in the background, and reports progress and counts", async () => {
    const t = testApp({ env: { BATCH_CHUNK_SIZE: "3" } });
    const key = t.key("acme");
    const items = answers.map((answer, i) => ({ candidate: `c${i}`, externalId: `e${i}`, round: 1, answer }));
    const res = await submit(t, key, JSON.stringify({ rubric: "mini-cache", items }), "application/json");
    expect(res.status).toBe(202);
    const created = await documented(res, "POST", "/v1/batches");
    expect(res.headers.get("location")).toBe(`/v1/batches/${created.id}`);
    expect(created).toMatchObject({ status: "queued", total: 4, processed: 0 });
    const done = await finished(t, key, created.id as string);
    expect(done).toMatchObject({ status: "completed", total: 4, processed: 4, counts: { weak: 2, strong: 1, senior: 1 }, needsReview: 1 });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
  });

  it("gives each item the same result as a single grading of the same answer", async () => {
    const t = testApp();
    const key = t.key("acme");
    const items = answers.map((answer, i) => ({ candidate: `c${i}`, round: i % 2 ? "basics" : 1, answer }));
    const created = await documented(await submit(t, key, JSON.stringify({ rubric: "mini-cache", items }), "application/json"), "POST", "/v1/batches");
    await finished(t, key, created.id as string);
    const page = await documented(await t.call("GET", `/v1/batches/${created.id}/results`, { key }), "GET", "/v1/batches/{id}/results");
    const results = page.items as { classification: string; score: number; missing: string[]; candidate: string }[];
    expect(results).toHaveLength(4);
    for (const [i, r] of results.entries()) {
      const single = await documented(
        await t.call("POST", "/v1/gradings/preview", { key, body: { rubric: "mini-cache", round: 1, answer: answers[i] } }),
        "POST",
        "/v1/gradings/preview",
      );
      expect(r.classification).toBe(single.classification);
      expect(r.score).toBe(single.score);
      expect(r.missing).toEqual((single.missing as { id: string }[]).map((m) => m.id));
      expect(r.candidate).toBe(`c${i}`);
    }
  });

  it("refuses an upload with bad rows, listing row, field and problem, and stores nothing", async () => {
    const t = testApp();
    const key = t.key("acme");
    const ndjson = [
      JSON.stringify({ candidate: "a", round: 1, answer: answers[0] }),
      "{oops",
      JSON.stringify({ candidate: "b", round: 7, answer: answers[1] }),
      JSON.stringify({ candidate: "c", round: 1 }),
    ].join("\n");
    const res = await submit(t, key, ndjson, "application/x-ndjson", "?rubric=mini-cache");
    expect(res.status).toBe(422);
    const p = await documented(res, "POST", "/v1/batches");
    expect(p.rows).toEqual([
      { row: 2, field: "(line)", message: expect.stringMatching(/not valid JSON/) },
      { row: 3, field: "round", message: '"7" is not a round of this rubric' },
      { row: 4, field: "answer", message: "required: a string" },
    ]);
    const list = await documented(await t.call("GET", "/v1/batches", { key }), "GET", "/v1/batches");
    expect(list.items).toEqual([]);
  });

  it("accepts the valid rows with skipInvalid=true and reports the skipped ones", async () => {
    const t = testApp();
    const key = t.key("acme");
    const csv = `candidate,round,answer,externalId\nann,1,"${answers[0]}",x1\nbob,9,"${answers[1]}",x2\ncid,basics,"multi\nline, with comma",x3\n`;
    const res = await submit(t, key, csv, "text/csv", "?rubric=mini-cache&skipInvalid=true");
    expect(res.status).toBe(202);
    const created = await documented(res, "POST", "/v1/batches");
    expect(created.total).toBe(2);
    expect(created.skipped).toEqual([{ row: 3, field: "round", message: '"9" is not a round of this rubric' }]);
    await finished(t, key, created.id as string);
    const csvOut = await (await t.call("GET", `/v1/batches/${created.id}/results?format=csv`, { key })).text();
    const lines = csvOut.trim().split("\n");
    expect(lines[0]).toBe("candidate,externalId,round,classification,score,maxScore,missing,needsReview,reviewedClassification,row,gradingId");
    expect(lines[1]).toMatch(/^ann,x1,1,strong,3,4,sizing,false,,2,/);
    expect(lines[2]).toMatch(/^cid,x3,1,weak,/);
  });

  it.each([
    ["a CSV without the answer column", "candidate,round\na,1\n", "text/csv", "?rubric=mini-cache"],
    ["an empty CSV", "", "text/csv", "?rubric=mini-cache"],
    ["a CSV row with a field too many", "candidate,round,answer\nann,1,fine\nbob,1,one,two\n", "text/csv", "?rubric=mini-cache"],
    ["NDJSON without a rubric", JSON.stringify({ round: 1, answer: "x" }), "application/x-ndjson", ""],
    ["an unknown rubric", JSON.stringify({ rubric: "nope", items: [{ round: 1, answer: "x" }] }), "application/json", ""],
    ["items that are not a list", JSON.stringify({ rubric: "mini-cache", items: "x" }), "application/json", ""],
    ["a JSON body that is a list, not an object", JSON.stringify([{ round: 1, answer: "x" }]), "application/json", ""],
  ])("422 for %s", async (_name, body, type, query) => {
    const t = testApp();
    const res = await submit(t, t.key("acme"), body, type, query);
    expect(res.status).toBe(422);
    await documented(res, "POST", "/v1/batches");
  });

  it.each([
    ["cut short", '{"rubric": "mini-cache", "items": [{"round": 1, "answer": "x"}'],
    ["a broken element", '{"rubric": "mini-cache", "items": [{"round": 1, "answer": }]}'],
    ["not JSON at all", "rubric=mini-cache"],
  ])("400 for a JSON body %s, naming the byte", async (_name, body) => {
    const t = testApp();
    const res = await submit(t, t.key("acme"), body, "application/json");
    expect(res.status).toBe(400);
    const problem = await documented(res, "POST", "/v1/batches");
    expect(problem.detail).toMatch(/not valid JSON: .* at byte \d+/);
    expect(t.db.$client.prepare("select count(*) as n from batches").get()).toEqual({ n: 0 });
  });

  it("refuses deeply nested and invalid UTF-8 uploads row by row, and keeps serving", async () => {
    const t = testApp();
    const key = t.key("acme");
    const deep = `{"rubric": "mini-cache", "items": [{"round": ${"[".repeat(200_000)}${"]".repeat(200_000)}, "answer": "x"}, ${"[".repeat(200_000)}${"]".repeat(200_000)}]}`;
    const res = await submit(t, key, deep, "application/json");
    expect(res.status).toBe(422);
    const problem = await documented(res, "POST", "/v1/batches");
    expect(problem.rows).toEqual([
      { row: 1, field: "round", message: expect.stringMatching(/required/) },
      { row: 2, field: "(row)", message: "must be an object" },
    ]);
    // Bytes that are not UTF-8 are read as replacement characters, never a crash.
    const bytes = Buffer.concat([Buffer.from('{"rubric": "mini-cache", "items": [{"round": 1, "answer": "cache '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' it"}]}')]);
    const bad = await t.app.request("/v1/batches", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: bytes });
    expect(bad.status).toBe(202);
    const ok = await submit(t, key, JSON.stringify({ rubric: "mini-cache", items: [{ round: 1, answer: answers[0] }] }), "application/json");
    expect(ok.status).toBe(202);
  });

  it("413 over the batch size limit and 422 over the item limit", async () => {
    const t = testApp({ env: { MAX_BATCH_BYTES: "500", MAX_BATCH_ITEMS: "2" } });
    const key = t.key("acme");
    const big = await submit(t, key, JSON.stringify({ rubric: "mini-cache", items: [{ round: 1, answer: "x".repeat(600) }] }), "application/json");
    expect(big.status).toBe(413);
    await documented(big, "POST", "/v1/batches");
    const many = await submit(t, key, JSON.stringify({ rubric: "mini-cache", items: [1, 2, 3].map(() => ({ round: 1, answer: "a" })) }), "application/json");
    expect(many.status).toBe(422);
    await documented(many, "POST", "/v1/batches");
  });

  it("replays a retried upload with the same Idempotency-Key and creates one batch", async () => {
    const t = testApp();
    const key = t.key("acme");
    const body = JSON.stringify({ rubric: "mini-cache", items: [{ round: 1, answer: answers[0] }] });
    const headers = { "content-type": "application/json", "Idempotency-Key": "upload-1" };
    const a = await t.call("POST", "/v1/batches", { key, raw: body, headers });
    const b = await t.call("POST", "/v1/batches", { key, raw: body, headers });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect((await documented(b, "POST", "/v1/batches")).id).toBe((await documented(a, "POST", "/v1/batches")).id);
    await t.runner.idle();
    const list = await documented(await t.call("GET", "/v1/batches", { key }), "GET", "/v1/batches");
    expect(list.items).toHaveLength(1);
  });
});

describe("cancel, results formats and isolation", () => {
  it("cancels a batch and keeps what was graded", async () => {
    const t = testApp({ env: { BATCH_CHUNK_SIZE: "1" } });
    const key = t.key("acme");
    const items = Array.from({ length: 20 }, (_, i) => ({ round: 1, answer: answers[i % 4] }));
    const created = await documented(await submit(t, key, JSON.stringify({ rubric: "mini-cache", items }), "application/json"), "POST", "/v1/batches");
    const res = await t.call("POST", `/v1/batches/${created.id}/cancel`, { key });
    expect(res.status).toBe(200);
    expect((await documented(res, "POST", "/v1/batches/{id}/cancel")).status).toBe("cancelled");
    const after = await finished(t, key, created.id as string);
    expect(after.status).toBe("cancelled");
    expect(after.processed).toBeLessThan(20);
  });

  it("streams the same results as NDJSON and CSV as the JSON pages", async () => {
    const t = testApp();
    const key = t.key("acme");
    const items = Array.from({ length: 7 }, (_, i) => ({ candidate: `c${i}`, round: 1, answer: answers[i % 4] }));
    const created = await documented(await submit(t, key, JSON.stringify({ rubric: "mini-cache", items }), "application/json"), "POST", "/v1/batches");
    await finished(t, key, created.id as string);
    const pages: { gradingId: string; classification: string }[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `?limit=3&cursor=${cursor}` : "?limit=3";
      const page = await documented(await t.call("GET", `/v1/batches/${created.id}/results${q}`, { key }), "GET", "/v1/batches/{id}/results");
      pages.push(...(page.items as { gradingId: string; classification: string }[]));
      cursor = page.nextCursor as string | null;
    } while (cursor);
    expect(pages).toHaveLength(7);
    const nd = await t.call("GET", `/v1/batches/${created.id}/results`, { key, headers: { accept: "application/x-ndjson" } });
    expect(nd.headers.get("content-type")).toBe("application/x-ndjson");
    const ndRows = (await nd.text()).trim().split("\n").map((l) => JSON.parse(l) as { gradingId: string; classification: string });
    expect(ndRows.map((r) => [r.gradingId, r.classification])).toEqual(pages.map((r) => [r.gradingId, r.classification]));
    const csv = (await (await t.call("GET", `/v1/batches/${created.id}/results?format=csv`, { key })).text()).trim().split("\n");
    expect(csv.slice(1).map((l) => l.split(",").at(-1))).toEqual(pages.map((r) => r.gradingId));
  });

  it("never lets another organisation see, poll, cancel or download a batch", async () => {
    const t = testApp();
    const key = t.key("acme");
    const created = await documented(
      await submit(t, key, JSON.stringify({ rubric: "mini-cache", items: [{ round: 1, answer: answers[0] }] }), "application/json"),
      "POST",
      "/v1/batches",
    );
    await t.runner.idle();
    const other = t.key("globex", ["grade", "read"]);
    for (const [method, path, template] of [
      ["GET", `/v1/batches/${created.id}`, "/v1/batches/{id}"],
      ["POST", `/v1/batches/${created.id}/cancel`, "/v1/batches/{id}/cancel"],
      ["GET", `/v1/batches/${created.id}/results`, "/v1/batches/{id}/results"],
      ["GET", `/v1/batches/${created.id}/results?format=csv`, "/v1/batches/{id}/results"],
    ] as const) {
      const res = await t.call(method, path, { key: other });
      expect(res.status, path).toBe(404);
      await documented(res, method, template);
    }
    const list = await documented(await t.call("GET", "/v1/batches", { key: other }), "GET", "/v1/batches");
    expect(list.items).toEqual([]);
  });

  it("needs a key and the right scope", async () => {
    const t = testApp();
    const body = JSON.stringify({ rubric: "mini-cache", items: [{ round: 1, answer: "x" }] });
    expect((await t.call("POST", "/v1/batches", { raw: body, headers: { "content-type": "application/json" } })).status).toBe(401);
    expect((await submit(t, t.key("acme", ["read"]), body, "application/json")).status).toBe(403);
    expect((await t.call("GET", "/v1/batches", { key: t.key("acme", ["grade"]) })).status).toBe(403);
  });
});

describe("storing a large upload", () => {
  it("stores items in slices, serving other work in between, and shows the batch only once all are in", async () => {
    const t = testApp();
    const key = t.key("acme");
    const items = Array.from({ length: 4_500 }, (_, i) => ({ round: 1, answer: answers[i % answers.length] }));
    const seen: { status: number; batches: number }[] = [];
    let storing = true;
    const upload = submit(t, key, JSON.stringify({ rubric: "mini-cache", items }), "application/json").finally(() => {
      storing = false;
    });
    // Requests that arrive while the items are being stored are answered before the upload is.
    for (let turn = 0; storing && turn < 10_000; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      const rows = t.db.$client.prepare("select count(*) as n from batch_items").get() as { n: number };
      if (rows.n > 0 && rows.n < items.length && storing) {
        const list = await documented(await t.call("GET", "/v1/batches", { key }), "GET", "/v1/batches");
        seen.push({ status: 200, batches: (list.items as unknown[]).length });
      }
    }
    const res = await upload;
    expect(res.status).toBe(202);
    // Seen part-way: some items stored, the batch not yet listed.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.batches === 0)).toBe(true);
    const created = await documented(res, "POST", "/v1/batches");
    expect(created.total).toBe(items.length);
    const list = await documented(await t.call("GET", "/v1/batches", { key }), "GET", "/v1/batches");
    expect((list.items as { id: string }[]).map((b) => b.id)).toEqual([created.id]);
  });

  it("discards at start an upload a stopped process left half stored", async () => {
    const t = testApp();
    const key = t.key("acme");
    const org = (t.db.$client.prepare("select id from organisations where name = 'acme'").get() as { id: string }).id;
    t.db.$client
      .prepare("insert into batches (id, organisation_id, rubric_id, status, total, processed, weak, strong, senior, needs_review, created_at) values ('half', ?, 'mini-cache', 'uploading', 10, 0, 0, 0, 0, 0, 0)")
      .run(org);
    t.db.$client.prepare("insert into batch_items (batch_id, seq, source_row, round, answer) values ('half', 0, 1, '1', 'cache it')").run();
    expect((await t.call("GET", "/v1/batches/half", { key })).status).toBe(404);
    const { discardUnfinishedUploads } = await import("../../src/services/batches.js");
    expect(discardUnfinishedUploads(t.db)).toBe(1);
    expect(t.db.$client.prepare("select count(*) as n from batch_items").get()).toEqual({ n: 0 });
    expect(t.db.$client.prepare("select count(*) as n from batches").get()).toEqual({ n: 0 });
  });
});
