import { parseArgs } from "node:util";
import { RubricError } from "../core/index.js";
import { checkRubrics, evalCommand, grade, type Io } from "./commands.js";
import { keysCommand, openapiCommand, webhooksCommand } from "./server-commands.js";
import { writeSnapshots } from "../services/rubrics.js";

const USAGE = `usage:
  grader grade --rubric ID|FILE [--input FILE] [--output FILE] [--format jsonl|csv] [--full]
  grader eval --input FILE|DIR [--input ...] [--rubric ID|FILE] [--json] [--min-agreement 0.9] [--max-severe 0]
  grader rubrics check [FILES...]
  grader serve                      (PORT, DATABASE_PATH, RUBRICS_DIR from the environment)
  grader keys create --org NAME [--scopes grade,read,review,admin] [--name LABEL]
  grader keys list
  grader keys revoke ID
  grader webhooks secret --org NAME   (creates or replaces the secret that signs batch webhooks)
  grader openapi [--check]
`;

const DEFAULT_RUBRIC = "network-latency-spikes";

export function run(argv: string[], io: Io): number | "serving" {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "grade": {
        const { values } = parseArgs({
          args: rest,
          options: {
            rubric: { type: "string" },
            input: { type: "string" },
            output: { type: "string" },
            format: { type: "string" },
            full: { type: "boolean" },
          },
        });
        if (!values.rubric) throw new UsageError("grade needs --rubric");
        if (values.format && !["jsonl", "csv"].includes(values.format)) throw new UsageError("--format is jsonl or csv");
        return grade(io, { rubric: values.rubric, input: values.input, output: values.output, format: values.format, full: values.full });
      }
      case "eval": {
        const { values } = parseArgs({
          args: rest,
          options: {
            rubric: { type: "string" },
            input: { type: "string", multiple: true },
            json: { type: "boolean" },
            "min-agreement": { type: "string" },
            "max-severe": { type: "string" },
          },
        });
        if (!values.input?.length) throw new UsageError("eval needs --input");
        return evalCommand(io, {
          rubric: values.rubric ?? DEFAULT_RUBRIC,
          inputs: values.input,
          json: values.json,
          minAgreement: values["min-agreement"] === undefined ? undefined : Number(values["min-agreement"]),
          maxSevere: values["max-severe"] === undefined ? undefined : Number(values["max-severe"]),
        });
      }
      case "serve":
        return "serving";
      case "keys": {
        const [sub, ...more] = rest;
        const { values, positionals } = parseArgs({
          args: more,
          allowPositionals: true,
          options: { org: { type: "string" }, scopes: { type: "string" }, name: { type: "string" } },
        });
        return keysCommand(io, sub, { ...values, id: positionals[0] });
      }
      case "webhooks": {
        const [sub, ...more] = rest;
        const { values } = parseArgs({ args: more, options: { org: { type: "string" } } });
        return webhooksCommand(io, sub, values);
      }
      case "openapi": {
        const { values } = parseArgs({ args: rest, options: { check: { type: "boolean" } } });
        return openapiCommand(io, values.check ?? false);
      }
      case "rubrics": {
        const [sub, ...files] = rest;
        if (sub === "snapshot") {
          for (const f of writeSnapshots()) io.stdout(`wrote ${f}\n`);
          return 0;
        }
        if (sub !== "check") throw new UsageError("rubrics takes: check [FILES] | snapshot");
        return checkRubrics(io, files);
      }
      default:
        throw new UsageError(command ? `unknown command "${command}"` : "no command given");
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`grader: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof RubricError) {
      for (const i of e.issues) io.stderr(`${e.source}: ${i.path || "(root)"}: ${i.message}\n`);
      return 2;
    }
    io.stderr(`grader: ${(e as Error).message}\n`);
    return 2;
  }
}

class UsageError extends Error {}

