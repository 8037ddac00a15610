#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { run } from "./run.js";
import type { Io } from "./commands.js";

const nodeIo: Io = {
  stdin: () => readFileSync(0, "utf8"),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

const outcome = run(process.argv.slice(2), nodeIo);
if (outcome === "serving") {
  // Loaded only for `serve`: grading from the command line never opens the server stack.
  const { runServer } = await import("../main.js");
  await runServer();
} else {
  process.exitCode = await outcome;
}
