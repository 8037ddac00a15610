// Every operation of the API, one file each.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context.js";
import * as batchesCreate from "./batches.create.js";
import * as batchesRead from "./batches.read.js";
import * as batchesResults from "./batches.results.js";
import * as echo from "./echo.js";
import * as gradingsCreate from "./gradings.create.js";
import * as gradingsGet from "./gradings.get.js";
import * as gradingsList from "./gradings.list.js";
import * as gradingsPreview from "./gradings.preview.js";
import * as gradingsReview from "./gradings.review.js";
import * as health from "./health.js";
import * as reports from "./reports.js";
import * as rubricsGet from "./rubrics.get.js";
import * as rubricsList from "./rubrics.list.js";

export const publicRoutes = [health];
export const v1Routes = [
  gradingsPreview,
  gradingsCreate,
  gradingsList,
  gradingsGet,
  gradingsReview,
  batchesCreate,
  batchesRead,
  batchesResults,
  rubricsList,
  rubricsGet,
  reports,
  echo,
];

export function registerAll(app: OpenAPIHono<AppEnv>): void {
  for (const r of [...publicRoutes, ...v1Routes]) r.register(app);
}
