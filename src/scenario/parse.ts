/**
 * Parse YAML (or JSON, which is YAML) text and validate it against a zod schema, reporting every problem at
 * once with file, line and column: syntax errors from the YAML parser, schema issues mapped from their zod path
 * to the node in the document they point at. Pure: text in, value or problems out.
 */
import { Composer, LineCounter, Parser, YAMLParseError, isCollection, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { cstDepthProblem, lineColAt, valueDepthProblem, yamlToJs, type LimitProblem } from './limits.js';

export interface Problem {
  file: string;
  line: number;
  col: number;
  /** JSON path of the offending value (`trails[0].selectors`), empty for syntax errors. */
  path: string;
  message: string;
}

/** `data`: the document as read, when it got as far as that (for callers that want a better message). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[]; data?: unknown };

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}${p.path ? ` (at ${p.path})` : ''}`;
}

/** Past this many, the rest are counted, not listed: a wrong file (say a binary) would otherwise print pages. */
const MAX_LISTED = 20;

export function formatProblems(ps: readonly Problem[]): string {
  const head = ps.length === 1 ? '' : `${ps.length} problems:\n  `;
  const listed = ps.slice(0, MAX_LISTED).map(formatProblem);
  if (ps.length > MAX_LISTED) listed.push(`… and ${ps.length - MAX_LISTED} more`);
  return head + listed.join('\n  ');
}

export function pathString(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out;
}

/** The deepest node along `path` that exists, and whether we point at a map key (for unknown keys). */
function locate(doc: Document, path: ReadonlyArray<PropertyKey>, keyOf?: string): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const k of path) {
    if (!isCollection(node)) break;
    const parent = node;
    const next = (parent as { get(k: unknown, keepScalar: boolean): unknown }).get(typeof k === 'symbol' ? String(k) : k, true);
    if (next === undefined) break;
    let keyOffset: number | undefined;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === k);
      if (pair && isScalar(pair.key) && pair.key.range) keyOffset = pair.key.range[0];
    }
    node = next;
    // A scalar is pointed at itself; a map or list under a key at its key (where a reader looks).
    const r = (node as Node | null)?.range;
    if (isCollection(node) && keyOffset !== undefined) offset = keyOffset;
    else if (r) offset = r[0];
    else if (keyOffset !== undefined) offset = keyOffset;
  }
  if (keyOf !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === keyOf);
    if (pair && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
  }
  return offset;
}

/** One readable line per zod issue. */
function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return issue.message.includes('received undefined') ? `missing required field (expected ${issue.expected})` : issue.message;
    case 'invalid_format':
      return /^(expected|must|invalid)/i.test(issue.message) ? issue.message : `expected ${issue.message}`;
    case 'invalid_value':
      if (issue.values.length === 1) return `expected ${JSON.stringify(issue.values[0])}`;
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      const inner = (issue as { errors?: z.core.$ZodIssue[][] }).errors?.flat() ?? [];
      const first = inner.find((i) => i.code !== 'invalid_union');
      return first ? `${issue.message}: ${issueMessage(first)}${first.path.length ? ` at ${pathString(first.path)}` : ''}` : issue.message;
    }
    default:
      return issue.message;
  }
}

/**
 * The text's one document, or the first collection nested too deep. The text is tokenized once: the nesting is
 * measured on the tokens before yaml's composer (which recurses) sees them, then the same tokens are composed;
 * `parseDocument` would tokenize the text a second time (2.5 s of 6.5 s on a 7 MB scenario).
 */
function parseYamlDocument(text: string, uniqueKeys: boolean): { doc: Document.Parsed; lc: LineCounter } | { deep: LimitProblem } {
  const lc = new LineCounter();
  const tokens = Array.from(new Parser(lc.addNewLine).parse(text));
  const deep = cstDepthProblem(tokens);
  if (deep) return { deep };
  let doc: Document.Parsed | null = null;
  for (const next of new Composer({ prettyErrors: false, uniqueKeys }).compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      // As parseDocument does: one document per file.
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return { doc: doc!, lc };
}

/**
 * YAML text to a value, within the nesting and alias limits (limits.ts), without a schema: for files in other
 * shapes (selector files). The first problem, with its line and column.
 */
export function parseYamlValue(text: string, file: string): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  const parsed = parseYamlDocument(text, false);
  if ('deep' in parsed) {
    const { deep } = parsed;
    const pos = lineColAt(text, deep.offset ?? 0);
    return { ok: false, problem: { file, line: pos.line, col: pos.col, path: deep.path, message: deep.message } };
  }
  const { doc, lc } = parsed;
  const e = doc.errors[0];
  if (e) {
    const pos = lc.linePos(e.pos[0]);
    return { ok: false, problem: { file, line: pos.line, col: pos.col, path: '', message: `invalid YAML: ${e.message.split('\n')[0]}` } };
  }
  const js = yamlToJs(doc);
  if (!js.ok) {
    const pos = lc.linePos(js.problem.offset ?? 0);
    return { ok: false, problem: { file, line: pos.line, col: pos.col, path: '', message: js.problem.message } };
  }
  const deepValue = valueDepthProblem(js.value);
  if (deepValue) {
    const pos = lc.linePos(locate(doc, deepValue.keys));
    return { ok: false, problem: { file, line: pos.line, col: pos.col, path: deepValue.path, message: deepValue.message } };
  }
  return { ok: true, value: js.value };
}

export function parseWithSchema<S extends z.ZodType>(text: string, file: string, schema: S): Parsed<z.infer<S>> {
  // Nesting is measured before the YAML composer (which recurses) sees the text: see limits.ts.
  const parsed = parseYamlDocument(text, true);
  if ('deep' in parsed) {
    const { deep } = parsed;
    const pos = lineColAt(text, deep.offset ?? 0);
    return { ok: false, problems: [{ file, line: pos.line, col: pos.col, path: deep.path, message: deep.message }] };
  }
  const { doc, lc } = parsed;
  const problems: Problem[] = [];
  for (const e of doc.errors) {
    const pos = lc.linePos(e.pos[0]);
    problems.push({ file, line: pos.line, col: pos.col, path: '', message: e.message.split('\n')[0] });
  }
  if (problems.length > 0) return { ok: false, problems };
  const js = yamlToJs(doc);
  if (!js.ok) {
    const pos = lc.linePos(js.problem.offset ?? 0);
    return { ok: false, problems: [{ file, line: pos.line, col: pos.col, path: '', message: js.problem.message }] };
  }
  const data = js.value;
  if (data === null || data === undefined) {
    return { ok: false, problems: [{ file, line: 1, col: 1, path: '', message: 'the file is empty' }] };
  }
  // Aliases can nest what they name deeper than the text does.
  const deepValue = valueDepthProblem(data);
  if (deepValue) {
    const pos = lc.linePos(locate(doc, deepValue.keys));
    return { ok: false, problems: [{ file, line: pos.line, col: pos.col, path: deepValue.path, message: deepValue.message }] };
  }
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  for (const issue of r.error.issues) {
    const keyOf = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const pos = lc.linePos(locate(doc, issue.path, keyOf));
    problems.push({ file, line: pos.line, col: pos.col, path: pathString(issue.path), message: issueMessage(issue) });
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return { ok: false, problems, data };
}
