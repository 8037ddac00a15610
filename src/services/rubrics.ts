// Loading rubric files from disk: the I/O edge around the pure compiler.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileRubric, parseRubric, type CompiledRubric, type PhraseWord, type Rubric } from "../core/index.js";

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

/**
 * Where `npm run build` keeps the validated form of a packaged rubric. A file
 * whose text still has the recorded hash loads from it without parsing YAML
 * again (YAML parsing is most of a cold start); any other file is validated.
 */
function snapshotPath(file: string): string {
  return join(packageRoot(), "dist", "rubrics", `${basename(file).replace(/\.ya?ml$/, "")}.json`);
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

interface Snapshot {
  sourceHash: string;
  rubric: Rubric;
  /** Each pattern phrase as the tokenizer read it at build time. */
  phrases: [string, PhraseWord[]][];
}

export function loadRubricFile(path: string): CompiledRubric {
  return compileRubricText(readFileSync(path, "utf8"), path);
}

/** Compiles the text of a rubric file: from the build's snapshot when the text is the one it was made from. */
export function compileRubricText(text: string, path: string): CompiledRubric {
  const snap = snapshotPath(path);
  if (existsSync(snap)) {
    const snapshot = JSON.parse(readFileSync(snap, "utf8")) as Snapshot;
    if (snapshot.sourceHash === sha256(text)) return compileRubric(snapshot.rubric, path, new Map(snapshot.phrases));
  }
  return parseRubric(text, path);
}

export function writeSnapshots(dir = defaultRubricsDir()): string[] {
  const written: string[] = [];
  for (const file of rubricFiles(dir)) {
    const text = readFileSync(file, "utf8");
    const compiled = parseRubric(text, file);
    const out = snapshotPath(file);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ sourceHash: sha256(text), rubric: compiled.source, phrases: [...compiled.phrases] } satisfies Snapshot));
    written.push(out);
  }
  return written;
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
