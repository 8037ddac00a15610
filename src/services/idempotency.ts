// Idempotency-Key: the first request with a key runs and its response is kept
// for 24 hours; the same key with the same request replays it; with another
// request it is refused; while the first is still running, a second gets 409.
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { idempotencyRecords } from "../db/schema.js";
import { ApiError } from "./errors.js";

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export type Begin = { kind: "new" } | { kind: "replay"; status: number; body: string };

export function requestHash(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method}\n${path}\n${body}`).digest("hex");
}

/** Claims the key for this request, or says what to answer instead. Runs in one transaction. */
export function beginIdempotent(db: Db, organisationId: string, key: string, hash: string, now: Date): Begin {
  return db.transaction((tx) => {
    const where = and(eq(idempotencyRecords.organisationId, organisationId), eq(idempotencyRecords.key, key));
    const found = tx.select().from(idempotencyRecords).where(where).get();
    if (found && now.getTime() - found.createdAt < IDEMPOTENCY_WINDOW_MS) {
      if (found.requestHash !== hash) {
        throw new ApiError("idempotency-mismatch", "This Idempotency-Key was used with a different request in the last 24 hours.");
      }
      if (found.state === "in-flight") throw new ApiError("conflict", "A request with this Idempotency-Key is still being processed; retry shortly.");
      return { kind: "replay", status: found.responseStatus ?? 200, body: found.responseBody ?? "" } as const;
    }
    if (found) tx.delete(idempotencyRecords).where(where).run();
    tx.insert(idempotencyRecords).values({ organisationId, key, requestHash: hash, state: "in-flight", createdAt: now.getTime() }).run();
    return { kind: "new" } as const;
  });
}

export function completeIdempotent(db: Db, organisationId: string, key: string, status: number, body: string): void {
  db.update(idempotencyRecords)
    .set({ state: "done", responseStatus: status, responseBody: body })
    .where(and(eq(idempotencyRecords.organisationId, organisationId), eq(idempotencyRecords.key, key)))
    .run();
}

/** A request that failed leaves no record, so the client may retry with the same key. */
export function abandonIdempotent(db: Db, organisationId: string, key: string): void {
  db.delete(idempotencyRecords)
    .where(and(eq(idempotencyRecords.organisationId, organisationId), eq(idempotencyRecords.key, key)))
    .run();
}
