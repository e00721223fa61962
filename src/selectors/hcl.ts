/**
 * A reader for the part of HCL (Terraform's native syntax) that event selectors are written in: blocks with labels,
 * attributes, and values that are literal strings, booleans, numbers or lists of strings. Pure: text in, a tree out.
 *
 * Everything else a real `.tf` file holds (references, function calls, objects, heredocs, `${…}` templates) is
 * scanned past with its brackets and strings balanced, and kept as an opaque `expr` with its position: a caller
 * that needs such a value refuses it there, at line:col, instead of guessing what Terraform would compute.
 * Why not a dependency: the HCL parsers on npm are Go builds shipped as WebAssembly (megabytes, slow to start)
 * whose JSON output carries no positions, so a bad value could not be pointed at.
 */

export interface Pos {
  line: number;
  col: number;
}

export class HclError extends Error {
  constructor(
    readonly pos: Pos,
    readonly reason: string,
  ) {
    super(`${pos.line}:${pos.col}: ${reason}`);
    this.name = 'HclError';
  }
}

export type HclValue =
  | { kind: 'string'; value: string; pos: Pos }
  | { kind: 'bool'; value: boolean; pos: Pos }
  | { kind: 'number'; value: number; pos: Pos }
  | { kind: 'null'; pos: Pos }
  /** A list; its items are values of any kind (a caller checks each). */
  | { kind: 'list'; items: HclValue[]; pos: Pos }
  /** A quoted string with an interpolation or directive: `at` is where the first `${` / `%{` starts. */
  | { kind: 'template'; at: Pos; pos: Pos }
  | { kind: 'heredoc'; pos: Pos }
  /** Anything else (a reference, a call, an object, arithmetic): its source text, for the message. */
  | { kind: 'expr'; text: string; pos: Pos };

export interface HclAttribute {
  type: 'attribute';
  name: string;
  value: HclValue;
  pos: Pos;
}

export interface HclBlock {
  type: 'block';
  name: string;
  labels: string[];
  body: HclItem[];
  pos: Pos;
}

export type HclItem = HclAttribute | HclBlock;

// ---------------------------------------------------------------------------------------------------------------
// Tokens

type TokenKind = 'ident' | 'number' | 'string' | 'heredoc' | 'punct' | 'newline' | 'eof';

interface Token {
  kind: TokenKind;
  /** Identifier name, punctuation, or the decoded value of a literal string. */
  text: string;
  pos: Pos;
  start: number;
  end: number;
  /** Strings: where the first interpolation or directive starts (the string is then a template). */
  template?: Pos;
}

const TWO_CHAR_PUNCT = new Set(['==', '!=', '<=', '>=', '=>', '&&', '||', '::']);
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

class Lexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly src: string) {}

  private pos(at = this.i): Pos {
    return { line: this.line, col: at - this.lineStart + 1 };
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  /** All tokens of the text; the last is `eof`. */
  all(): Token[] {
    const out: Token[] = [];
    for (;;) {
      const t = this.next();
      out.push(t);
      if (t.kind === 'eof') return out;
    }
  }

  next(): Token {
    const s = this.src;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff') {
        this.i++;
      } else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) {
        // A line comment ends the line: the newline is still a token.
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (c === '/' && s[this.i + 1] === '*') {
        const at = this.pos();
        const end = s.indexOf('*/', this.i + 2);
        if (end === -1) throw new HclError(at, 'unterminated /* comment');
        for (let k = this.i; k < end; k++) if (s[k] === '\n') this.newline(k);
        this.i = end + 2;
      } else {
        break;
      }
    }
    const start = this.i;
    const pos = this.pos();
    if (this.i >= s.length) return { kind: 'eof', text: '', pos, start, end: start };
    const c = s[this.i];
    if (c === '\n') {
      this.newline(this.i);
      this.i++;
      return { kind: 'newline', text: '\n', pos, start, end: this.i };
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(s.slice(this.i, this.i + 256))!;
      this.i += m[0].length;
      // An identifier longer than 256 characters: read the rest of it too.
      while (this.i < s.length && /[A-Za-z0-9_-]/.test(s[this.i])) this.i++;
      return { kind: 'ident', text: s.slice(start, this.i), pos, start, end: this.i };
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(s.slice(this.i, this.i + 64))!;
      this.i += m[0].length;
      return { kind: 'number', text: m[0], pos, start, end: this.i };
    }
    if (c === '"') return this.string(start, pos);
    if (c === '<' && s[this.i + 1] === '<' && /^<<-?[A-Za-z_]/.test(s.slice(this.i, this.i + 4))) return this.heredoc(start, pos);
    const two = s.slice(this.i, this.i + 2);
    if (two === '..' && s[this.i + 2] === '.') {
      this.i += 3;
      return { kind: 'punct', text: '...', pos, start, end: this.i };
    }
    if (TWO_CHAR_PUNCT.has(two)) {
      this.i += 2;
      return { kind: 'punct', text: two, pos, start, end: this.i };
    }
    if ('{}[]()=,.:?!+-*/%<>&|'.includes(c)) {
      this.i++;
      return { kind: 'punct', text: c, pos, start, end: this.i };
    }
    throw new HclError(pos, `unexpected character ${JSON.stringify(c)}`);
  }

  /** A quoted string: decoded when it is literal; a template's interpolations are scanned past, balanced. */
  private string(start: number, pos: Pos): Token {
    const s = this.src;
    this.i++;
    let out = '';
    let template: Pos | undefined;
    for (;;) {
      if (this.i >= s.length || s[this.i] === '\n') throw new HclError(pos, 'unterminated string (a quoted string ends on its line)');
      const c = s[this.i];
      if (c === '"') {
        this.i++;
        return { kind: 'string', text: template ? '' : out, pos, start, end: this.i, ...(template ? { template } : {}) };
      }
      if (c === '\\') {
        const e = s[this.i + 1];
        if (e in ESCAPES) {
          out += ESCAPES[e];
          this.i += 2;
        } else if (e === 'u' || e === 'U') {
          const n = e === 'u' ? 4 : 8;
          const hex = s.slice(this.i + 2, this.i + 2 + n);
          if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new HclError(this.pos(), `invalid escape \\${e}${hex}: expected ${n} hex digits`);
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) throw new HclError(this.pos(), `invalid escape \\${e}${hex}: not a Unicode code point`);
          out += String.fromCodePoint(cp);
          this.i += 2 + n;
        } else {
          throw new HclError(this.pos(), `invalid escape \\${e ?? ''} in a string (HCL takes \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN)`);
        }
      } else if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        // `$${` and `%%{` are the escapes of a literal `${` / `%{`.
        out += `${c}{`;
        this.i += 3;
      } else if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        template ??= this.pos();
        this.i += 2;
        this.skipInterpolation();
      } else {
        out += c;
        this.i++;
      }
    }
  }

  /** Past the `}` that closes an interpolation (its expression may hold braces and strings of its own). */
  private skipInterpolation(): void {
    let depth = 1;
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') throw new HclError(t.pos, 'unterminated ${ interpolation');
      if (t.kind === 'punct' && t.text === '{') depth++;
      if (t.kind === 'punct' && t.text === '}' && --depth === 0) return;
    }
  }

  /** `<<EOF` … `EOF` (or `<<-EOF`, indented): its text is never read, only passed over. */
  private heredoc(start: number, pos: Pos): Token {
    const s = this.src;
    const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(s.slice(this.i, this.i + 300));
    if (!m) throw new HclError(pos, 'a heredoc marker must end its line');
    const marker = m[1];
    this.i += m[0].length;
    this.newline(this.i - 1);
    for (;;) {
      if (this.i >= s.length) throw new HclError(pos, `unterminated heredoc (no closing ${marker} line)`);
      let eol = s.indexOf('\n', this.i);
      if (eol === -1) eol = s.length;
      const line = s.slice(this.i, eol).replace(/\r$/, '');
      if (line.trim() === marker) {
        this.i = eol;
        return { kind: 'heredoc', text: '', pos, start, end: this.i };
      }
      if (eol < s.length) this.newline(eol);
      this.i = eol + 1;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Structure

const OPEN: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

class Parser {
  private k = 0;

  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.k];
  }

  private take(): Token {
    return this.tokens[this.k++];
  }

  body(closing: boolean): HclItem[] {
    const items: HclItem[] = [];
    for (;;) {
      while (this.peek().kind === 'newline') this.k++;
      const t = this.peek();
      if (t.kind === 'eof') {
        if (closing) throw new HclError(t.pos, 'unexpected end of file: a block is not closed with }');
        return items;
      }
      if (t.kind === 'punct' && t.text === '}') {
        if (!closing) throw new HclError(t.pos, 'unexpected }');
        return items;
      }
      if (t.kind !== 'ident') throw new HclError(t.pos, `expected an attribute or block name, found ${describe(t)}`);
      this.k++;
      const after = this.peek();
      if (after.kind === 'punct' && after.text === '=') {
        this.k++;
        items.push({ type: 'attribute', name: t.text, value: this.value(), pos: t.pos });
      } else {
        items.push(this.block(t));
      }
      const end = this.peek();
      if (end.kind === 'newline') this.k++;
      else if (!(end.kind === 'eof' || (end.kind === 'punct' && end.text === '}'))) {
        throw new HclError(end.pos, `expected a new line, found ${describe(end)}`);
      }
    }
  }

  private block(name: Token): HclBlock {
    const labels: string[] = [];
    for (;;) {
      const t = this.take();
      if (t.kind === 'punct' && t.text === '{') break;
      if (t.kind === 'string' && !t.template) labels.push(t.text);
      else if (t.kind === 'ident') labels.push(t.text);
      else throw new HclError(t.pos, `expected a block label or {, found ${describe(t)}`);
    }
    const body = this.body(true);
    this.k++; // the closing }
    return { type: 'block', name: name.text, labels, body, pos: name.pos };
  }

  /** The tokens of one attribute value: up to the end of the line, brackets balanced (they may span lines). */
  private value(): HclValue {
    const first = this.peek();
    const toks: Token[] = [];
    const stack: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') {
        if (stack.length > 0) throw new HclError(t.pos, `unexpected end of file: expected ${stack[stack.length - 1]}`);
        break;
      }
      if (stack.length === 0 && (t.kind === 'newline' || (t.kind === 'punct' && t.text === '}'))) break;
      this.k++;
      if (t.kind === 'punct' && t.text in OPEN) stack.push(OPEN[t.text]);
      else if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) {
        if (stack.pop() !== t.text) throw new HclError(t.pos, `unexpected ${t.text}`);
      }
      toks.push(t);
    }
    if (toks.length === 0) throw new HclError(first.pos, 'expected a value after =');
    return this.interpret(toks);
  }

  private interpret(toks: Token[]): HclValue {
    const t = toks[0];
    if (toks.length === 1) {
      if (t.kind === 'string') return t.template ? { kind: 'template', at: t.template, pos: t.pos } : { kind: 'string', value: t.text, pos: t.pos };
      if (t.kind === 'heredoc') return { kind: 'heredoc', pos: t.pos };
      if (t.kind === 'number') return { kind: 'number', value: Number(t.text), pos: t.pos };
      if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false')) return { kind: 'bool', value: t.text === 'true', pos: t.pos };
      if (t.kind === 'ident' && t.text === 'null') return { kind: 'null', pos: t.pos };
    }
    const last = toks[toks.length - 1];
    if (t.kind === 'punct' && t.text === '[' && last.kind === 'punct' && last.text === ']') {
      const list = this.list(toks.slice(1, -1), t.pos);
      if (list) return list;
    }
    return { kind: 'expr', text: this.src.slice(t.start, last.end), pos: t.pos };
  }

  /** `[a, b, c,]` whose items are single tokens; null when an item is more (a call, a reference…). */
  private list(inner: Token[], pos: Pos): HclValue | null {
    const items: HclValue[] = [];
    let expectItem = true;
    for (const t of inner) {
      if (t.kind === 'newline') continue;
      if (t.kind === 'punct' && t.text === ',') {
        if (expectItem) return null;
        expectItem = true;
        continue;
      }
      if (!expectItem) return null;
      const v = this.interpret([t]);
      // A lone identifier other than true/false/null is a reference: the whole list is an expression.
      if (v.kind === 'expr') return null;
      items.push(v);
      expectItem = false;
    }
    return { kind: 'list', items, pos };
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'newline':
      return 'a line break';
    case 'eof':
      return 'the end of the file';
    case 'string':
      return 'a string';
    case 'heredoc':
      return 'a heredoc';
    default:
      return JSON.stringify(t.text);
  }
}

/** The items of an HCL file (attributes and blocks, nested), with positions. Throws HclError on bad syntax. */
export function parseHcl(text: string): HclItem[] {
  const tokens = new Lexer(text).all();
  return new Parser(text, tokens).body(false);
}
