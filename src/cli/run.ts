import { parseArgs } from "node:util";
import { RubricError } from "../core/index.js";
import { checkRubrics, evalCommand, grade, type Io } from "./commands.js";
import { keysCommand, openapiCommand, webhooksCommand } from "./server-commands.js";
import { batchStatus, downloadResults, submitBatch } from "./batch-commands.js";
import { parseConfig } from "../config.js";
import { writeSnapshots } from "../services/rubrics.js";

const USAGE = `usage:
  grader grade --rubric ID|FILE [--input FILE] [--output FILE] [--format jsonl|csv] [--full]
  grader eval --input FILE|DIR [--input ...] [--rubric ID|FILE] [--json] [--min-agreement 0.9] [--max-severe 0]
  grader rubrics check [--phrases] [FILES...]
  grader serve                      (PORT, DATABASE_PATH, RUBRICS_DIR from the environment)
  grader keys create --org NAME [--scopes grade,read,review,admin] [--name LABEL]
  grader keys list
  grader keys revoke ID
  grader batch submit FILE --rubric ID [--server URL --key KEY] [--skip-invalid] [--output FILE] [--format csv|ndjson]
  grader batch status ID [--server URL --key KEY]
  grader batch results ID [--format csv|ndjson] [--output FILE] [--server URL --key KEY]
  grader webhooks secret --org NAME   (creates or replaces the secret that signs batch webhooks)
  grader openapi [--check]
`;

const DEFAULT_RUBRIC = "network-latency-spikes";

export function run(argv: string[], io: Io): number | "serving" | Promise<number> {
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
      case "batch": {
        const [sub, ...more] = rest;
        const { values, positionals } = parseArgs({
          args: more,
          allowPositionals: true,
          options: {
            rubric: { type: "string" },
            server: { type: "string" },
            key: { type: "string" },
            output: { type: "string" },
            format: { type: "string" },
            "skip-invalid": { type: "boolean" },
          },
        });
        const config = parseConfig();
        const key = values.key ?? config.key;
        if (!key) throw new UsageError("batch needs --key KEY (or GRADER_KEY)");
        const remote = { server: values.server ?? config.server, key };
        const target = positionals[0];
        if (!target) throw new UsageError(`batch ${sub ?? ""} needs ${sub === "submit" ? "a FILE" : "a batch ID"}`);
        if (values.format && !["csv", "ndjson"].includes(values.format)) throw new UsageError("--format is csv or ndjson");
        const failed = (e: unknown): number => {
          io.stderr(`grader: ${(e as Error).message}\n`);
          return 2;
        };
        if (sub === "submit") {
          if (!values.rubric) throw new UsageError("batch submit needs --rubric ID");
          return submitBatch(io, remote, { file: target, rubric: values.rubric, skipInvalid: values["skip-invalid"] ?? false, output: values.output, format: values.format }).catch(failed);
        }
        if (sub === "status") return batchStatus(io, remote, target).catch(failed);
        if (sub === "results") return downloadResults(io, remote, target, values.format ?? "csv", values.output).catch(failed);
        throw new UsageError("batch takes: submit FILE --rubric ID | status ID | results ID [--format csv|ndjson] [--output FILE]");
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
        if (sub !== "check") throw new UsageError("rubrics takes: check [--phrases] [FILES] | snapshot");
        const { values, positionals } = parseArgs({ args: files, options: { phrases: { type: "boolean" } }, allowPositionals: true });
        return checkRubrics(io, positionals, values.phrases ?? false);
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

