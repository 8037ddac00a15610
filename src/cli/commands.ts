import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findRound, RubricError, score, type CompiledRubric, type ScoreResult } from "../core/index.js";
import { evaluate, type EvalReport, type Graded } from "../core/eval/metrics.js";
import { defaultRubricsDir, loadRubricFile, resolveRubric, rubricFiles } from "../services/rubrics.js";
import { csvLine } from "../core/csv.js";
import { progressBar } from "./progress.js";
import { detectFormat, isRowError, readRows, type InputRow } from "./rows.js";

export interface Io {
  stdin: () => string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

function readInput(io: Io, file: string | undefined): string {
  return file ? readFileSync(file, "utf8") : io.stdin();
}

interface GradeLine {
  id: string;
  round: number;
  candidate?: string;
  classification: string;
  score: number;
  maxScore: number;
  matched: string[];
  missing: string[];
  flags: string[];
  needsReview: boolean;
}

function toLine(row: InputRow, r: ScoreResult): GradeLine {
  const out: GradeLine = {
    id: row.id,
    round: r.round,
    classification: r.classification,
    score: r.score,
    maxScore: r.maxScore,
    matched: r.concepts.filter((c) => c.matched).map((c) => c.id),
    missing: r.missing.map((m) => m.id),
    flags: [...new Set(r.flags.map((f) => f.code))],
    needsReview: r.needsReview,
  };
  if (row.candidate !== undefined) out.candidate = row.candidate;
  return out;
}

function gradeRow(rubric: CompiledRubric, row: InputRow): ScoreResult | string {
  const round = findRound(rubric, row.round);
  if (!round) {
    return `round: "${row.round}" is not a round of ${rubric.id} (valid: ${rubric.rounds.map((r) => `${r.number}/${r.key}`).join(", ")})`;
  }
  return score(round, row.answer);
}

const CSV_COLUMNS = ["id", "candidate", "round", "classification", "score", "maxScore", "matched", "missing", "flags", "needsReview"] as const;

export function grade(io: Io, opts: { rubric: string; input?: string; output?: string; format?: string; full?: boolean }): number {
  const rubric = resolveRubric(opts.rubric);
  const text = readInput(io, opts.input);
  const rows = readRows(text, detectFormat(text, opts.input));
  const csv = opts.format ? opts.format === "csv" : /\.csv$/i.test(opts.output ?? "");
  const chunks: string[] = csv ? [csvLine([...CSV_COLUMNS])] : [];
  let failed = 0;
  const bar = progressBar(rows.length, "grading");
  rows.forEach((row, i) => {
    bar.tick(i + 1);
    if (isRowError(row)) {
      failed++;
      io.stderr(`line ${row.line}: ${row.message}\n`);
      return;
    }
    const result = gradeRow(rubric, row);
    if (typeof result === "string") {
      failed++;
      io.stderr(`line ${row.line}: ${result}\n`);
      return;
    }
    const line = toLine(row, result);
    if (opts.full && !csv) {
      chunks.push(JSON.stringify({ id: row.id, ...(row.candidate === undefined ? {} : { candidate: row.candidate }), ...result }) + "\n");
      return;
    }
    chunks.push(
      csv
        ? csvLine([line.id, line.candidate, line.round, line.classification, line.score, line.maxScore, line.matched.join(";"), line.missing.join(";"), line.flags.join(";"), line.needsReview])
        : JSON.stringify(line) + "\n",
    );
  });
  bar.end();
  if (opts.output) writeFileSync(opts.output, chunks.join(""));
  else io.stdout(chunks.join(""));
  if (failed) io.stderr(`${failed} of ${rows.length} row(s) failed\n`);
  return failed ? 1 : 0;
}

function evalFiles(input: string): string[] {
  if (statSync(input).isDirectory()) {
    return readdirSync(input)
      .filter((f) => /\.jsonl$/.test(f))
      .sort()
      .map((f) => join(input, f));
  }
  return [input];
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function printReport(io: Io, report: EvalReport): void {
  const o = report.overall;
  const out: string[] = [];
  const matrix = (a: EvalReport["overall"], indent: string): void => {
    out.push(`${indent}expected \\ got   weak strong senior`);
    for (const e of ["weak", "strong", "senior"] as const) {
      const r = a.confusion[e];
      out.push(`${indent}${e.padEnd(16)}${String(r.weak).padStart(5)}${String(r.strong).padStart(7)}${String(r.senior).padStart(7)}`);
    }
  };
  out.push("Confusion (all rounds):");
  matrix(o, "  ");
  for (const { round, agreement: a } of report.rounds) {
    out.push(`Round ${round}: ${pct(a.exact)} exact, kappa ${a.kappa.toFixed(3)}, ${a.severe} severe, n=${a.n}`);
    matrix(a, "    ");
  }
  out.push("Concept match rate by expected level (weak / strong / senior):");
  for (const c of report.concepts) {
    out.push(`  r${c.round} ${c.id.padEnd(34)} ${pct(c.rate.weak).padStart(6)} ${pct(c.rate.strong).padStart(6)} ${pct(c.rate.senior).padStart(6)}`);
  }
  if (report.wrong.length) {
    out.push("Graded differently (id: expected -> got):");
    for (const w of report.wrong) out.push(`  ${w.id} (round ${w.round}): ${w.expected} -> ${w.got}${w.severe ? "  SEVERE" : ""}`);
  }
  out.push(`answers: ${o.n}`);
  out.push(`exact agreement: ${pct(o.exact)}  quadratic weighted kappa: ${o.kappa.toFixed(3)}`);
  out.push(`severe errors: ${o.severe}`);
  io.stdout(out.join("\n") + "\n");
}

export function evalCommand(
  io: Io,
  opts: { rubric: string; inputs: string[]; json?: boolean; minAgreement?: number; maxSevere?: number },
): number {
  const rubric = resolveRubric(opts.rubric);
  const graded: Graded[] = [];
  let failed = 0;
  for (const file of opts.inputs.flatMap(evalFiles)) {
    const text = readFileSync(file, "utf8");
    for (const row of readRows(text, detectFormat(text, file), true)) {
      if (isRowError(row)) {
        failed++;
        io.stderr(`${file}: line ${row.line}: ${row.message}\n`);
        continue;
      }
      const result = gradeRow(rubric, row);
      if (typeof result === "string") {
        failed++;
        io.stderr(`${file}: line ${row.line}: ${result}\n`);
        continue;
      }
      graded.push({
        id: row.id,
        round: result.round,
        expected: row.label ?? "weak",
        got: result.classification,
        matched: result.concepts.filter((c) => c.matched).map((c) => c.id),
      });
    }
  }
  const report = evaluate(
    graded,
    rubric.rounds.flatMap((r) => r.concepts.map((c) => ({ round: r.number, id: c.id }))),
  );
  if (opts.json) io.stdout(JSON.stringify(report, null, 2) + "\n");
  else printReport(io, report);
  let code = failed ? 1 : 0;
  if (opts.minAgreement !== undefined && report.overall.exact < opts.minAgreement) {
    io.stderr(`exact agreement ${pct(report.overall.exact)} is under the bar of ${pct(opts.minAgreement)}\n`);
    code = 1;
  }
  if (opts.maxSevere !== undefined && report.overall.severe > opts.maxSevere) {
    io.stderr(`${report.overall.severe} severe error(s), more than the ${opts.maxSevere} allowed\n`);
    code = 1;
  }
  return code;
}

/** Thin phrases a check shows unless asked for all of them. */
const THIN_SHOWN = 3;

export function checkRubrics(io: Io, files: string[], listThin = false): number {
  const targets = files.length ? files : rubricFiles(defaultRubricsDir());
  let failed = 0;
  for (const file of targets) {
    let rubric: CompiledRubric;
    try {
      rubric = loadRubricFile(file);
    } catch (e) {
      failed++;
      if (e instanceof RubricError) for (const i of e.issues) io.stderr(`${file}: ${i.path || "(root)"}: ${i.message}\n`);
      else io.stderr(`${file}: ${(e as Error).message}\n`);
      continue;
    }
    let wrong = 0;
    rubric.examples.forEach((ex, i) => {
      const round = findRound(rubric, ex.round);
      const got = round ? score(round, ex.answer).classification : "no such round";
      if (got !== ex.level) {
        wrong++;
        io.stderr(`${file}: examples[${i}] (round ${ex.round}): expected ${ex.level}, graded ${got}\n`);
      }
    });
    const missingLevels = rubric.rounds.flatMap((r) =>
      (["weak", "strong", "senior"] as const)
        .filter((l) => !rubric.examples.some((e) => e.round === r.number && e.level === l))
        .map((l) => `round ${r.number} has no ${l} example`),
    );
    for (const m of missingLevels) io.stderr(`${file}: ${m}\n`);
    // A note, not a failure: such phrases are valid, but each matches a single common word.
    const thin = rubric.thinPhrases;
    if (thin.length) {
      const shown = thin.slice(0, listThin ? thin.length : THIN_SHOWN).map((t) => `  ${t.path}: "${t.phrase}" matches "${t.kept}" alone\n`);
      io.stderr(`${file}: note: ${thin.length} phrase(s) keep one word once their stop words are dropped${listThin || thin.length <= THIN_SHOWN ? ":" : ` (the first ${THIN_SHOWN}; --phrases lists all):`}\n${shown.join("")}`);
    }
    if (wrong || missingLevels.length) failed++;
    io.stdout(`${file}: ${rubric.id} v${rubric.version}, ${rubric.rounds.length} round(s), ${rubric.examples.length - wrong}/${rubric.examples.length} examples graded as expected\n`);
  }
  return failed ? 1 : 0;
}
