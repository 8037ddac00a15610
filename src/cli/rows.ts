// Input rows for `grader grade` and `grader eval`: JSONL or CSV, each row
// checked on its own so one bad line never stops the others.
import { LEVELS, type Level } from "../core/index.js";
import { parseCsv } from "../core/csv.js";

export interface InputRow {
  line: number;
  id: string;
  round: string;
  answer: string;
  candidate?: string;
  label?: Level;
}

export interface RowError {
  line: number;
  message: string;
}

export type Format = "jsonl" | "csv";

export function detectFormat(text: string, fileName?: string): Format {
  if (fileName && /\.csv$/i.test(fileName)) return "csv";
  if (fileName && /\.(jsonl|ndjson|json)$/i.test(fileName)) return "jsonl";
  return text.trimStart().startsWith("{") ? "jsonl" : "csv";
}

function check(obj: Record<string, unknown>, line: number, needLabel: boolean): InputRow | RowError {
  const problems: string[] = [];
  const id = obj.id;
  if (!(typeof id === "string" && id.trim()) && !(typeof id === "number" && Number.isFinite(id))) {
    problems.push("id: required, a non-empty string or a number");
  }
  const round = obj.round;
  if (!(typeof round === "string" && round.trim()) && !(typeof round === "number" && Number.isInteger(round))) {
    problems.push("round: required, a round number or key");
  }
  if (typeof obj.answer !== "string") problems.push("answer: required, a string");
  const candidate = obj.candidate;
  if (candidate !== undefined && candidate !== null && candidate !== "" && typeof candidate !== "string" && typeof candidate !== "number") {
    problems.push("candidate: must be a string");
  }
  const label = obj.label;
  if (needLabel && !LEVELS.includes(label as Level)) problems.push(`label: must be one of ${LEVELS.join(", ")}`);
  if (problems.length) return { line, message: problems.join("; ") };
  const row: InputRow = { line, id: String(id), round: String(round).trim(), answer: obj.answer as string };
  if (candidate !== undefined && candidate !== null && candidate !== "") row.candidate = String(candidate);
  if (needLabel) row.label = label as Level;
  return row;
}

export function readRows(text: string, format: Format, needLabel = false): (InputRow | RowError)[] {
  if (format === "jsonl") {
    const out: (InputRow | RowError)[] = [];
    text.split("\n").forEach((raw, i) => {
      if (!raw.trim()) return;
      let obj: unknown;
      try {
        obj = JSON.parse(raw);
      } catch (e) {
        out.push({ line: i + 1, message: `not valid JSON (${(e as Error).message})` });
        return;
      }
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
        out.push({ line: i + 1, message: "must be a JSON object" });
        return;
      }
      out.push(check(obj as Record<string, unknown>, i + 1, needLabel));
    });
    return out;
  }
  const records = parseCsv(text);
  const header = records[0];
  if (!header) return [];
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const required = needLabel ? ["id", "round", "label", "answer"] : ["id", "round", "answer"];
  const absent = required.filter((r) => !names.includes(r));
  if (absent.length) return [{ line: header.line, message: `header: missing column(s) ${absent.join(", ")}` }];
  return records.slice(1).map((rec) => {
    if (rec.fields.length !== names.length) {
      return { line: rec.line, message: `has ${rec.fields.length} fields, the header has ${names.length}` };
    }
    const obj: Record<string, unknown> = {};
    names.forEach((n, i) => (obj[n] = rec.fields[i]));
    return check(obj, rec.line, needLabel);
  });
}

export function isRowError(r: InputRow | RowError): r is RowError {
  return !("answer" in r);
}
