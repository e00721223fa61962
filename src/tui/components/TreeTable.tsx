import { Box, Text } from 'ink';
import { useTheme, type Theme } from '../theme.js';
import { count, countCell, fit, usd, usdCell } from '../format.js';
import type { Range, ResourceRow, ResourceTree } from '../view-model.js';
import { sortLabels, type FlatRow, type SortKey } from '../state/tree.js';
import { typeCell } from '../resource-types.js';
import { distinctFit } from '../truncate.js';

interface Column {
  key: string;
  title: string;
  width: number;
  align: 'left' | 'right';
  sort?: SortKey;
  cell: (r: ResourceRow) => { text: string; color?: string; dim?: boolean };
}

/** Columns for a width: the essentials fit 80 columns; wider terminals add bounds and what auto means. */
export function treeColumns(width: number, theme: Theme, pending = false): { name: number; cols: Column[] } {
  // Wide terminals print ranges in full ("$273.99–$299.36"); 80 columns in short ("$274–299").
  const money = width >= 120 ? usd : usdCell;
  const events = width >= 120 ? count : countCell;
  const cols: Column[] = [
    { key: 'type', title: 'type', width: width >= 100 ? 6 : 4, align: 'left', cell: (r) => ({ text: typeCell(r.kind, width >= 100), color: theme.dim }) },
    { key: 'events', title: 'events/mo', width: width >= 120 ? 16 : 9, align: 'right', sort: 'events', cell: (r) => ({ text: withUnknown(r, r.events, events), color: r.events === null || r.unknown ? theme.unknown : undefined }) },
    { key: 'now', title: 'cost now', width: width >= 120 ? 21 : 12, align: 'right', sort: 'costNow', cell: (r) => ({ text: withUnknown(r, r.costNow, money), color: r.costNow === null || r.unknown ? theme.unknown : undefined }) },
    { key: 'proposed', title: 'proposed', width: width >= 120 ? 21 : 12, align: 'right', sort: 'costProposed', cell: (r) => (pending ? { text: '…', color: theme.dim } : { text: withUnknown(r, r.costProposed, money), color: r.costProposed === null || r.unknown ? theme.unknown : theme.good }) },
    { key: 'prov', title: 'source', width: width >= 100 ? 8 : 7, align: 'left', cell: (r) => ({ text: r.provenance, color: r.provenance === 'unknown' ? theme.unknown : theme.dim }) },
    {
      key: 'decision', title: 'decision', width: width >= 100 ? 18 : 11, align: 'left',
      cell: (r) => {
        // What auto resolves to (a policy rule, an ancestor's decision, the default) is part of the decision.
        const eff = r.decision === 'auto' && r.effective ? (width >= 100 ? ` (${r.effective})` : `=${r.effective === 'keep-writes' ? 'writes' : r.effective}`) : '';
        const text = r.decision + eff;
        const shown = r.decision === 'auto' ? r.effective : r.decision;
        const color = shown === 'drop' ? theme.bad : shown === 'keep' || shown === 'keep-writes' ? theme.good : theme.dim;
        return { text, color };
      },
    },
  ];
  const fixed = cols.reduce((n, c) => n + c.width + 1, 0);
  return { name: Math.max(12, width - fixed), cols };
}

/**
 * Unknown volume inside a row is never shown as zero: "?" when nothing known is left, else the known part
 * followed by "+?".
 */
function withUnknown(r: ResourceRow, v: Range | null, f: (v: Range | null) => string): string {
  if (!r.unknown || v === null) return f(v);
  return v.high === 0 ? '?' : f(v) + '+?';
}

/** Indentation per depth: two spaces where there is room, one under 100 columns. */
function indentOf(depth: number, width: number): string {
  return (width >= 100 ? '  ' : ' ').repeat(Math.min(depth, 8));
}

/**
 * The name cells of the window: rows of one depth share a width, and their names are cut so that two different
 * names never read the same (truncate.ts).
 */
export function windowLabels(tree: ResourceTree, rows: readonly FlatRow[], nameWidth: number, width: number): string[] {
  const out: string[] = new Array(rows.length).fill(''.padEnd(nameWidth));
  const byDepth = new Map<number, number[]>();
  rows.forEach((fr, k) => {
    const g = byDepth.get(fr.depth);
    if (g) g.push(k);
    else byDepth.set(fr.depth, [k]);
  });
  for (const [depth, ks] of byDepth) {
    const lead = indentOf(depth, width);
    const room = nameWidth - lead.length - 2;
    const fitted = distinctFit(ks.map((k) => tree.get(rows[k].id)?.label ?? ''), Math.max(1, room));
    ks.forEach((k, j) => (out[k] = fit(lead + marker(rows[k]) + fitted[j], nameWidth)));
  }
  return out;
}

function marker(row: FlatRow): string {
  if (!row.hasChildren) return '  ';
  return row.expanded ? '▾ ' : '▸ ';
}

/**
 * The Resources table. Draws only `rows` (the visible window) — the caller slices; nothing here walks the tree.
 */
export function TreeTable(props: {
  tree: ResourceTree;
  rows: readonly FlatRow[];
  cursorId: string | null;
  width: number;
  height: number;
  sort: { key: SortKey; desc: boolean };
}) {
  const theme = useTheme();
  const { name, cols } = treeColumns(props.width, theme, props.tree.proposed === 'pending');
  const arrow = props.sort.desc ? '↓' : '↑';
  const labels = windowLabels(props.tree, props.rows, name, props.width);
  const lines = props.rows.map((fr, k) => {
    const r = props.tree.get(fr.id);
    if (!r) return null;
    const selected = fr.id === props.cursorId;
    const label = labels[k];
    return (
      <Box key={fr.id} width={props.width}>
        <Text inverse={selected} bold={fr.match} color={selected ? undefined : r.kind === 'account' || r.kind === 'region' ? theme.accent : undefined}>
          {label}
        </Text>
        {cols.map((c) => {
          const v = c.cell(r);
          return (
            <Text key={c.key} inverse={selected} color={selected ? undefined : v.color}>
              {' ' + fit(v.text, c.width, c.align)}
            </Text>
          );
        })}
      </Box>
    );
  });
  return (
    <Box flexDirection="column" width={props.width} height={props.height + 1}>
      <Box width={props.width}>
        <Text bold color={props.sort.key === 'name' ? theme.accent : undefined}>
          {fit(props.sort.key === 'name' ? `resource ${arrow}` : 'resource', name)}
        </Text>
        {cols.map((c) => (
          <Text key={c.key} bold color={c.sort === props.sort.key ? theme.accent : undefined}>
            {' ' + fit(c.sort === props.sort.key ? `${arrow}${c.title}` : c.title, c.width, c.align)}
          </Text>
        ))}
      </Box>
      {lines}
    </Box>
  );
}

export { sortLabels };
