// The grader CLI end to end: a real process on temporary files.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../helpers.js";

const bin = join(import.meta.dirname, "../../dist/src/cli/main.js");
const rubric = fixture("mini-rubric.yaml");
let dir: string;

function grader(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: "utf8", cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "grader-cli-"));
});

const strong = "I would cache the database result and give each entry a ttl so it expires, then track the hit ratio.";

describe("grader grade", () => {
  it("grades JSONL in input order and reports a bad row by line without stopping", () => {
    const input = join(dir, "in.jsonl");
    writeFileSync(
      input,
      [
        JSON.stringify({ id: "a", round: 1, answer: strong, candidate: "c-1" }),
        "{not json",
        JSON.stringify({ id: "b", round: "basics", answer: "buy a bigger database" }),
        JSON.stringify({ id: "c", round: 7, answer: strong }),
        JSON.stringify({ id: "d", round: 1 }),
      ].join("\n"),
    );
    const out = join(dir, "out.jsonl");
    const r = grader(["grade", "--rubric", rubric, "--input", input, "--output", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2: not valid JSON/);
    expect(r.stderr).toMatch(/line 4: round: "7" is not a round of mini-cache \(valid: 1\/basics, 2\/edge-cases\)/);
    expect(r.stderr).toMatch(/line 5: answer: required/);
    const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(["a", "b"]);
    expect(lines[0]).toMatchObject({ id: "a", candidate: "c-1", round: 1, classification: "strong", maxScore: 4, needsReview: false });
    expect(lines[0].matched).toEqual(["add-cache", "invalidation", "hit-ratio"]);
    expect(lines[0].missing).toEqual(["sizing"]);
    expect(lines[1]).toMatchObject({ id: "b", classification: "weak" });
  });

  it("reads CSV with quoted fields and writes CSV when the output ends in .csv", () => {
    const input = join(dir, "in.csv");
    writeFileSync(input, `id,round,answer,candidate\n1,1,"${strong.replace("cache", '""cache""')}",ann\n2,basics,"line one\nline two, with comma",bob\n`);
    const out = join(dir, "out.csv");
    const r = grader(["grade", "--rubric", rubric, "--input", input, "--output", out]);
    expect(r.code).toBe(0);
    const rows = readFileSync(out, "utf8").trim().split("\n");
    expect(rows[0]).toBe("id,candidate,round,classification,score,maxScore,matched,missing,flags,needsReview");
    expect(rows[1]).toMatch(/^1,ann,1,strong,3,4,add-cache;invalidation;hit-ratio,sizing,,false$/);
    expect(rows[2]).toMatch(/^2,bob,1,weak,/);
  });

  it("uses stdin and stdout when no file is named", () => {
    const r = grader(["grade", "--rubric", rubric], JSON.stringify({ id: 5, round: 1, answer: strong }) + "\n");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: "5", classification: "strong" });
  });

  it("names the missing CSV columns", () => {
    const r = grader(["grade", "--rubric", rubric], "id,text\n1,hello\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/header: missing column\(s\) round, answer/);
  });

  it("refuses an unknown rubric id and lists the known ones", () => {
    const r = grader(["grade", "--rubric", "no-such-rubric"], "");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rubric "no-such-rubric"/);
  });
});

describe("grader rubrics check", () => {
  it("passes a valid rubric whose examples grade as labelled", () => {
    const r = grader(["rubrics", "check", rubric]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/6\/6 examples graded as expected/);
  });

  it("notes, without failing, a phrase that keeps one word once its stop words are dropped", () => {
    const thin = join(dir, "thin.yaml");
    writeFileSync(thin, readFileSync(rubric, "utf8").replace('"hit ratio"', '"the other hits"'));
    const r = grader(["rubrics", "check", "--phrases", thin]);
    expect(r.stderr).toMatch(/note: 1 phrase\(s\) keep one word/);
    expect(r.stderr).toMatch(/rounds\[0\]\.concepts\[2\]\.patterns\[0\]: "the other hits" matches "hit" alone/);
    expect(grader(["rubrics", "check", rubric]).stderr).not.toMatch(/note:/);
  });

  it("fails a malformed rubric naming the file and path", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, readFileSync(rubric, "utf8").replace("weight: 1\n", "").replace("kind: core", "kind: central"));
    const r = grader(["rubrics", "check", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}: rounds[0].concepts[0].kind:`);
  });

  it("fails when an example grades differently from its label", () => {
    const off = join(dir, "off.yaml");
    writeFileSync(off, readFileSync(rubric, "utf8").replace("level: weak", "level: senior"));
    const r = grader(["rubrics", "check", off]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/examples\[0\] \(round 1\): expected senior, graded weak/);
  });
});

describe("grader eval", () => {
  const labelled = (): string => {
    const file = join(dir, "labelled.jsonl");
    writeFileSync(
      file,
      [
        { id: "s1", round: 1, label: "strong", answer: strong },
        { id: "w1", round: 1, label: "weak", answer: "buy a bigger database box" },
        { id: "x1", round: 1, label: "senior", answer: "buy a bigger database box" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    return file;
  };

  it("prints agreement, kappa, severe errors and the ids graded wrongly", () => {
    const r = grader(["eval", "--rubric", rubric, "--input", labelled()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/exact agreement: 66\.7%/);
    expect(r.stdout).toMatch(/severe errors: 1/);
    expect(r.stdout).toMatch(/x1 \(round 1\): senior -> weak {2}SEVERE/);
    expect(r.stdout).toMatch(/r1 add-cache\s+0\.0%\s+100\.0%\s+0\.0%/);
  });

  it("fails under the agreement bar or over the severe limit", () => {
    expect(grader(["eval", "--rubric", rubric, "--input", labelled(), "--min-agreement", "0.9"]).code).toBe(1);
    expect(grader(["eval", "--rubric", rubric, "--input", labelled(), "--max-severe", "0"]).code).toBe(1);
    expect(grader(["eval", "--rubric", rubric, "--input", labelled(), "--min-agreement", "0.6", "--max-severe", "1"]).code).toBe(0);
  });
});
