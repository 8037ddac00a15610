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

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => {
    // A union failure reports each branch; the most specific one reads best.
    if (i.code === "invalid_union" && i.errors.length) {
      const branches = i.errors.flat();
      const unknown = branches.find((b) => b.code === "unrecognized_keys" && b.path.length === 0);
      if (unknown && unknown.code === "unrecognized_keys" && unknown.keys.length) {
        return {
          path: formatPath(i.path),
          message: `unknown key ${unknown.keys.map((k) => `"${k}"`).join(", ")}: a pattern is a string or an object with any, all, near or number`,
        };
      }
      const deepest = branches.sort((a, b) => b.path.length - a.path.length)[0];
      if (deepest && deepest.path.length > 0) {
        return { path: formatPath([...i.path, ...deepest.path]), message: deepest.message };
      }
      return { path: formatPath(i.path), message: "is not a valid pattern (a string, or an object with any, all, near or number)" };
    }
    return { path: formatPath(i.path), message: i.message };
  });
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
  const parsed = RubricSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) throw new RubricError(sourceName, issuesOf(parsed.error));
  return compileRubric(parsed.data, sourceName);
}
