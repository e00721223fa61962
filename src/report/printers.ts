/**
 * One printer per output format behind one interface (aws-cost-cli's idea): aligned text tables, Markdown,
 * CSV, and JSON (which prints the command's full data rather than the formatted report).
 */
import type { ReportDoc, Section, TableSection } from './doc.js';
import { csvSafe, terminalSafe } from './terminal-text.js';

export type Format = 'table' | 'markdown' | 'csv' | 'json';
export const FORMATS: readonly Format[] = ['table', 'markdown', 'csv', 'json'];

export interface PrintOptions {
  /**
   * Columns the text table may use (a terminal's width). Wider tables first wrap their prose columns, then leave
   * out detail columns (named under the table). Infinity (the default) prints every column unwrapped.
   */
  width?: number;
  /** What shows every column, named under a table that left some out (the command's own options). */
  everyColumn?: string;
}

export interface Printer {
  print(doc: ReportDoc, data: unknown, opts?: PrintOptions): string;
}

/**
 * Every string of a report through `safe`: names, keys, messages and titles come from data (a bucket name, a
 * selector Name, an account name), and each printer makes them harmless for where it prints before measuring
 * anything (an escape is wider than the character it shows).
 */
function mapDoc(doc: ReportDoc, safe: (s: string) => string): ReportDoc {
  const cells = (rows: string[][]) => rows.map((r) => r.map(safe));
  return {
    title: safe(doc.title),
    subtitle: doc.subtitle === undefined ? undefined : safe(doc.subtitle),
    sections: doc.sections.map((s): Section =>
      s.kind === 'text'
        ? { ...s, title: s.title === undefined ? undefined : safe(s.title), lines: s.lines.map(safe) }
        : {
            ...s,
            title: s.title === undefined ? undefined : safe(s.title),
            columns: s.columns.map((c) => ({ ...c, header: safe(c.header) })),
            rows: cells(s.rows),
            footer: s.footer && cells(s.footer),
            notes: s.notes?.map(safe),
            narrow: s.narrow?.map(safe),
          },
    ),
  };
}

const width = (s: string): number => [...s].length;
const pad = (s: string, w: number, right: boolean): string => (right ? ' '.repeat(Math.max(0, w - width(s))) + s : s + ' '.repeat(Math.max(0, w - width(s))));
const GAP = 2;

/** Greedy word wrap on spaces; a word longer than the line is cut (an ARN is better cut than overflowing). */
export function wrapText(text: string, w: number, indent = ''): string[] {
  if (width(text) <= w) return [text];
  // Keep a leading indent (grouped rows, notes) on the first line and the continuation lines.
  const lead = /^ */.exec(text)![0];
  if (lead.length > 0 && lead.length < w / 2) {
    const more = indent.length > lead.length ? indent.slice(lead.length) : '';
    return wrapText(text.slice(lead.length), w - lead.length, more).map((l) => lead + l);
  }
  const out: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    const room = () => w - width(line) - (line === '' ? 0 : 1);
    if (width(word) > room() && line !== '' && line.trim() !== '') {
      out.push(line);
      line = indent;
    }
    while (width(word) > w - width(line)) {
      const room = Math.max(1, w - width(line));
      // Prefer to cut after a '-' or '/' (names, ARNs, paths) over mid-token.
      const head = [...word].slice(0, room);
      const soft = Math.max(head.lastIndexOf('-'), head.lastIndexOf('/'), head.lastIndexOf(':'));
      const take = soft >= room / 2 ? soft + 1 : room;
      out.push(line + [...word].slice(0, take).join(''));
      word = [...word].slice(take).join('');
      line = indent;
    }
    line = line === '' || line === indent ? line + word : `${line} ${word}`;
  }
  if (line.trim() !== '') out.push(line);
  return out;
}

interface Fitted {
  keep: number[];
  widths: number[];
  /** Left-out column headers, in column order. */
  dropped: string[];
}

