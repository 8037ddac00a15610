import { describe, expect, it } from "vitest";
import { newId } from "../../src/services/ids.js";

describe("row ids", () => {
  it("are version 7 UUIDs", () => {
    const id = newId(Date.UTC(2026, 10, 24));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The first 48 bits are the Unix time in milliseconds.
    expect(parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 24));
  });

  it("sort in the order they were made, within one millisecond and when the clock steps back", () => {
    const t = Date.UTC(2027, 0, 1);
    const ids = [newId(t), newId(t), newId(t), newId(t - 5), newId(t + 1), ...Array.from({ length: 5000 }, () => newId(t + 1))];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
