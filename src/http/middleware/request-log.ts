import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context.js";

/**
 * A request id (echoed in X-Request-Id) and one JSON log line per request.
 * Logs carry method, path, status and time: never a body, an answer or a key.
 */
export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = c.req.header("x-request-id");
  const requestId = given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
  c.set("requestId", requestId);
  // Set before the handler runs, so it goes out with the response the handler builds; set
  // afterwards it would make the server adapter rebuild that response. Handlers that build a
  // Response themselves add it too (idempotent(), problem(), streamed results).
  c.header("x-request-id", requestId);
  const started = performance.now();
  await next();
  const identity = c.get("identity");
  c.get("deps").logger({
    time: c.get("deps").clock().toISOString(),
    level: c.res.status >= 500 ? "error" : "info",
    requestId,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 100) / 100,
    ...(identity ? { organisation: identity.organisationId, key: identity.keyId } : {}),
  });
};
