import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { rotateWebhookSecret, SIGNATURE_HEADER, sign, TIMESTAMP_HEADER, verifySignature } from "../../src/services/webhooks.js";
import { documented, testApp, type TestApp } from "./helpers.js";

interface Received {
  body: string;
  timestamp: string;
  signature: string;
  verified: boolean;
}

/** A local receiver that checks the signature and answers with the given statuses in turn (then 200). */
async function receiver(secret: string, statuses: number[]) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const timestamp = String(req.headers[TIMESTAMP_HEADER.toLowerCase()] ?? "");
      const signature = String(req.headers[SIGNATURE_HEADER.toLowerCase()] ?? "");
      // The test app runs on a fixed clock, so freshness is checked in the unit test below.
      const verified = verifySignature(secret, timestamp, body, signature, Number(timestamp) * 1000);
      received.push({ body, timestamp, signature, verified });
      res.statusCode = !verified ? 401 : (statuses[received.length - 1] ?? 200);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/grader`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function settled(t: TestApp, batchId: string) {
  for (let i = 0; i < 200; i++) {
    const d = t.db.$client.prepare("select state, attempts from webhook_deliveries where batch_id = ?").get(batchId) as { state: string; attempts: number } | undefined;
    if (d && d.state !== "pending") return d;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("delivery did not settle");
}

const env = { WEBHOOK_RETRY_BASE_MS: "20", WEBHOOK_MAX_ATTEMPTS: "3" };
const upload = (url: string) => JSON.stringify({ rubric: "mini-cache", callbackUrl: url, items: [{ round: 1, answer: "cache the database reads with a ttl" }] });

describe("batch webhooks", () => {
  it("POSTs a signed summary when the batch ends, retrying after a failure and recording each attempt", async () => {
    const t = testApp({ env });
    const key = t.key("acme");
    const secret = rotateWebhookSecret(t.db, "acme", new Date());
    const hook = await receiver(secret, [503]);
    try {
      const res = await t.call("POST", "/v1/batches", { key, raw: upload(hook.url), headers: { "content-type": "application/json" } });
      const batch = await documented(res, "POST", "/v1/batches");
      expect(await settled(t, batch.id as string)).toEqual({ state: "delivered", attempts: 2 });
      expect(hook.received).toHaveLength(2);
      expect(hook.received.every((r) => r.verified)).toBe(true);
      const summary = JSON.parse(hook.received[1]?.body ?? "{}") as { event: string; batch: { id: string; processed: number } };
      expect(summary.event).toBe("batch.completed");
      expect(summary.batch).toMatchObject({ id: batch.id, processed: 1 });
      const attempts = t.db.$client.prepare("select attempt, status from webhook_attempts order by id").all();
      expect(attempts).toEqual([{ attempt: 1, status: 503 }, { attempt: 2, status: 200 }]);
    } finally {
      await hook.close();
    }
  });

  it("is refused by a receiver holding another secret, and gives up after the last attempt", async () => {
    const t = testApp({ env });
    const key = t.key("acme");
    rotateWebhookSecret(t.db, "acme", new Date());
    const hook = await receiver("whsec_not-the-right-one", []);
    try {
      const batch = await documented(await t.call("POST", "/v1/batches", { key, raw: upload(hook.url), headers: { "content-type": "application/json" } }), "POST", "/v1/batches");
      expect(await settled(t, batch.id as string)).toEqual({ state: "gave-up", attempts: 3 });
      expect(hook.received.map((r) => r.verified)).toEqual([false, false, false]);
    } finally {
      await hook.close();
    }
  });

  it("refuses a callbackUrl until the organisation has a webhook secret", async () => {
    const t = testApp();
    const res = await t.call("POST", "/v1/batches", { key: t.key("acme"), raw: upload("http://127.0.0.1:9/x"), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(422);
    expect((await documented(res, "POST", "/v1/batches")).errors).toEqual([{ field: "callbackUrl", message: "needs the organisation's webhook secret" }]);
  });
});

describe("signatures", () => {
  it("verify only the exact body, secret and a recent timestamp", () => {
    const now = Date.parse("2026-03-01T10:00:00Z");
    const ts = String(now / 1000);
    const sig = sign("whsec_a", ts, '{"a":1}');
    expect(verifySignature("whsec_a", ts, '{"a":1}', sig, now)).toBe(true);
    expect(verifySignature("whsec_a", ts, '{"a":2}', sig, now)).toBe(false);
    expect(verifySignature("whsec_b", ts, '{"a":1}', sig, now)).toBe(false);
    expect(verifySignature("whsec_a", ts, '{"a":1}', sig, now + 10 * 60_000)).toBe(false);
  });
});