/** Which columns, how wide: wrap prose first, then leave out detail columns, until the table fits. */
function fit(t: TableSection, budget: number): Fitted {
  const all = [t.columns.map((c) => c.header), ...t.rows, ...(t.footer ?? [])];
  const natural = t.columns.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  const longestWord = t.columns.map((_, i) => Math.max(...all.map((r) => Math.max(0, ...(r[i] ?? '').split(' ').map(width)))));
  const minOf = (i: number) => (t.columns[i].wrap ? Math.min(natural[i], Math.max(12, Math.min(20, longestWord[i]))) : natural[i]);
  let keep = t.columns.map((_, i) => i);
  const total = (ws: number[]) => keep.reduce((a, i) => a + ws[i], 0) + GAP * (keep.length - 1);
  const out = (ws: number[]) => ({ keep, widths: ws, dropped: t.columns.filter((_, i) => !keep.includes(i)).map((c) => c.header) });
  for (;;) {
    const ws = [...natural];
    // Shrink the widest wrappable column one step at a time: spreads the wrapping over the prose columns.
    while (total(ws) > budget) {
      const all = keep.filter((i) => t.columns[i].wrap && ws[i] > minOf(i));
      const first = all.filter((i) => t.columns[i].wrapFirst);
      const cand = first.length > 0 ? first : all;
      if (cand.length === 0) break;
      const widest = cand.reduce((a, i) => (ws[i] > ws[a] ? i : a));
      ws[widest] -= 1;
    }
    if (total(ws) <= budget) return out(ws);
    const droppable = keep.filter((i) => t.columns[i].drop !== undefined);
    if (droppable.length === 0) return out(ws);
    // Columns of one drop level go together: half the trail columns of a slice would mislead.
    const level = Math.max(...droppable.map((i) => t.columns[i].drop!));
    keep = keep.filter((i) => t.columns[i].drop !== level);
  }
}

function textTable(t: TableSection, budget: number, everyColumn = '--wide, --format markdown|csv or --json'): string[] {
  const { keep, widths, dropped } = fit(t, budget);
  const wrapped = keep.some((i) => widths[i] < Math.max(...[t.columns[i].header, ...t.rows.map((r) => r[i] ?? '')].map(width)));
  if (t.narrow && (wrapped || dropped.length > 0)) return t.narrow.flatMap((l) => wrapLine(l, budget, 4));
  const fmt = (r: string[]): string[] => {
    const cells = keep.map((i) => (t.columns[i].wrap ? wrapText(r[i] ?? '', widths[i]) : [r[i] ?? '']));
    const height = Math.max(...cells.map((c) => c.length));
    const lines: string[] = [];
    for (let l = 0; l < height; l++) {
      lines.push(keep.map((i, k) => pad(cells[k][l] ?? '', widths[i], t.columns[i].align === 'right')).join(' '.repeat(GAP)).trimEnd());
    }
    return lines;
  };
  const rule = keep.map((i) => '─'.repeat(widths[i])).join(' '.repeat(GAP));
  const out = [...fmt(t.columns.map((c) => c.header)), rule, ...t.rows.flatMap(fmt)];
  if (t.footer && t.footer.length > 0) out.push(rule, ...t.footer.flatMap(fmt));
  const notes = [...(t.notes ?? [])];
  if (dropped.length > 0) notes.push(`Left out to fit ${budget} columns: ${dropped.join(', ')} (${everyColumn} show every column)`);
  for (const n of notes) out.push(...wrapText(`  ${n}`, budget, '    '));
  return out;
}

/** Hanging indent for bullets (`- ! [code] …`) so wrapped warnings stay readable. */
function wrapLine(line: string, budget: number, hang?: number): string[] {
  const lead = /^(\s*(?:- )?)/.exec(line)?.[1] ?? '';
  return wrapText(line, budget, ' '.repeat(hang ?? width(lead)));
}

