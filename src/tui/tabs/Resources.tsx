import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { TreeTable } from '../components/TreeTable.js';
import { fit, safe } from '../format.js';
import { sortLabels, type FlatRow, type TreeState } from '../state/tree.js';
import type { ResourceTree } from '../view-model.js';
import { ScrollPane } from '../components/DetailPane.js';
import type { PaneLine } from '../wrap.js';

export type DetailMode = 'none' | 'side' | 'bottom' | 'full';

/**
 * Where the detail pane goes at a size: beside the table from 160 columns, below it when the body has 30 rows,
 * else over the whole body (↑↓ still move between resources, the pane follows).
 */
export function resourcesLayout(width: number, height: number, detailOpen: boolean): { mode: DetailMode; treeWidth: number; treeHeight: number; paneWidth: number; paneHeight: number } {
  if (!detailOpen) return { mode: 'none', treeWidth: width, treeHeight: height, paneWidth: 0, paneHeight: 0 };
  if (width >= 160) {
    const paneWidth = Math.min(100, Math.floor(width * 0.42));
    return { mode: 'side', treeWidth: width - paneWidth - 1, treeHeight: height, paneWidth, paneHeight: height };
  }
  if (height >= 30) {
    const treeHeight = Math.max(8, Math.floor(height * 0.45));
    return { mode: 'bottom', treeWidth: width, treeHeight, paneWidth: width, paneHeight: height - treeHeight };
  }
  return { mode: 'full', treeWidth: width, treeHeight: height, paneWidth: width, paneHeight: height };
}

export const DETAIL_KEYS = '↑↓ resource · PgUp/PgDn scroll · space decide · d/esc close';

/** Resources: the table with its filter and status lines, and the detail pane of the cursor row when open. */
export function Resources(props: {
  tree: ResourceTree;
  state: TreeState;
  window: readonly FlatRow[];
  total: number;
  cursor: number;
  width: number;
  height: number;
  /** Rows that match the filter (for the filter line). */
  matches?: number;
  detail?: { lines: readonly PaneLine[]; top: number } | null;
}) {
  const layout = resourcesLayout(props.width, props.height, !!props.detail);
  const pane = props.detail ? (
    <ScrollPane title={`details ${props.total === 0 ? 0 : props.cursor + 1}/${props.total}`} keysHint={DETAIL_KEYS} lines={props.detail.lines} top={props.detail.top} width={layout.paneWidth} height={layout.paneHeight} />
  ) : null;
  if (layout.mode === 'full') return pane;
  const table = <ResourceTable {...props} width={layout.treeWidth} height={layout.treeHeight} />;
  if (layout.mode === 'side') {
    return (
      <Box flexDirection="row" width={props.width} height={props.height}>
        {table}
        <Box width={1} />
        {pane}
      </Box>
    );
  }
  if (layout.mode === 'bottom') {
    return (
      <Box flexDirection="column" width={props.width} height={props.height}>
        {table}
        {pane}
      </Box>
    );
  }
  return table;
}

function ResourceTable(props: Parameters<typeof Resources>[0]) {
  const theme = useTheme();
  const { state } = props;
  const showFilter = state.editing || state.filter !== '';
  const tableHeight = tableRows(props.height, state);
  const matchNote = props.matches !== undefined ? ` · ${props.matches} match${props.matches === 1 ? '' : 'es'}` : '';
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      {showFilter ? (
        <Text>
          <Text bold color={theme.accent}>/</Text>
          <Text>{safe(state.filter)}</Text>
          {state.editing ? <Text inverse> </Text> : null}
          <Text color={theme.dim}>{`  ${props.total} row${props.total === 1 ? '' : 's'}${matchNote}${state.editing ? ' · enter apply · esc clear · type:ddb by type' : ' · n/N next/prev match · esc clears'}`}</Text>
        </Text>
      ) : null}
      {props.total === 0 ? (
        <Text color={theme.dim} wrap="truncate-end">{state.filter ? `nothing matches "${safe(state.filter)}" (names, or a type: s3 prefix lambda ddb account region)` : 'no resources in this inventory'}</Text>
      ) : (
        <TreeTable tree={props.tree} rows={props.window} cursorId={state.cursorId} width={props.width} height={tableHeight} sort={state.sort} />
      )}
      <Box flexGrow={1} />
      <Text color={theme.dim} wrap="truncate-end">
        {statusLine(
          answerOf(props.tree, state.cursorId),
          `${props.total === 0 ? 0 : props.cursor + 1}/${props.total} · sorted by ${sortLabels[state.sort.key]} ${state.sort.desc ? '↓' : '↑'}`,
          ` · ${props.tree.size.toLocaleString('en-US')} resources · ? = unknown volume`,
          props.width,
        )}
      </Text>
    </Box>
  );
}

/** The cursor row's answer and where it comes from (the policy model's most specific statement). */
function answerOf(tree: ResourceTree, id: string | null): string {
  const r = id ? tree.get(id) : undefined;
  if (!r?.via) return '';
  // Label and rule come from data: safe before the status line measures them.
  return safe(`${r.label}: ${r.effective ?? r.decision} ← ${r.via}`);
}

/**
 * The status line: the cursor row's answer first, then the position and sort, then the rest. A long answer is
 * cut (with "…") so the position and sort stay on an 80-column line; the rest is the first to go.
 */
export function statusLine(answer: string, position: string, rest: string, width: number): string {
  if (!answer) return position + rest;
  const room = width - position.length - 3;
  if (room < 12) return position + rest;
  // Room for the rest (cut at the edge if need be) only when the answer fits whole.
  return answer.length <= room ? `${answer} · ${position}${rest}` : `${fit(answer, room)} · ${position}`;
}

/** Body rows left for table rows: minus the column header, the status line and the filter line when shown. */
export function tableRows(height: number, state: Pick<TreeState, 'editing' | 'filter'>): number {
  return Math.max(1, height - 2 - (state.editing || state.filter !== '' ? 1 : 0));
}
