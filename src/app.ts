// createApp(deps): the Hono app with every route. No side effects at import,
// never listens: main.ts serves it, tests call app.request().
import type { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "./services/errors.js";
import type { AppDeps, AppEnv } from "./http/context.js";
import { registerDocs } from "./http/docs.js";
import { authenticate } from "./http/middleware/auth.js";
import { nodeBody } from "./http/middleware/node-body.js";
import { requestLog } from "./http/middleware/request-log.js";
import { problem } from "./http/problem.js";
import { createRouter } from "./http/router.js";
import { BATCH_CONTENT_TYPES } from "./http/routes/batches.create.js";
import { registerAll } from "./http/routes/index.js";

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "gauntlet-grader",
    version: "1.0.0",
    description:
      "Grades free-text answers against a rubric: weak, strong or senior, with evidence, missing concepts and feedback. Errors are RFC 9457 problem+json.",
  },
};

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use("*", requestLog);
  const isBatchUpload = (method: string, path: string): boolean => method === "POST" && path === "/v1/batches";
  app.use("/v1/*", async (c, next) => {
    if (["POST", "PATCH", "PUT"].includes(c.req.method) && !(c.req.method === "POST" && c.req.path.endsWith("/cancel"))) {
      const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      const ok = isBatchUpload(c.req.method, c.req.path) ? type in BATCH_CONTENT_TYPES : /^application\/(.+\+)?json$/.test(type);
      if (!ok) {
        const expected = isBatchUpload(c.req.method, c.req.path) ? "application/json, application/x-ndjson or text/csv" : "application/json";
        throw new ApiError("unsupported-media-type", `Send the body as ${expected} (got "${type || "no content type"}").`);
      }
    }
    await next();
  });
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError("payload-too-large", `The body is larger than ${maxSize} bytes.`);
      },
    });
  const singleLimit = limit(deps.config.maxBodyBytes);
  const batchLimit = limit(deps.config.maxBatchBytes);
  const singleBody = nodeBody(deps.config.maxBodyBytes, singleLimit);
  // Batch uploads are streamed by their route; other bodies are read whole from the Node stream.
  app.use("/v1/*", (c, next) => (isBatchUpload(c.req.method, c.req.path) ? batchLimit(c, next) : singleBody(c, next)));
  app.use("/v1/*", authenticate);
  registerAll(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key from `grader keys create`.",
  });
  app.doc31("/openapi.json", OPENAPI_INFO);
  registerDocs(app);

  app.notFound((c) => problem(c, new ApiError("not-found", `No route ${c.req.method} ${c.req.path}.`)));
  app.onError((err, c) => {
    if (err instanceof ApiError) return problem(c, err);
    if (err instanceof HTTPException) {
      const code = err.status === 413 ? "payload-too-large" : err.status === 401 ? "unauthorized" : "bad-request";
      return problem(c, new ApiError(code, err.message || "The request could not be read."));
    }
    deps.logger({ time: deps.clock().toISOString(), level: "error", requestId: c.get("requestId"), error: String((err as Error).stack ?? err) });
    return problem(c, new ApiError("internal", "Something went wrong on our side; the request id identifies it in the logs."));
  });
  return app;
}
