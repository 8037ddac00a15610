// API keys: shown once, stored as a SHA-256 hash with a public prefix for
// look-up, compared in constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Statement } from "better-sqlite3";
import type { Db } from "../db/client.js";
import { apiKeys, organisations } from "../db/schema.js";

export const SCOPES = ["grade", "read", "review", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export interface KeyIdentity {
  keyId: string;
  keyName: string;
  organisationId: string;
  organisationName: string;
  scopes: Scope[];
}

const hash = (key: string): string => createHash("sha256").update(key).digest("hex");

export function parseScopes(text: string): Scope[] {
  const scopes = text.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length || scopes.length === 0) {
    throw new Error(`scopes must be a comma-separated list of ${SCOPES.join(", ")}${bad.length ? ` (unknown: ${bad.join(", ")})` : ""}`);
  }
  return [...new Set(scopes)] as Scope[];
}

export function ensureOrganisation(db: Db, name: string, now: Date): string {
  const found = db.select().from(organisations).where(eq(organisations.name, name)).get();
  if (found) return found.id;
  const id = randomUUID();
  db.insert(organisations).values({ id, name, createdAt: now.getTime() }).run();
  return id;
}

export function createKey(db: Db, opts: { org: string; name: string; scopes: Scope[]; now: Date }): { id: string; key: string } {
  const organisationId = ensureOrganisation(db, opts.org, opts.now);
  const prefix = randomBytes(6).toString("hex");
  const key = `gg_${prefix}_${randomBytes(24).toString("base64url")}`;
  const id = randomUUID();
  db.insert(apiKeys)
    .values({ id, organisationId, name: opts.name, prefix, hash: hash(key), scopes: opts.scopes.join(","), createdAt: opts.now.getTime() })
    .run();
  return { id, key };
}

export function listKeys(db: Db) {
  return db
    .select({
      id: apiKeys.id,
      organisation: organisations.name,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(organisations, eq(apiKeys.organisationId, organisations.id))
    .all();
}

export function revokeKey(db: Db, id: string, now: Date): boolean {
  const r = db.update(apiKeys).set({ revokedAt: now.getTime() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).run();
  return r.changes > 0;
}

interface KeyRow {
  id: string;
  organisation_id: string;
  name: string;
  hash: string;
  scopes: string;
  last_used_at: number | null;
  revoked_at: number | null;
  org_name: string;
}

/** Statements on the hot path of every request, prepared once per database. */
const prepared = new WeakMap<Db, { byPrefix: Statement<[string], KeyRow>; touch: Statement<[number, string]> }>();

function statements(db: Db) {
  let s = prepared.get(db);
  if (!s) {
    s = {
      byPrefix: db.$client.prepare<[string], KeyRow>(
        `select k.id, k.organisation_id, k.name, k.hash, k.scopes, k.last_used_at, k.revoked_at, o.name as org_name
         from api_keys k join organisations o on o.id = k.organisation_id where k.prefix = ?`,
      ),
      touch: db.$client.prepare<[number, string]>("update api_keys set last_used_at = ? where id = ?"),
    };
    prepared.set(db, s);
  }
  return s;
}

/** last_used_at is a coarse signal; writing it on every request would serialise all requests on the database. */
const TOUCH_INTERVAL_MS = 60_000;

/** The identity behind a presented key, or null for a malformed, unknown or revoked key. */
export function verifyKey(db: Db, presented: string, now: Date): KeyIdentity | null {
  const m = /^gg_([0-9a-f]{12})_[A-Za-z0-9_-]{32}$/.exec(presented);
  if (!m?.[1]) return null;
  const st = statements(db);
  const row = st.byPrefix.get(m[1]);
  if (!row || row.revoked_at !== null) return null;
  const expected = Buffer.from(row.hash, "hex");
  const given = Buffer.from(hash(presented), "hex");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (row.last_used_at === null || now.getTime() - row.last_used_at >= TOUCH_INTERVAL_MS) st.touch.run(now.getTime(), row.id);
  return {
    keyId: row.id,
    keyName: row.name,
    organisationId: row.organisation_id,
    organisationName: row.org_name,
    scopes: row.scopes.split(",") as Scope[],
  };
}

export function hasScope(identity: KeyIdentity, scope: Scope): boolean {
  return identity.scopes.includes("admin") || identity.scopes.includes(scope);
}
