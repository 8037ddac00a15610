// The closed set of errors a service can raise; the HTTP layer maps each to
// an RFC 9457 problem with its status.

export const ERROR_CODES = {
  "bad-request": { status: 400, title: "Bad request" },
  unauthorized: { status: 401, title: "Missing or invalid API key" },
  forbidden: { status: 403, title: "The API key lacks the scope this operation needs" },
  "not-found": { status: 404, title: "Not found" },
  conflict: { status: 409, title: "A request with this Idempotency-Key is still in progress" },
  "payload-too-large": { status: 413, title: "Request body too large" },
  "validation-failed": { status: 422, title: "The request is not valid" },
  "idempotency-mismatch": { status: 422, title: "Idempotency-Key reused with a different request" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  internal: { status: 500, title: "Internal error" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail);
    this.name = "ApiError";
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}
