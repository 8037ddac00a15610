import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvStream, parseCsv, type CsvRecord } from "../../src/core/csv.js";

/** Feeds `text` as UTF-8 bytes to a fresh stream, cut at the given byte positions. */
function streamed(text: string, cuts: number[]): CsvRecord[] {
  const bytes = Buffer.from(text, "utf8");
  const out: CsvRecord[] = [];
  const csv = new CsvStream((r) => out.push(r));
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const to = Math.max(from, Math.min(cut, bytes.length));
    csv.push(bytes.subarray(from, to));
    from = to;
  }
  csv.push(bytes.subarray(from));
  csv.end();
  return out;
}

/** A plain character-at-a-time reading of RFC 4180, to check the streaming parser against. */
function reference(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let started = false;
  let line = 1;
  let recordLine = 1;
  const end = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && field === "" && !started)) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    started = false;
  };
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      started = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      started = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      end();
      recordLine = ++line;
    } else {
      field += c;
      started = true;
    }
  }
  if (field !== "" || fields.length > 0 || started) end();
  return records;
}

describe("parseCsv", () => {
  it("reads quoted commas, doubled quotes and line breaks inside quotes, with the line each record starts on", () => {
    const text = 'candidate,round,answer\r\nann,1,"pool it, then ""measure"""\nbob,2,"two\nlines"\n\ncy,3,plain\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["candidate", "round", "answer"] },
      { line: 2, fields: ["ann", "1", 'pool it, then "measure"'] },
      { line: 3, fields: ["bob", "2", "two\nlines"] },
      { line: 6, fields: ["cy", "3", "plain"] },
    ]);
  });

  it("drops a byte order mark, keeps empty fields and reads a last record without a line break", () => {
    expect(parseCsv("\uFEFFa,,c\n,\nx")).toEqual([
      { line: 1, fields: ["a", "", "c"] },
      { line: 2, fields: ["", ""] },
      { line: 3, fields: ["x"] },
    ]);
  });

  it("takes a quote inside an unquoted field as text, and a quote after a closed one as text too", () => {
    expect(parseCsv('say "hi",b\n"q"x,"" ""\n')).toEqual([
      { line: 1, fields: ['say "hi"', "b"] },
      { line: 2, fields: ["qx", ' ""'] },
    ]);
  });

  it("gives the same records however the bytes are cut, also inside multi-byte characters, quotes and CRLF", () => {
    const piece = fc.constantFrom("a", "é", "🙂", ",", '"', '""', "\n", "\r", "\r\n", " ", "x,y", '"q,\n"');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 6 }), (pieces, cuts) => {
        const text = pieces.join("");
        const whole = parseCsv(text);
        expect(whole).toEqual(reference(text));
        expect(streamed(text, cuts)).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it("hands each record over as soon as it ends", () => {
    const seen: string[][] = [];
    const csv = new CsvStream((r) => seen.push(r.fields));
    csv.push(Buffer.from("a,b\nc,"));
    expect(seen).toEqual([["a", "b"]]);
    csv.push(Buffer.from('"d\n'));
    expect(seen).toEqual([["a", "b"]]);
    csv.push(Buffer.from('e"\n'));
    expect(seen).toEqual([["a", "b"], ["c", "d\ne"]]);
    csv.end();
    expect(seen).toHaveLength(2);
  });
});
