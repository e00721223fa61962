/**
 * One printer per output format behind one interface (aws-cost-cli's idea): aligned text tables, Markdown,
 * CSV, and JSON (which prints the command's full data rather than the formatted report).
 */
import type { ReportDoc, Section, TableSection } from './doc.js';

export type Format = 'table' | 'markdown' | 'csv' | 'json';
export const FORMATS: readonly Format[] = ['table', 'markdown', 'csv', 'json'];

export interface Printer {
  print(doc: ReportDoc, data: unknown): string;
}

const width = (s: string): number => [...s].length;
const pad = (s: string, w: number, right: boolean): string => (right ? ' '.repeat(Math.max(0, w - width(s))) + s : s + ' '.repeat(Math.max(0, w - width(s))));

function textTable(t: TableSection): string[] {
  const all = [t.columns.map((c) => c.header), ...t.rows, ...(t.footer ?? [])];
  const widths = t.columns.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  const fmt = (r: string[]) => r.map((cell, i) => pad(cell ?? '', widths[i], t.columns[i].align === 'right')).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [fmt(t.columns.map((c) => c.header)), rule, ...t.rows.map(fmt)];
  if (t.footer && t.footer.length > 0) out.push(rule, ...t.footer.map(fmt));
  for (const n of t.notes ?? []) out.push(`  ${n}`);
  return out;
}

export const tablePrinter: Printer = {
  print(doc) {
    const out: string[] = [doc.title];
    if (doc.subtitle) out.push(doc.subtitle);
    for (const s of doc.sections) {
      out.push('');
      if (s.title) out.push(s.title);
      out.push(...(s.kind === 'table' ? textTable(s) : s.lines));
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
  print(doc) {
    const out: string[] = [`# ${doc.title}`];
    if (doc.subtitle) out.push('', doc.subtitle);
    for (const s of doc.sections) out.push('', ...mdSection(s));
    return `${out.join('\n')}\n`;
  },
};

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV: every table, each preceded by a `# title` line; text sections are left out (CSV is for data). */
export const csvPrinter: Printer = {
  print(doc) {
    const out: string[] = [];
    for (const s of doc.sections) {
      if (s.kind !== 'table') continue;
      if (out.length > 0) out.push('');
      if (s.title) out.push(`# ${s.title}`);
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
