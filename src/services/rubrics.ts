// Loading rubric files from disk: the I/O edge around the pure compiler.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseRubric, type CompiledRubric } from "../core/index.js";

/** The package root, found from this file whether it runs from src/ or dist/src/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("package.json not found above " + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export function defaultRubricsDir(): string {
  return join(packageRoot(), "rubrics");
}

export function loadRubricFile(path: string): CompiledRubric {
  return parseRubric(readFileSync(path, "utf8"), path);
}

export function rubricFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Every rubric in a folder, by id. A file whose id differs from its name is refused. */
export function loadRubricDir(dir: string): Map<string, CompiledRubric> {
  const out = new Map<string, CompiledRubric>();
  for (const file of rubricFiles(dir)) {
    const rubric = loadRubricFile(file);
    if (out.has(rubric.id)) throw new Error(`${file}: rubric id "${rubric.id}" is used by another file`);
    out.set(rubric.id, rubric);
  }
  return out;
}

/** `--rubric` takes an id from the rubrics folder or a path to a rubric file. */
export function resolveRubric(ref: string, dir = defaultRubricsDir()): CompiledRubric {
  if (/[\\/]/.test(ref) || /\.ya?ml$/.test(ref)) return loadRubricFile(resolve(ref));
  const file = [join(dir, `${ref}.yaml`), join(dir, `${ref}.yml`)].find((f) => existsSync(f));
  if (file) return loadRubricFile(file);
  const known = existsSync(dir) ? rubricFiles(dir).map((f) => basename(f).replace(/\.ya?ml$/, "")) : [];
  throw new Error(`unknown rubric "${ref}"; known rubrics: ${known.join(", ") || "(none)"}`);
}
