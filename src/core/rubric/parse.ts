import { parseDocument } from "yaml";
import type { z } from "zod";
import { compileRubric, RubricError, type CompiledRubric } from "./compile.js";
import { RubricSchema } from "./schema.js";

/** `["rounds", 2, "concepts", 0]` -> `rounds[2].concepts[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out;
}

/** Which branch of the pattern union an input was meant for, by its shape. */
const PATTERN_BRANCHES = ["any", "all", "near", "number"] as const;

function intendedBranch(input: unknown): number {
  if (typeof input === "string") return 0;
  if (typeof input !== "object" || input === null || Array.isArray(input)) return -1;
  const keys = Object.keys(input);
  const at = PATTERN_BRANCHES.findIndex((k) => keys.includes(k));
  return at < 0 ? -1 : at + 1;
}

function describeIssue(i: z.core.$ZodIssue, base: PropertyKey[]): { path: string; message: string }[] {
  const path = [...base, ...i.path];
  if (i.code !== "invalid_union" || !i.errors.length) return [{ path: formatPath(path), message: i.message }];
  // A pattern failed every branch: report the branch its keys show it was meant to be.
  const branch = intendedBranch(i.input);
  const chosen = branch >= 0 ? i.errors[branch] : undefined;
  if (chosen?.length) return chosen.flatMap((inner) => describeIssue(inner, path));
  if (typeof i.input === "object" && i.input !== null && !Array.isArray(i.input)) {
    const keys = Object.keys(i.input).map((k) => `"${k}"`).join(", ") || "no keys";
    return [{ path: formatPath(path), message: `has ${keys}: a pattern object needs one of any, all, near or number` }];
  }
  const got = typeof i.input === "boolean" ? `the boolean ${String(i.input)} (quote words such as "yes" and "no")` : Array.isArray(i.input) ? "a list" : `a ${typeof i.input}`;
  return [{ path: formatPath(path), message: `is ${got}; a pattern is a string, or an object with any, all, near or number` }];
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.flatMap((i) => describeIssue(i, []));
}

/** Parses, validates and compiles rubric YAML (or JSON). Throws RubricError naming source, path and problem. */
export function parseRubric(text: string, sourceName: string): CompiledRubric {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new RubricError(
      sourceName,
      doc.errors.map((e) => ({ path: `line ${e.linePos?.[0]?.line ?? "?"}`, message: e.message.split("\n")[0] ?? e.message })),
    );
  }
  const parsed = RubricSchema.safeParse(doc.toJS({ maxAliasCount: 100 }), { reportInput: true });
  if (!parsed.success) throw new RubricError(sourceName, issuesOf(parsed.error));
  return compileRubric(parsed.data, sourceName);
}
