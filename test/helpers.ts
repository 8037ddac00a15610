import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { findRound, parseRubric, type CompiledRound } from "../src/core/index.js";

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export const miniRubric = parseRubric(readFileSync(fixture("mini-rubric.yaml"), "utf8"), "mini-rubric.yaml");

export function miniRound(): CompiledRound {
  const round = findRound(miniRubric, 1);
  if (!round) throw new Error("fixture has no round 1");
  return round;
}

/** Whether a result carries the keyword-stuffing flag. */
export function stuffed(result: { flags: readonly { code: string }[] }): boolean {
  return result.flags.some((f) => f.code === "keyword-stuffing");
}
