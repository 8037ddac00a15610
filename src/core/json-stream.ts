// Reads a JSON object whose one large member is an array, `{"rubric": ...,
// "items": [{...}, {...}]}`, from byte chunks as they arrive: each element of
// the array is handed over as soon as it is complete, so an upload of a
// hundred thousand answers is never held as one string or one parse tree.
// Structural characters are ASCII, so scanning UTF-8 bytes is safe; each
// value is decoded and checked by JSON.parse on its own.

const enum State {
  BeforeRoot,
  KeyOrEnd,
  Key,
  Colon,
  Value,
  ElementOrEnd,
  Element,
  AfterElement,
  Member,
  AfterMember,
  AfterRoot,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    /** The body starts as another kind of JSON value (a list, a string...), not as malformed JSON. */
    readonly notAnObject = false,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = "JsonSyntaxError";
  }
}

/**
 * Push-parser for `{..., "<arrayKey>": [elements], ...}`. Elements go to
 * `onElement` (parsed, with their 0-based index); the other members are
 * collected in `members`. Throws JsonSyntaxError on malformed input.
 */
export class JsonArrayStream {
  readonly members: Record<string, unknown> = {};
  private state = State.BeforeRoot;
  private offset = 0;
  private parts: Uint8Array[] = [];
  private key = "";
  private index = 0;
  private seenArray = false;
  /** Whether the array member was found (and read as a stream). */
  get sawArray(): boolean {
    return this.seenArray;
  }
  // Inside a value being captured: nesting, and string state.
  private nest = 0;
  private inString = false;
  private escaped = false;

  constructor(
    private readonly arrayKey: string,
    private readonly onElement: (value: unknown, index: number) => void,
  ) {}

  push(chunk: Uint8Array): void {
    let capturedFrom = this.capturing() ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0;
      switch (this.state) {
        case State.BeforeRoot:
          // Whitespace, or a UTF-8 byte order mark.
          if (isSpace(b) || (this.offset + i < 3 && (b === 0xef || b === 0xbb || b === 0xbf))) continue;
          if (b !== 0x7b) {
            // [ " - 0-9 t f n: some other JSON value.
            const value = b === 0x5b || b === QUOTE || b === 0x2d || (b >= 0x30 && b <= 0x39) || b === 0x74 || b === 0x66 || b === 0x6e;
            throw new JsonSyntaxError("expected { to open the body", this.offset + i, value);
          }
          this.state = State.KeyOrEnd;
          continue;
        case State.AfterRoot:
          if (!isSpace(b)) this.fail("unexpected data after the closing }", i);
          continue;
        case State.KeyOrEnd:
        case State.AfterMember:
          if (isSpace(b)) continue;
          if (b === 0x7d) {
            this.state = State.AfterRoot;
            continue;
          }
          if (this.state === State.AfterMember) {
            if (b !== COMMA) this.fail("expected , or } after a member", i);
            this.state = State.KeyOrEnd;
            continue;
          }
          if (b !== QUOTE) this.fail("expected a member name in quotes", i);
          this.state = State.Key;
          this.startValue();
          capturedFrom = i;
          this.inString = true;
          continue;
        case State.Key:
          if (this.stringStep(b)) continue;
          // The closing quote of the name.
          this.parts.push(chunk.subarray(capturedFrom, i + 1));
          capturedFrom = -1;
          this.key = this.parse(i) as string;
          this.state = State.Colon;
          continue;
        case State.Colon:
          if (isSpace(b)) continue;
          if (b !== 0x3a) this.fail("expected : after a member name", i);
          this.state = State.Value;
          continue;
        case State.Value:
          if (isSpace(b)) continue;
          if (this.key === this.arrayKey && b === 0x5b) {
            if (this.seenArray) this.fail(`"${this.arrayKey}" is given twice`, i);
            this.seenArray = true;
            this.state = State.ElementOrEnd;
            continue;
          }
          this.state = State.Member;
          this.startValue();
          capturedFrom = i;
          i--;
          continue;
        case State.ElementOrEnd:
        case State.AfterElement:
          if (isSpace(b)) continue;
          if (b === 0x5d) {
            if (this.state === State.ElementOrEnd && this.index > 0) this.fail("expected an element after ,", i);
            this.state = State.AfterMember;
            continue;
          }
          if (this.state === State.AfterElement) {
            if (b !== COMMA) this.fail("expected , or ] after an element", i);
            this.state = State.ElementOrEnd;
            continue;
          }
          this.state = State.Element;
          this.startValue();
          capturedFrom = i;
          i--;
          continue;
        case State.Element:
        case State.Member: {
          if (this.inString) {
            this.stringStep(b);
            continue;
          }
          if (b === QUOTE) {
            this.inString = true;
            continue;
          }
          if (b === 0x7b || b === 0x5b) {
            this.nest++;
            continue;
          }
          const closes = b === 0x7d || b === 0x5d;
          if (closes && this.nest > 0) {
            this.nest--;
            continue;
          }
          if (this.nest > 0 || !(closes || b === COMMA)) continue;
          // The value ended just before this byte, which belongs to the enclosing array or object.
          this.parts.push(chunk.subarray(capturedFrom, i));
          capturedFrom = -1;
          const value = this.parse(i);
          if (this.state === State.Element) {
            this.onElement(value, this.index++);
            this.state = State.AfterElement;
          } else {
            this.members[this.key] = value;
            this.state = State.AfterMember;
          }
          i--;
          continue;
        }
      }
    }
    if (capturedFrom >= 0) this.parts.push(chunk.subarray(capturedFrom));
    this.offset += chunk.length;
  }

  /** Call after the last chunk. */
  end(): void {
    if (this.state !== State.AfterRoot) this.fail("the body ends before the JSON does", 0);
  }

  private capturing(): boolean {
    return this.state === State.Key || this.state === State.Element || this.state === State.Member;
  }

  private startValue(): void {
    this.parts = [];
    this.nest = 0;
    this.inString = false;
    this.escaped = false;
  }

  /** One byte inside a string; false when it is the closing quote. */
  private stringStep(b: number): boolean {
    if (this.escaped) this.escaped = false;
    else if (b === BACKSLASH) this.escaped = true;
    else if (b === QUOTE) {
      this.inString = false;
      return false;
    }
    return true;
  }

  private parse(at: number): unknown {
    const only = this.parts.length === 1 ? this.parts[0] : undefined;
    const bytes = only ? Buffer.from(only.buffer, only.byteOffset, only.byteLength) : Buffer.concat(this.parts);
    const text = bytes.toString("utf8");
    this.parts = [];
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      return this.fail(`${(e as Error).message}`, at);
    }
  }

  private fail(message: string, i: number): never {
    throw new JsonSyntaxError(message, this.offset + i);
  }
}

/** Splits byte chunks into lines (LF or CRLF), decoding each line on its own. */
export class LineStream {
  private carry: Uint8Array[] = [];
  private line = 0;

  constructor(private readonly onLine: (text: string, line: number) => void) {}

  push(chunk: Uint8Array): void {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      this.carry.push(chunk.subarray(from, nl));
      this.emit();
      from = nl + 1;
    }
    if (from < chunk.length) this.carry.push(chunk.subarray(from));
  }

  end(): void {
    if (this.carry.length) this.emit();
  }

  private emit(): void {
    const bytes = Buffer.concat(this.carry);
    this.carry = [];
    let text = bytes.toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    this.onLine(text, ++this.line);
  }
}
