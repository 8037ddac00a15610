import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonArrayStream, JsonSyntaxError, LineStream } from "../../src/core/json-stream.js";

/** Feeds `text` to a fresh reader in chunks cut at the given byte positions. */
function read(text: string, cuts: number[] = []): { members: Record<string, unknown>; items: unknown[]; sawArray: boolean } {
  const bytes = Buffer.from(text, "utf8");
  const items: unknown[] = [];
  const r = new JsonArrayStream("items", (v, i) => {
    expect(i).toBe(items.length);
    items.push(v);
  });
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    r.push(bytes.subarray(from, Math.max(from, Math.min(cut, bytes.length))));
    from = Math.max(from, Math.min(cut, bytes.length));
  }
  r.push(bytes.subarray(from));
  r.end();
  return { members: r.members, items, sawArray: r.sawArray };
}

describe("JsonArrayStream", () => {
  const body = {
    rubric: "r",
    items: [
      { round: 1, answer: 'quotes " and \\\\ and , ] } inside', nested: { a: [1, { b: "]" }] } },
      { round: "probe", answer: "héllo ✓ 🙂", candidate: null },
      [1, 2],
      "plain",
      42,
    ],
    callbackUrl: "https://example.test/hook",
    extra: { deep: [true, false, null] },
  };
  const text = JSON.stringify(body, null, 1);

  it("hands over each element and keeps the other members, as JSON.parse reads them", () => {
    const r = read(text);
    expect(r.items).toEqual(body.items);
    expect(r.members).toEqual({ rubric: "r", callbackUrl: body.callbackUrl, extra: body.extra });
    expect(r.sawArray).toBe(true);
  });

  it("gives the same result wherever the chunks are cut, even inside a multi-byte character", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: Buffer.byteLength(text) }), { maxLength: 8 }), (cuts) => {
        const r = read(text, cuts);
        expect(r.items).toEqual(body.items);
        expect(r.members.rubric).toBe("r");
      }),
      { numRuns: 300 },
    );
    // Every single cut position, once.
    for (let i = 0; i <= Buffer.byteLength(text); i++) expect(read(text, [i]).items).toEqual(body.items);
  });

  it("reads any JSON value as an element, and an empty list", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), fc.nat({ max: 200 }), (items, cut) => {
        expect(read(JSON.stringify({ items, rubric: "x" }), [cut]).items).toEqual(JSON.parse(JSON.stringify(items)));
      }),
      { numRuns: 200 },
    );
    expect(read('{"items": []}').items).toEqual([]);
  });

  it("accepts a byte order mark, and keeps a non-list items member for the caller to refuse", () => {
    expect(read('\uFEFF{"items":[1]}').items).toEqual([1]);
    const r = read('{"items": 5}');
    expect(r.sawArray).toBe(false);
    expect(r.members.items).toBe(5);
  });

  it("refuses malformed bodies with the byte where they go wrong", () => {
    for (const bad of ['[1, 2]', '{"items": [1,]}', '{"items": [1 2]}', '{"items": [1]', '{"a" 1}', '{"items": [1]} x', '{"items": [{"a": }]}', '{"items": [1], "items": [2]}', ""]) {
      expect(() => read(bad), bad).toThrow(JsonSyntaxError);
    }
    expect(() => read('{"items": [1,]}')).toThrow(/at byte 13/);
  });
});

describe("LineStream", () => {
  it("splits lines across chunks, with LF or CRLF, numbering every line", () => {
    const lines: [string, number][] = [];
    const s = new LineStream((text, n) => lines.push([text, n]));
    const bytes = Buffer.from('{"a":1}\r\n\n{"b":"✓"}\nlast', "utf8");
    for (let i = 0; i < bytes.length; i += 3) s.push(bytes.subarray(i, i + 3));
    s.end();
    expect(lines).toEqual([
      ['{"a":1}', 1],
      ["", 2],
      ['{"b":"✓"}', 3],
      ["last", 4],
    ]);
  });
});
