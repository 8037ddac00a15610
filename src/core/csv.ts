// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines.

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

/**
 * A push parser: bytes go in as they arrive (a multi-byte character or a
 * quoted field may be split across chunks) and each record comes out as soon
 * as it ends, so an upload is never held whole.
 */
export class CsvStream {
  private readonly decoder = new TextDecoder("utf-8");
  private fields: string[] = [];
  private field = "";
  private quoted = false;
  private fieldStarted = false;
  private line = 1;
  private recordLine = 1;
  /** Inside quotes, a chunk ended on `"`: the next character decides between `""` and the closing quote. */
  private quoteAtEnd = false;
  /** A chunk ended on `\r`: a `\n` starting the next one belongs to the same line break. */
  private crAtEnd = false;
  private started = false;

  constructor(private readonly onRecord: (record: CsvRecord) => void) {}

  push(chunk: Uint8Array): void {
    this.text(this.decoder.decode(chunk, { stream: true }));
  }

  end(): void {
    this.text(this.decoder.decode());
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      this.quoted = false;
    }
    if (this.field !== "" || this.fields.length > 0 || this.fieldStarted) this.endRecord();
  }

  /** Parses decoded text that continues what came before. */
  text(s: string): void {
    const n = s.length;
    if (n === 0) return;
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.crAtEnd) {
      this.crAtEnd = false;
      if (s.charCodeAt(i) === 10) i++;
    }
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      if (s.charCodeAt(i) === 34) {
        this.field += '"';
        i++;
      } else this.quoted = false;
    }
    // Characters from `mark` to `i` belong to the current field and are appended in one slice.
    let mark = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.quoted) {
        if (c === 34) {
          this.field += s.slice(mark, i);
          i++;
          if (i === n) this.quoteAtEnd = true;
          else if (s.charCodeAt(i) === 34) {
            this.field += '"';
            i++;
          } else this.quoted = false;
          mark = i;
          continue;
        }
        if (c === 10) this.line++;
        i++;
        continue;
      }
      if (c === 34 && mark === i && this.field === "") {
        this.quoted = true;
        this.fieldStarted = true;
        mark = ++i;
        continue;
      }
      if (c === 44) {
        this.fields.push(this.field + s.slice(mark, i));
        this.field = "";
        this.fieldStarted = true;
        mark = ++i;
        continue;
      }
      if (c === 10 || c === 13) {
        this.field += s.slice(mark, i);
        if (c === 13) {
          if (i + 1 === n) this.crAtEnd = true;
          else if (s.charCodeAt(i + 1) === 10) i++;
        }
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        mark = ++i;
        continue;
      }
      this.fieldStarted = true;
      i++;
    }
    this.field += s.slice(mark, i);
  }

  private endRecord(): void {
    const fields = this.fields;
    fields.push(this.field);
    const blank = fields.length === 1 && fields[0] === "" && !this.fieldStarted;
    this.fields = [];
    this.field = "";
    this.fieldStarted = false;
    if (!blank) this.onRecord({ line: this.recordLine, fields });
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const csv = new CsvStream((r) => records.push(r));
  csv.text(text);
  csv.end();
  return records;
}

export function csvField(value: string | number | boolean | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  // A leading = + - @ makes spreadsheets run the cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(values: (string | number | boolean | null | undefined)[]): string {
  return values.map(csvField).join(",") + "\n";
}
