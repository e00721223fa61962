/**
 * A byte-level JSON scanner that checks text against JSON's grammar (RFC 8259) as JSON.parse does, but builds
 * nothing: values are passed over, or read one at a time where the caller wants them. It works on UTF-8 bytes,
 * so a log file is never decoded to a string whole. On anything JSON.parse would reject it throws `GIVE_UP`.
 */

/** Thrown by the scanner on text it does not take; callers turn it into their own fallback. */
export const GIVE_UP = Symbol('give up');

export interface KeyTable {
  names: readonly string[];
  /** Key bytes by key length (index), with the index of the name they spell; no entry past the longest name. */
  byLength: Array<Array<{ bytes: Uint8Array; id: number }> | undefined>;
  byName: Map<string, number>;
}

export function keyTable(names: readonly string[]): KeyTable {
  const encoded = names.map((n) => new TextEncoder().encode(n));
  const byLength: KeyTable['byLength'] = Array.from({ length: Math.max(...encoded.map((e) => e.length)) + 1 }, () => undefined);
  encoded.forEach((bytes, id) => (byLength[bytes.length] ??= []).push({ bytes, id }));
  return { names, byLength, byName: new Map(names.map((n, i) => [n, i])) };
}

// Byte classes inside a JSON string: 0 plain ASCII, 1 ends or escapes or is invalid there, 2 part of a UTF-8 sequence.
const STRING_CLASS = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_CLASS[c] = 1;
STRING_CLASS[0x22] = 1;
STRING_CLASS[0x5c] = 1;
for (let c = 0x80; c < 0x100; c++) STRING_CLASS[c] = 2;

const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

/** Deeper than this the scanner gives up (CloudTrail records nest a few levels; JSON.parse takes the rest). */
const MAX_DEPTH = 256;

export class JsonScanner {
  i = 0;
  /** Content bounds of the last string read. */
  s0 = 0;
  s1 = 0;
  /** The last string read had an escape. */
  escaped = false;
  /** The last string read had a byte outside ASCII. */
  wide = false;
  readonly text: Buffer;
  /** Byte offset of the first byte the scanner did not take (-1: gave up on depth, not on the text). */
  errorAt = -1;

  constructor(readonly b: Uint8Array) {
    this.text = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }

  /** Notes where the text went wrong; the caller throws what this returns. */
  fail(at: number): typeof GIVE_UP {
    this.errorAt = at;
    return GIVE_UP;
  }

  ws(): void {
    const b = this.b;
    let i = this.i;
    for (;;) {
      const c = b[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  /** A string starting at `i` (the quote); its content bounds go to s0/s1. */
  string(): void {
    const b = this.b;
    let i = this.i + 1;
    let escaped = false;
    let wide = false;
    for (;;) {
      const k = STRING_CLASS[b[i]];
      if (k === 0) {
        i++;
        continue;
      }
      const c = b[i];
      if (k === 2) {
        // Bytes of a UTF-8 sequence: decoded later, like JSON.parse's input is (invalid ones become U+FFFD).
        wide = true;
        i++;
      } else if (c === 0x22) {
        break;
      } else if (c === 0x5c) {
        escaped = true;
        const e = b[i + 1];
        if (SIMPLE_ESCAPE[e] === 1) i += 2;
        else if (e === 0x75 && HEX[b[i + 2]] && HEX[b[i + 3]] && HEX[b[i + 4]] && HEX[b[i + 5]]) i += 6;
        else {
          // Where V8 points: the escaped character, or in \u the first character that is not a hex digit.
          let at = i + 1;
          if (e === 0x75) for (at = i + 2; HEX[b[at]]; at++);
          throw this.fail(at);
        }
      } else {
        // A raw control character, or the end of the input.
        throw this.fail(i);
      }
    }
    this.s0 = this.i + 1;
    this.s1 = i;
    this.escaped = escaped;
    this.wide = wide;
    this.i = i + 1;
  }

  /** The last string read, as JSON.parse would give it. */
  stringValue(): string {
    if (!this.escaped) return this.wide ? this.text.toString('utf8', this.s0, this.s1) : this.text.toString('latin1', this.s0, this.s1);
    return JSON.parse(this.text.toString('utf8', this.s0 - 1, this.s1 + 1)) as string;
  }

  number(): void {
    const b = this.b;
    let i = this.i;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (b[i] >= 0x31 && b[i] <= 0x39) while (b[++i] >= 0x30 && b[i] <= 0x39);
    else throw this.fail(i);
    if (b[i] === 0x2e) {
      if (!(b[++i] >= 0x30 && b[i] <= 0x39)) throw this.fail(i);
      while (b[++i] >= 0x30 && b[i] <= 0x39);
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!(b[i] >= 0x30 && b[i] <= 0x39)) throw this.fail(i);
      while (b[++i] >= 0x30 && b[i] <= 0x39);
    }
    this.i = i;
  }

  literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      if (this.b[this.i + k] !== word.charCodeAt(k)) throw this.fail(this.i + k);
    }
    this.i += word.length;
  }

