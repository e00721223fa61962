/**
 * What `apply` shows an approver before anything changes: the field-level selector diff and what stops and starts
 * being logged. Every name and value comes from a file or from AWS, so all of it is made terminal-safe here.
 */
import type { CoverageLine, SelectorChange } from '../optimize/check.js';
import { terminalSafe } from './terminal-text.js';

const MAX_VALUES = 12;
const MAX_LINES = 15;

function list(values: readonly string[]): string {
  const shown = values.slice(0, MAX_VALUES).map(terminalSafe).join(', ');
  return values.length > MAX_VALUES ? `${shown}, … ${values.length - MAX_VALUES} more` : shown;
}

/** `~ name` / `+ name` / `- name`, then one line per field and operator with the values that come (+) and go (-). */
export function formatSelectorChanges(changes: readonly SelectorChange[], indent = '  '): string[] {
  const out: string[] = [];
  const mark = { added: '+', removed: '-', changed: '~' } as const;
  for (const c of changes) {
    out.push(`${indent}${mark[c.kind]} ${terminalSafe(c.name)}`);
    for (const f of c.fields) {
      const parts = [f.added.length > 0 ? `+ ${list(f.added)}` : '', f.removed.length > 0 ? `- ${list(f.removed)}` : ''].filter(Boolean);
      out.push(`${indent}    ${terminalSafe(f.field)} ${f.operator}: ${parts.join('  ')}`);
    }
  }
  return out;
}

function coverageLine(l: CoverageLine): string {
  const modes = [l.reads.length > 0 ? `reads (${list(l.reads)})` : '', l.writes.length > 0 ? `writes (${list(l.writes)})` : ''].filter(Boolean);
  return `${terminalSafe(l.label)}: ${modes.join(', ')}${l.partly ? ' — in part' : ''}`;
}

/** The lines under "stops being logged" / "starts being logged", cut at MAX_LINES with a count of the rest. */
export function formatCoverageLines(title: string, lines: readonly CoverageLine[], indent = '  '): string[] {
  if (lines.length === 0) return [];
  const out = [`${indent}${title} (${lines.length}):`];
  for (const l of lines.slice(0, MAX_LINES)) out.push(`${indent}  ${coverageLine(l)}`);
  if (lines.length > MAX_LINES) out.push(`${indent}  … and ${lines.length - MAX_LINES} more`);
  return out;
}
