/**
 * Parsing JSON input text for the CLI: errors reported as `file:line:col`, never a stack trace. (Files are read
 * through io/read-input.ts, bounded.)
 */
import { UsageError } from '../errors.js';
import { jsonSyntaxErrorAt } from '../io/json-scanner.js';

/** 1-based line and column of a character offset in `text`. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: end - lineStart + 1 };
}

/**
 * Turn a JSON.parse error into "line L, column C: reason". V8 reports "at position N" (Node 20) or
 * "(line L column C)" (newer). Node 20's "Unexpected token 'x', ..." has neither (it quotes the text around it
 * instead): the grammar-checking scanner finds the position. "Unexpected end of JSON input" means the end.
 */
export function describeJsonError(text: string, err: unknown): { line: number; col: number; reason: string } {
  const msg = err instanceof Error ? err.message : String(err);
  const reason = msg
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/ at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '');
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return { line: Number(lc[1]), col: Number(lc[2]), reason };
  const pos = /at position (\d+)/.exec(msg);
  const at = pos ? Number(pos[1]) : /end of JSON input/.test(msg) ? text.length : jsonSyntaxErrorAt(text) ?? text.length;
  return { ...lineCol(text, at), reason };
}

export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const { line, col, reason } = describeJsonError(text, err);
    throw new UsageError(`${file}:${line}:${col}: invalid JSON: ${reason}`);
  }
}
