import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { TreeTable } from '../components/TreeTable.js';
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
          <Text>{state.filter}</Text>
          {state.editing ? <Text inverse> </Text> : null}
          <Text color={theme.dim}>{`  ${props.total} row${props.total === 1 ? '' : 's'}${state.editing ? ' · enter apply · esc clear' : ' · esc clears'}`}</Text>
        </Text>
      ) : null}
      {props.total === 0 ? (
        <Text color={theme.dim}>{state.filter ? `nothing matches "${state.filter}"` : 'no resources in this inventory'}</Text>
      ) : (
        <TreeTable tree={props.tree} rows={props.window} cursorId={state.cursorId} width={props.width} height={tableHeight} sort={state.sort} />
      )}
      <Box flexGrow={1} />
      <Text color={theme.dim} wrap="truncate-end">
        {answerLine(props.tree, props.state.cursorId)}
        {`${props.total === 0 ? 0 : props.cursor + 1}/${props.total} · sorted by ${sortLabels[state.sort.key]} ${state.sort.desc ? '↓' : '↑'} · ${props.tree.size.toLocaleString('en-US')} resources · ? = unknown volume`}
      </Text>
    </Box>
  );
}

/** The cursor row's answer and where it comes from (the policy model's most specific statement). */
function answerLine(tree: ResourceTree, id: string | null): string {
  const r = id ? tree.get(id) : undefined;
  if (!r?.via) return '';
  return `${r.label}: ${r.effective ?? r.decision} ← ${r.via} · `;
}

/** Body rows left for table rows: minus the column header, the status line and the filter line when shown. */
export function tableRows(height: number, state: Pick<TreeState, 'editing' | 'filter'>): number {
  return Math.max(1, height - 2 - (state.editing || state.filter !== '' ? 1 : 0));
}
