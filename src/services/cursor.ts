// Page cursors for lists ordered newest first: the last row's creation time
// and id, opaque to clients (base64url JSON).
import { ApiError } from "./errors.js";

export interface Cursor {
  at: number;
  id: string;
}

export function encodeCursor(at: number, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString("base64url");
}

/** The position a cursor stands for; 422 naming the cursor field when it is not one this API made. */
export function decodeCursor(cursor: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof at === "number" && typeof id === "string") return { at, id };
  } catch {
    // reported below
  }
  throw new ApiError("validation-failed", "The cursor is not one this API returned.", [{ field: "cursor", message: "is not a valid cursor" }]);
}
