// API keys: shown once, stored as a SHA-256 hash with a public prefix for
// look-up, compared in constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
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

/** The identity behind a presented key, or null for a malformed, unknown or revoked key. */
export function verifyKey(db: Db, presented: string, now: Date): KeyIdentity | null {
  const m = /^gg_([0-9a-f]{12})_[A-Za-z0-9_-]{32}$/.exec(presented);
  if (!m?.[1]) return null;
  const row = db
    .select({ key: apiKeys, orgName: organisations.name })
    .from(apiKeys)
    .innerJoin(organisations, eq(apiKeys.organisationId, organisations.id))
    .where(eq(apiKeys.prefix, m[1]))
    .get();
  if (!row || row.key.revokedAt !== null) return null;
  const expected = Buffer.from(row.key.hash, "hex");
  const given = Buffer.from(hash(presented), "hex");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  db.update(apiKeys).set({ lastUsedAt: now.getTime() }).where(eq(apiKeys.id, row.key.id)).run();
  return {
    keyId: row.key.id,
    keyName: row.key.name,
    organisationId: row.key.organisationId,
    organisationName: row.orgName,
    scopes: row.key.scopes.split(",") as Scope[],
  };
}

export function hasScope(identity: KeyIdentity, scope: Scope): boolean {
  return identity.scopes.includes("admin") || identity.scopes.includes(scope);
}
