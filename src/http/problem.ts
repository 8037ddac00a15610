// RFC 9457 problem details: the one error shape of the API.
import type { Context } from "hono";
import { ApiError, ERROR_CODES, type ErrorCode, type FieldError } from "../services/errors.js";

export const PROBLEM_TYPE_BASE = "https://gauntlet-grader.dev/problems/";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function problemBody(code: ErrorCode, detail: string, instance?: string, errors?: FieldError[], extra?: Record<string, unknown>): Problem {
  const { status, title } = ERROR_CODES[code];
  const body: Problem = { type: `${PROBLEM_TYPE_BASE}${code}`, title, status, detail, ...extra };
  if (instance) body.instance = instance;
  if (errors?.length) body.errors = errors;
  return body;
}

export function problem(c: Context, error: ApiError): Response {
  const body = problemBody(error.code, error.detail, c.req.path, error.errors, error.extra);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json", "x-request-id": String(c.get("requestId") ?? "") },
  });
}
