import type { Context } from "hono";
import { ApiError } from "../services/errors.js";
import { abandonIdempotent, beginIdempotent, completeIdempotent, requestHash } from "../services/idempotency.js";
import type { AppEnv } from "./context.js";

export const REPLAY_HEADER = "Idempotent-Replayed";

type Outcome = { status: 200 | 201 | 202; payload: unknown };

/**
 * Runs a POST once per Idempotency-Key: a repeat with the same body replays
 * the stored response (with `Idempotent-Replayed: true`) and stores nothing new.
 */
export async function idempotent(
  c: Context<AppEnv>,
  body: unknown,
  run: () => Outcome | Promise<Outcome>,
): Promise<Response> {
  const key = c.req.header("idempotency-key");
  const respond = (status: number, text: string, replayed: boolean): Response =>
    new Response(text, {
      status,
      headers: {
        "content-type": "application/json",
        "x-request-id": String(c.get("requestId") ?? ""),
        ...(replayed ? { [REPLAY_HEADER]: "true" } : {}),
      },
    });
  if (key === undefined) {
    const { status, payload } = await run();
    return respond(status, JSON.stringify(payload), false);
  }
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ApiError("validation-failed", "Idempotency-Key must be 1 to 255 visible ASCII characters.", [
      { field: "Idempotency-Key", message: "must be 1 to 255 visible ASCII characters" },
    ]);
  }
  const { db, clock } = c.get("deps");
  const org = c.get("identity").organisationId;
  const begun = beginIdempotent(db, org, key, requestHash(c.req.method, c.req.path, JSON.stringify(body)), clock());
  if (begun.kind === "replay") return respond(begun.status, begun.body, true);
  try {
    const { status, payload } = await run();
    const text = JSON.stringify(payload);
    completeIdempotent(db, org, key, status, text);
    return respond(status, text, false);
  } catch (e) {
    abandonIdempotent(db, org, key);
    throw e;
  }
}
