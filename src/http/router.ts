import { OpenAPIHono } from "@hono/zod-openapi";
import { ApiError } from "../services/errors.js";
import type { AppEnv } from "./context.js";
import { problem } from "./problem.js";
import { ProblemSchema } from "./schemas.js";

/** A router whose validation failures become 422 problems listing each field and what is wrong. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const errors = result.error.issues.map((i) => ({
        field: i.path.length ? i.path.map(String).join(".") : "(body)",
        message: i.message,
      }));
      return problem(c, new ApiError("validation-failed", `${errors.length} field(s) are not valid: ${errors.map((e) => e.field).join(", ")}.`, errors));
    },
  });
}

const DESCRIPTIONS: Record<number, string> = {
  400: "Malformed request (for example, invalid JSON)",
  401: "Missing or invalid API key",
  403: "The API key lacks the needed scope",
  404: "Not found, or owned by another organisation",
  409: "A request with the same Idempotency-Key is in progress",
  413: "Request body too large",
  415: "Body is not JSON",
  422: "Validation failed, or Idempotency-Key reused with another request",
};

/** The problem responses a route can give, for its OpenAPI description. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: DESCRIPTIONS[s] ?? "Problem", content: { "application/problem+json": { schema: ProblemSchema } } }]),
  );
}

export const bearer = [{ bearerAuth: [] }];
