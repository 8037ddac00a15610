// A thread with its own connection that moves the WAL into the database file
// now and then. A checkpoint copies pages and syncs the file; run by SQLite's
// automatic checkpoint inside a commit, it stalled the event loop for tens of
// milliseconds a few times a second during a batch. PASSIVE never waits for,
// or blocks, the writer.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const db = new Database(path);
db.pragma("busy_timeout = 5000");

const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy or locked this time: the next tick tries again.
  }
}, intervalMs);

parentPort?.on("message", (msg: unknown) => {
  if (msg !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort?.postMessage("stopped");
  parentPort?.close();
});
