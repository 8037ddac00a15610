#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { run } from "./run.js";
import type { Io } from "./commands.js";

const nodeIo: Io = {
  stdin: () => readFileSync(0, "utf8"),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

process.exitCode = run(process.argv.slice(2), nodeIo);
