/**
 * Reading JSON input files for the CLI: gzip detected by magic bytes, parse errors reported as `file:line:col`,
 * never a stack trace.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { UsageError } from '../errors.js';
import { jsonSyntaxErrorAt } from '../io/json-scanner.js';

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

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

/** Decompress if gzip (by magic bytes); a corrupt or truncated gzip becomes a message naming the file. */
export function decodeBuffer(file: string, buf: Buffer): string {
  if (!isGzip(buf)) return buf.toString('utf8');
  try {
    return gunzipSync(buf).toString('utf8');
  } catch (err) {
    throw new UsageError(`${file}: not a valid gzip file (${err instanceof Error ? err.message : String(err)})`);
  }
}

export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const { line, col, reason } = describeJsonError(text, err);
    throw new UsageError(`${file}:${line}:${col}: invalid JSON: ${reason}`);
  }
}

async function readBytes(file: string): Promise<Buffer> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(err)})`}`,
    );
  }
  return buf;
}

export function parseYamlText(file: string, text: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const at = err.linePos?.[0];
      const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new UsageError(`${file}:${at ? `${at.line}:${at.col}` : '1:1'}: invalid YAML: ${reason}`);
    }
    throw new UsageError(`${file}: invalid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A selectors file: JSON (gzip or not), or YAML when named *.yaml / *.yml (a CloudFormation fragment). */
export async function readStructuredFile(file: string): Promise<unknown> {
  const text = decodeBuffer(file, await readBytes(file));
  return /\.ya?ml$/i.test(file) ? parseYamlText(file, text) : parseJsonText(file, text);
}
