// The rubrics the service grades with, loaded once at start, each tied to a
// stored rubric version (content hash and full source) that gradings point at.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import type { CompiledRubric } from "../core/index.js";
import type { Db } from "../db/client.js";
import { rubricVersions } from "../db/schema.js";
import { compileRubricText, rubricFiles } from "./rubrics.js";
import { rememberRubricVersion } from "./stored-score.js";

export interface LoadedRubric {
  compiled: CompiledRubric;
  source: string;
  contentHash: string;
  versionRowId: number;
}

export type RubricRegistry = Map<string, LoadedRubric>;

/** Loads every rubric in a folder and records its version in the database. */
export function loadRegistry(db: Db, dir: string, now: Date): RubricRegistry {
  const registry: RubricRegistry = new Map();
  for (const file of rubricFiles(dir)) {
    const source = readFileSync(file, "utf8");
    // The build's snapshot when the file is unchanged since (no YAML parse, no re-tokenizing); else the file itself.
    const compiled = compileRubricText(source, file);
    if (registry.has(compiled.id)) throw new Error(`${file}: rubric id "${compiled.id}" is used by another file`);
    const contentHash = createHash("sha256").update(source).digest("hex");
    const where = and(eq(rubricVersions.rubricId, compiled.id), eq(rubricVersions.contentHash, contentHash));
    let row = db.select({ id: rubricVersions.id }).from(rubricVersions).where(where).get();
    if (!row) {
      db.insert(rubricVersions)
        .values({ rubricId: compiled.id, version: compiled.version, contentHash, source, createdAt: now.getTime() })
        .run();
      row = db.select({ id: rubricVersions.id }).from(rubricVersions).where(where).get();
    }
    if (!row) throw new Error(`could not record rubric version of ${file}`);
    rememberRubricVersion(db, row.id, compiled);
    registry.set(compiled.id, { compiled, source, contentHash, versionRowId: row.id });
  }
  return registry;
}
