import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "../../services/errors.js";
import { hasScope, verifyKey, type Scope } from "../../services/keys.js";
import type { AppEnv } from "../context.js";

/** Every /v1 call needs `Authorization: Bearer <key>`. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) throw new ApiError("unauthorized", "Send an API key as `Authorization: Bearer <key>`.");
  const deps = c.get("deps");
  const identity = verifyKey(deps.db, m[1], deps.clock());
  if (!identity) throw new ApiError("unauthorized", "The API key is not valid or has been revoked.");
  c.set("identity", identity);
  await next();
};

export function requireScope(c: Context<AppEnv>, scope: Scope): void {
  if (!hasScope(c.get("identity"), scope)) {
    throw new ApiError("forbidden", `This operation needs the "${scope}" scope; the key has: ${c.get("identity").scopes.join(", ")}.`);
  }
}
