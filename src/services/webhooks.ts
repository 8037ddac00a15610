// Batch webhooks: when a batch with a callbackUrl ends, a summary is POSTed to
// it, signed with HMAC-SHA256 over "<timestamp>.<body>" with the
// organisation's secret, and retried with exponential backoff. Every attempt
// is recorded; deliveries live in the database, so a restart resumes them.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client.js";
import { ensureOrganisation } from "./keys.js";
import { getBatch } from "./batches.js";

export const SIGNATURE_HEADER = "X-Grader-Signature";
export const TIMESTAMP_HEADER = "X-Grader-Timestamp";

export interface WebhookOptions {
  maxAttempts: number;
  /** First retry delay; each further retry waits twice as long. */
  baseDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = { maxAttempts: 6, baseDelayMs: 2_000, timeoutMs: 10_000 };

/** Creates or replaces the organisation's webhook secret and returns it (shown once). */
export function rotateWebhookSecret(db: Db, org: string, now: Date): string {
  const id = ensureOrganisation(db, org, now);
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  db.$client.prepare("update organisations set webhook_secret = ? where id = ?").run(secret, id);
  return secret;
}

export function hasWebhookSecret(db: Db, organisationId: string): boolean {
  const row = db.$client.prepare<[string], { s: string | null }>("select webhook_secret as s from organisations where id = ?").get(organisationId);
  return Boolean(row?.s);
}

export function sign(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver runs: the signature must match and the timestamp be recent (replays refused). */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string, nowMs: number, toleranceMs = 5 * 60_000): boolean {
  const at = Number(timestamp) * 1000;
  if (!Number.isFinite(at) || Math.abs(nowMs - at) > toleranceMs) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Queues a delivery for every ended batch that asked for one and has none yet. */
export function enqueueEnded(db: Db, now: Date): void {
  db.$client
    .prepare(
      `insert into webhook_deliveries (batch_id, url, state, attempts, next_attempt_at, created_at)
       select b.id, b.callback_url, 'pending', 0, ?, ? from batches b
       where b.callback_url is not null and b.status in ('completed', 'cancelled', 'failed')
         and not exists (select 1 from webhook_deliveries d where d.batch_id = b.id)`,
    )
    .run(now.getTime(), now.getTime());
}

interface Due {
  id: number;
  batch_id: string;
  url: string;
  attempts: number;
  organisation_id: string;
  secret: string | null;
}

/** Attempts every delivery that is due; returns how many attempts were made. */
export async function deliverDue(db: Db, now: () => Date, options: WebhookOptions = DEFAULT_WEBHOOK_OPTIONS): Promise<number> {
  const due = db.$client
    .prepare<[number], Due>(
      `select d.id, d.batch_id, d.url, d.attempts, b.organisation_id, o.webhook_secret as secret
       from webhook_deliveries d join batches b on b.id = d.batch_id join organisations o on o.id = b.organisation_id
       where d.state = 'pending' and d.next_attempt_at <= ? order by d.next_attempt_at limit 20`,
    )
    .all(now().getTime());
  for (const d of due) {
    const batch = getBatch(db, d.organisation_id, d.batch_id);
    const body = JSON.stringify({ event: `batch.${batch.status}`, batch });
    const timestamp = String(Math.floor(now().getTime() / 1000));
    let status: number | null = null;
    let error: string | null = null;
    if (!d.secret) {
      error = "the organisation has no webhook secret";
    } else {
      try {
        const res = await fetch(d.url, {
          method: "POST",
          headers: { "content-type": "application/json", [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: sign(d.secret, timestamp, body) },
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (e) {
        error = (e as Error).message;
      }
    }
    const attempt = d.attempts + 1;
    const ok = status !== null && status >= 200 && status < 300;
    const at = now().getTime();
    const state = ok ? "delivered" : attempt >= options.maxAttempts ? "gave-up" : "pending";
    db.$client.transaction(() => {
      db.$client.prepare("insert into webhook_attempts (delivery_id, attempt, status, error, at) values (?, ?, ?, ?, ?)").run(d.id, attempt, status, error, at);
      db.$client
        .prepare("update webhook_deliveries set attempts = ?, state = ?, next_attempt_at = ? where id = ?")
        .run(attempt, state, at + options.baseDelayMs * 2 ** (attempt - 1), d.id);
    })();
  }
  return due.length;
}

export function pendingDeliveries(db: Db): number {
  return (db.$client.prepare("select count(*) as n from webhook_deliveries where state = 'pending'").get() as { n: number }).n;
}
