import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Checkpointer } from "../../src/db/checkpointer.js";
import { openDatabase } from "../../src/db/client.js";

// The built worker module (npm test builds first): the sources cannot run in a worker thread as they are.
const script = new URL("../../dist/src/db/checkpoint-worker.js", import.meta.url);

const sizeOf = (path: string): number => statSync(path).size;

describe("background checkpoints", () => {
  it("move the WAL into the database file from another thread, and hand checkpoints back when stopped", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "grader-ckpt-")), "g.db");
    const db = openDatabase(path);
    const checkpointer = new Checkpointer(db, path, 20, script);
    // The commits only checkpoint as a backstop, far above the 2 MB written here.
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBeGreaterThan(4_000);
    db.$client.exec("create table t (x text)");
    const insert = db.$client.prepare("insert into t values (?)");
    db.$client.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run("x".repeat(1_000));
    })();
    // The rows are in the WAL; only a checkpoint writes them into the database file.
    for (let i = 0; i < 400 && sizeOf(path) < 1_000_000; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sizeOf(path)).toBeGreaterThan(1_000_000);
    await checkpointer.stop();
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    db.$client.close();
  });
});
