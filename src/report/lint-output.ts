/**
 * Lint findings for CI: SARIF 2.1.0 (code scanning uploads it) and GitHub Actions workflow commands (annotations
 * on the pull request's diff), with each finding's JSON path turned into a line and column of the file when the
 * text can be read back. Pure: the caller passes the file's text and the rules.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Finding, LintRule } from '../selectors/lint-rules.js';
import { terminalSafeBlock } from './terminal-text.js';

export interface Position {
  line: number;
  column: number;
}

/**
 * `$.AdvancedEventSelectors[1].FieldSelectors[2].StartsWith[0]` (selectors/path.ts's form) as segments; null when
 * the path is not in that form.
 */
export function parseJsonPath(path: string): Array<string | number> | null {
  if (!path.startsWith('$')) return null;
  const out: Array<string | number> = [];
  const step = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < path.length) {
    const m = step.exec(path);
    if (!m) return null;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]) as string);
  }
  return out;
}

/**
 * Where each JSON path points in `text` (JSON or YAML: JSON is read as YAML, which keeps positions): a scalar at
 * its value, a map or list under a key at the key. A path that goes further than the file (a missing field) points
 * at the deepest part that exists. null for every path when the text cannot be read this way.
 */
export function locator(text: string): (path: string) => Position | null {
  const lc = new LineCounter();
  let doc: ReturnType<typeof parseDocument> | null = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) doc = null;
  return (path) => {
    const segs = parseJsonPath(path);
    if (!doc || !segs) return null;
    let node = doc.contents as Node | null;
    let offset = node?.range?.[0];
    for (const seg of segs) {
      let next: unknown;
      let keyOffset: number | undefined;
      if (isMap(node) && typeof seg === 'string') {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg);
        next = pair?.value;
        if (pair && isScalar(pair.key)) keyOffset = pair.key.range?.[0];
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
      }
      if (next === undefined || next === null) {
        if (keyOffset !== undefined) offset = keyOffset;
        break;
      }
      node = next as Node;
      offset = !isScalar(node) && keyOffset !== undefined ? keyOffset : (node.range?.[0] ?? keyOffset ?? offset);
    }
    if (offset === undefined) return null;
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
}

export interface LintReportInput {
  /** The file as the user named it (annotations and SARIF point at it). */
  file: string;
  /** The same as a SARIF artifact URI (relative to the working directory, `/`-separated, percent-encoded). */
  uri: string;
  findings: readonly Finding[];
  rules: readonly LintRule[];
  /** Line and column of a finding's JSON path, when known. */
  position: (path: string) => Position | null;
  version: string;
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * A SARIF 2.1.0 log of one run: every rule in tool.driver.rules (id, shortDescription, defaultConfiguration.level),
 * one result per finding with its rule, level, message and location — the file with the line and column when the
 * path could be placed in it, and always the JSON path as a logical location.
 */
export function sarifLog(x: LintReportInput): object {
  const ruleIndex = new Map(x.rules.map((r, i) => [r.id, i]));
  const results = x.findings.map((f) => {
    const pos = x.position(f.path);
    return {
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule),
      level: f.severity,
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: x.uri },
            ...(pos ? { region: { startLine: pos.line, startColumn: pos.column } } : {}),
          },
          logicalLocations: [{ fullyQualifiedName: f.path, kind: 'element' }],
        },
      ],
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'trailcost',
            version: x.version,
            rules: x.rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.summary },
              defaultConfiguration: { level: r.severity },
            })),
          },
        },
        artifacts: [{ location: { uri: x.uri } }],
        results,
      },
    ],
  };
}

/** Workflow command data: `%`, CR and LF escaped (GitHub's toolkit, `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command property values: as data, and `:` and `,` too (`escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One `::error` / `::warning` workflow command per finding (`file=F,line=L,col=C,title=RULE::message (at path)`),
 * which GitHub Actions shows as an annotation on the file; line and col only when the path was placed. Messages
 * quote the file's values: control characters are shown as escapes (terminal-text.ts) before GitHub's escaping.
 */
export function githubCommands(x: LintReportInput): string[] {
  return x.findings.map((f) => {
    const pos = x.position(f.path);
    const file = escapeProperty(terminalSafeBlock(x.file));
    const props = [`file=${file}`, ...(pos ? [`line=${pos.line}`, `col=${pos.column}`] : []), `title=${escapeProperty(f.rule)}`];
    return `::${f.severity} ${props.join(',')}::${escapeData(terminalSafeBlock(`${f.message} (at ${f.path})`))}`;
  });
}
