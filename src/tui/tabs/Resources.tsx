import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { TreeTable } from '../components/TreeTable.js';
import { fit, safe } from '../format.js';
import { sortLabels, type FlatRow, type TreeState } from '../state/tree.js';
import type { ResourceTree } from '../view-model.js';

/** Resources: filter line, the tree table (visible window only) and a position/sort status line. */
export function Resources(props: {
  tree: ResourceTree;
  state: TreeState;
  window: readonly FlatRow[];
  total: number;
  cursor: number;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const { state } = props;
  const showFilter = state.editing || state.filter !== '';
  const tableHeight = tableRows(props.height, state);
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      {showFilter ? (
        <Text>
          <Text bold color={theme.accent}>/</Text>
          <Text>{safe(state.filter)}</Text>
          {state.editing ? <Text inverse> </Text> : null}
          <Text color={theme.dim}>{`  ${props.total} row${props.total === 1 ? '' : 's'}${state.editing ? ' · enter apply · esc clear' : ' · esc clears'}`}</Text>
        </Text>
      ) : null}
      {props.total === 0 ? (
        <Text color={theme.dim}>{state.filter ? `nothing matches "${safe(state.filter)}"` : 'no resources in this inventory'}</Text>
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