export const tablePrinter: Printer = {
  print(raw, _data, opts) {
    const doc = mapDoc(raw, terminalSafe);
    const budget = opts?.width ?? Infinity;
    const text = (l: string) => (Number.isFinite(budget) ? wrapLine(l, budget) : [l]);
    const out: string[] = [...text(doc.title)];
    if (doc.subtitle) out.push(...text(doc.subtitle));
    for (const s of doc.sections) {
      out.push('');
      if (s.title) out.push(...text(s.title));
      out.push(...(s.kind === 'table' ? textTable(s, budget, opts?.everyColumn) : s.lines.flatMap(text)));
    }
    return `${out.join('\n')}\n`;
  },
};

const mdCell = (s: string): string => s.replace(/\|/g, '\\|');

function mdSection(s: Section): string[] {
  const out: string[] = [];
  if (s.title) out.push(`## ${s.title}`, '');
  if (s.kind === 'text') {
    out.push(...s.lines.map((l) => (l.startsWith('- ') || l === '' ? l : `${l}  `)));
    return out;
  }
  out.push(`| ${s.columns.map((c) => mdCell(c.header)).join(' | ')} |`);
  out.push(`|${s.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`);
  for (const r of s.rows) out.push(`| ${r.map(mdCell).join(' | ')} |`);
  for (const r of s.footer ?? []) out.push(`| ${r.map((c) => (c ? `**${mdCell(c)}**` : '')).join(' | ')} |`);
  if (s.notes && s.notes.length > 0) out.push('', ...s.notes.map((n) => `_${n}_  `));
  return out;
}

export const markdownPrinter: Printer = {
  print(raw) {
    const doc = mapDoc(raw, terminalSafe);
    const out: string[] = [`# ${doc.title}`];
    if (doc.subtitle) out.push('', doc.subtitle);
    for (const s of doc.sections) out.push('', ...mdSection(s));
    return `${out.join('\n')}\n`;
  },
};

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** A raw range of two numbers (`-607.5..-590`) is data, not a formula. */
const NUMBER_RANGE = /^[-+]?\d+(\.\d+)?\.\.[-+]?\d+(\.\d+)?$/;
/** A CSV field: terminal-safe, and a would-be spreadsheet formula prefixed with `'` (terminal-text.csvSafe). */
const csvText = (s: string): string => (NUMBER_RANGE.test(s) ? terminalSafe(s) : csvSafe(s));

/**
 * CSV: the document's tables; text sections are left out (CSV is for data). A document of one table (what
 * `estimate` and `compare` give for CSV: one tidy table) prints as plain CSV, a header line and rows; several
 * tables are each preceded by a `# title` line.
 */
export const csvPrinter: Printer = {
  print(raw) {
    const doc = mapDoc(raw, csvText);
    const tables = doc.sections.filter((s): s is TableSection => s.kind === 'table');
    const out: string[] = [];
    for (const s of tables) {
      if (out.length > 0) out.push('');
      if (s.title && tables.length > 1) out.push(`# ${s.title}`);
      out.push(s.columns.map((c) => csvCell(c.header)).join(','));
      for (const r of [...s.rows, ...(s.footer ?? [])]) out.push(r.map(csvCell).join(','));
    }
    return `${out.join('\n')}\n`;
  },
};

export const jsonPrinter: Printer = {
  print(_doc, data) {
    return `${JSON.stringify(data, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v), 2)}\n`;
  },
};

export const PRINTERS: Record<Format, Printer> = { table: tablePrinter, markdown: markdownPrinter, csv: csvPrinter, json: jsonPrinter };

export function printerFor(format: Format): Printer {
  return PRINTERS[format];
}

/** Fallback when stdout is not a terminal (a pipe, a file): readable in a 100-column editor or pager. */
export const DEFAULT_WIDTH = 100;

/**
 * The width a text table gets: everything with `--wide`; else the terminal's columns (never below 60, where
 * nothing fits anyway); else DEFAULT_WIDTH. Callers pass process.stdout's values: this stays pure.
 */
export function tableWidth(o: { wide?: boolean; isTTY?: boolean; columns?: number }): number {
  if (o.wide) return Infinity;
  if (o.isTTY && o.columns && o.columns > 0) return Math.max(60, o.columns);
  return DEFAULT_WIDTH;
}
