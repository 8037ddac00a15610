import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { join } from "node:path";
import { packageRoot } from "../services/rubrics.js";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens the database with the pragmas the service relies on:
 * - WAL, so readers never wait for the writer;
 * - synchronous=NORMAL: in WAL mode a commit survives a crash of the process;
 *   only a power loss or OS crash can lose the last transactions (never corrupt the file);
 * - a busy timeout, so a second process (the CLI creating a key) waits instead of failing;
 * - foreign keys enforced.
 */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  return drizzle(sqlite, { schema }) as Db;
}

export function migrationsDir(): string {
  return join(packageRoot(), "migrations");
}

/** Applies the migrations in migrations/ that the database has not seen yet. */
export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: migrationsDir() });
}
