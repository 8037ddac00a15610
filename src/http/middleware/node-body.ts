// Reads a JSON request body straight from Node's IncomingMessage when the
// server runs on @hono/node-server. Reaching the body through the web
// `Request` makes the adapter build a full fetch Request (abort signal, web
// stream) per call, which cost more than half of a small request's time;
// reading the Node stream and handing the text to Hono's body cache does not.
// Under `app.request()` (tests) there is no IncomingMessage: the caller's
// fallback (Hono's bodyLimit on the web Request) runs instead.
import type { IncomingMessage } from "node:http";
import type { Context, Next } from "hono";
import { ApiError } from "../../services/errors.js";

const tooLarge = (max: number): ApiError => new ApiError("payload-too-large", `The body is larger than ${max} bytes.`);

/** The whole body as UTF-8 text (a byte order mark dropped, bad bytes replaced, as fetch's text() does), at most `max` bytes. */
function readText(incoming: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        // Stop keeping it, but let the rest drain so the answer still reaches the client.
        incoming.off("data", onData);
        incoming.off("end", onEnd);
        incoming.resume();
        reject(tooLarge(max));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve(new TextDecoder("utf-8").decode(Buffer.concat(chunks, size)));
    incoming.on("data", onData);
    incoming.once("end", onEnd);
    incoming.once("error", reject);
  });
}

/** Middleware: puts the body text in Hono's body cache, read from the Node stream; `fallback` when there is none. */
export function nodeBody(max: number, fallback: (c: Context, next: Next) => Promise<Response | void>) {
  return async (c: Context, next: Next): Promise<Response | void> => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!incoming) return fallback(c, next);
    // Methods without a body go on untouched (looking at the web Request would build it).
    if (!["POST", "PUT", "PATCH"].includes(c.req.method) || incoming.readableEnded) return next();
    const declared = Number(c.req.header("content-length"));
    if (declared > max) throw tooLarge(max);
    const text = readText(incoming, max);
    // Hono keeps body promises in this cache; its validators read the text from here.
    (c.req.bodyCache as { text?: Promise<string> }).text = text;
    // A read failure (413) surfaces here rather than inside a validator.
    await text;
    await next();
  };
}
