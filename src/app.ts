// createApp(deps): the Hono app with every route. No side effects at import,
// never listens: main.ts serves it, tests call app.request().
import type { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "./services/errors.js";
import type { AppDeps, AppEnv } from "./http/context.js";
import { registerDocs } from "./http/docs.js";
import { authenticate } from "./http/middleware/auth.js";
import { requestLog } from "./http/middleware/request-log.js";
import { problem } from "./http/problem.js";
import { createRouter } from "./http/router.js";
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
  app.use("/v1/*", async (c, next) => {
    if (["POST", "PATCH", "PUT"].includes(c.req.method)) {
      const type = c.req.header("content-type") ?? "";
      if (!/^application\/(.+\+)?json\b/i.test(type)) {
        throw new ApiError("unsupported-media-type", `Send the body as application/json (got "${type || "no content type"}").`);
      }
    }
    await next();
  });
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: () => {
        throw new ApiError("payload-too-large", `The body is larger than ${deps.config.maxBodyBytes} bytes.`);
      },
    }),
  );
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