  /** Any value, checked and passed over. */
  skip(depth: number): void {
    switch (this.b[this.i]) {
      case 0x22:
        this.string();
        return;
      case 0x7b:
        this.skipObject(depth + 1);
        return;
      case 0x5b:
        this.skipArray(depth + 1);
        return;
      case 0x74:
        this.literal('true');
        return;
      case 0x66:
        this.literal('false');
        return;
      case 0x6e:
        this.literal('null');
        return;
      default:
        this.number();
    }
  }

  /**
   * Opens the object or array at `i` (depth-checked); false when it is empty. An object's members are then read
   * with `key()` and a value, an array's elements as values, and `next(close)` says whether another follows.
   */
  open(depth: number): boolean {
    if (depth > MAX_DEPTH) throw this.fail(-1);
    const close = this.b[this.i] + 2; // `{` → `}`, `[` → `]`
    this.i++;
    this.ws();
    if (this.b[this.i] === close) {
      this.i++;
      return false;
    }
    return true;
  }

  /** A member's key and its colon; the key's index in `table` (-1 when not there). The scanner is then on the value. */
  key(table: KeyTable | null): number {
    if (this.b[this.i] !== 0x22) throw this.fail(this.i);
    this.string();
    const id = table ? this.keyId(table) : -1;
    this.ws();
    if (this.b[this.i] !== 0x3a) throw this.fail(this.i);
    this.i++;
    this.ws();
    return id;
  }

  /** After a member or element: true on a comma (another follows), false on `close`. */
  next(close: number): boolean {
    this.ws();
    const c = this.b[this.i++];
    if (c === close) return false;
    if (c !== 0x2c) throw this.fail(this.i - 1);
    this.ws();
    return true;
  }

  skipObject(depth: number): void {
    if (!this.open(depth)) return;
    do {
      this.key(null);
      this.skip(depth);
    } while (this.next(0x7d));
  }

  skipArray(depth: number): void {
    if (!this.open(depth)) return;
    do this.skip(depth);
    while (this.next(0x5d));
  }

  /** Any value, as JSON.parse would give it: strings and literals directly, the rest by JSON.parse of its text. */
  value(depth: number): unknown {
    const c = this.b[this.i];
    if (c === 0x22) {
      this.string();
      return this.stringValue();
    }
    if (c === 0x74) {
      this.literal('true');
      return true;
    }
    if (c === 0x66) {
      this.literal('false');
      return false;
    }
    if (c === 0x6e) {
      this.literal('null');
      return null;
    }
    const start = this.i;
    this.skip(depth);
    return JSON.parse(this.text.toString('utf8', start, this.i));
  }

  /** Index in `table` of the key just read, or -1. */
  keyId(table: KeyTable): number {
    if (this.escaped || this.wide) return table.byName.get(this.stringValue()) ?? -1;
    const n = this.s1 - this.s0;
    const list = n < table.byLength.length ? table.byLength[n] : undefined;
    if (!list) return -1;
    const b = this.b;
    const s0 = this.s0;
    for (let j = 0; j < list.length; j++) {
      const bytes = list[j].bytes;
      let k = 0;
      while (k < bytes.length && b[s0 + k] === bytes[k]) k++;
      if (k === bytes.length) return list[j].id;
    }
    return -1;
  }

  /** Whether the key just read is `word`. */
  isKey(word: string): boolean {
    if (this.escaped || this.wide) return this.stringValue() === word;
    if (this.s1 - this.s0 !== word.length) return false;
    for (let k = 0; k < word.length; k++) if (this.b[this.s0 + k] !== word.charCodeAt(k)) return false;
    return true;
  }

  /** At the end of the text, whitespace aside. */
  atEnd(): boolean {
    this.ws();
    return this.i === this.b.length;
  }
}

/**
 * Where a JSON text first breaks the grammar, as a character offset, or null when it does not (or nests too deep
 * to tell). Node 20's JSON.parse says "Unexpected token" without a position; this finds it.
 */
export function jsonSyntaxErrorAt(text: string): number | null {
  const bytes = Buffer.from(text, 'utf8');
  const s = new JsonScanner(bytes);
  let at: number;
  try {
    s.ws();
    s.skip(0);
    if (s.atEnd()) return null;
    at = s.i;
  } catch (err) {
    if (err !== GIVE_UP || s.errorAt < 0) return null;
    at = Math.min(s.errorAt, bytes.length);
  }
  return bytes.subarray(0, at).toString('utf8').length;
}
