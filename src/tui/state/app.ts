/**
 * App state as a pure step function: (state, resolved key) → (state, effect). Effects (quit, a decision
 * change, an export, a save) are carried out by the app shell through the session and the edges.
 */
import type { Resolved, Scope } from '../keys.js';
import { SELECTOR_FORMATS, type NodeDecision, type SelectorFormat } from '../view-model.js';
import { reduceTree, type TreeContext, type TreeState } from './tree.js';

export const TABS = ['Overview', 'Resources', 'Selectors', 'Scenarios', 'Trails'] as const;
export type TabName = (typeof TABS)[number];

export interface ListState {
  cursor: number;
  top: number;
}

export interface Message {
  level: 'info' | 'error';
  text: string;
}

export interface AppState {
  tab: number;
  help: boolean;
  format: SelectorFormat;
  tree: TreeState;
  /** Cursor per list tab (Selectors: which trail; Scenarios; Trails). */
  lists: Record<'selectors' | 'scenarios' | 'trails', ListState>;
  /** Scroll offset of the selector preview (lines). */
  previewTop: number;
  message: Message | null;
  /** The Resources detail pane: open or not, and its scroll offset (back to the top when the cursor moves). */
  detail: { open: boolean; top: number };
  /** The Overview's warnings pane: open or not, and its scroll offset in lines. */
  warnings: { open: boolean; top: number };
  /** Scroll offset of the help overlay (lines), when the screen is too short for every key. */
  helpTop: number;
}

export type Effect =
  | { type: 'quit' }
  | { type: 'decide'; nodeId: string; decision: NodeDecision }
  | { type: 'export'; trailIndex: number; format: SelectorFormat }
  | { type: 'save' }
  | { type: 'live'; what: 'rescan' | 'init' };

export const DECISION_CYCLE: readonly NodeDecision[] = ['auto', 'keep', 'keep-writes', 'drop'];

export function nextDecision(d: NodeDecision): NodeDecision {
  return DECISION_CYCLE[(DECISION_CYCLE.indexOf(d) + 1) % DECISION_CYCLE.length];
}

export function initialAppState(tree: TreeState, tab = 0): AppState {
  return {
    tab,
    help: false,
    format: 'json',
    tree,
    lists: { selectors: { cursor: 0, top: 0 }, scenarios: { cursor: 0, top: 0 }, trails: { cursor: 0, top: 0 } },
    previewTop: 0,
    message: null,
    detail: { open: false, top: 0 },
    warnings: { open: false, top: 0 },
    helpTop: 0,
  };
}

/** Most specific first; what `resolve` and the footer use. */
export function activeScopes(s: AppState): Scope[] {
  if (s.help) return ['help'];
  switch (TABS[s.tab]) {
    case 'Resources':
      return s.tree.editing ? ['filter'] : s.detail.open ? ['detail', 'tree', 'decide', 'list', 'global'] : ['tree', 'decide', 'list', 'global'];
    case 'Overview':
      return s.warnings.open ? ['warnings', 'global'] : ['overview', 'global'];
    case 'Selectors':
      return ['selectors', 'list', 'global'];
    case 'Scenarios':
    case 'Trails':
      return ['list', 'global'];
    default:
      return ['global'];
  }
}

export interface StepContext {
  tree: TreeContext;
  /** Row count per list tab, and the line counts of the panes that scroll, for clamping. */
  counts: { selectors: number; scenarios: number; trails: number; previewLines: number; detailLines?: number; warningLines?: number; helpLines?: number };
  /** Text rows of the detail pane and of the warnings pane as laid out now (paging). */
  detailRows?: number;
  warningRows?: number;
  helpRows?: number;
  /** True while the optimizer runs for the Selectors tab (nothing to export yet). */
  optimizing?: boolean;
  /** Body height in rows, for paging lists. */
  height: number;
}

function listKey(tab: number): 'selectors' | 'scenarios' | 'trails' | null {
  const name = TABS[tab];
  return name === 'Selectors' ? 'selectors' : name === 'Scenarios' ? 'scenarios' : name === 'Trails' ? 'trails' : null;
}

function moveList(l: ListState, to: number, total: number, height: number): ListState {
  const cursor = Math.max(0, Math.min(total - 1, to));
  let top = l.top;
  if (cursor < top) top = cursor;
  if (cursor >= top + height) top = cursor - height + 1;
  return { cursor: Math.max(0, cursor), top: Math.max(0, top) };
}

export function step(s: AppState, r: Resolved, ctx: StepContext): { state: AppState; effect?: Effect } {
  // Any key clears the last message, except the one that sets it.
  const base: AppState = s.message ? { ...s, message: null } : s;
  const tree = (a: Parameters<typeof reduceTree>[1]): AppState => {
    const next = reduceTree(base.tree, a, ctx.tree);
    // The detail pane follows the cursor and starts at the top of each row's details.
    const detail = next.cursorId !== base.tree.cursorId && base.detail.top !== 0 ? { ...base.detail, top: 0 } : base.detail;
    return { ...base, tree: next, detail };
  };
  const scroll = (top: number, lines: number | undefined, rows: number | undefined) => Math.max(0, Math.min(top, Math.max(0, (lines ?? 0) - Math.max(1, rows ?? 1))));
  switch (r.action) {
    case 'quit':
    case 'forceQuit':
      return { state: base, effect: { type: 'quit' } };
    case 'help':
      return { state: { ...base, help: true, helpTop: 0 } };
    case 'closeHelp':
      return { state: { ...base, help: false } };
    case 'nextTab':
      return { state: { ...base, tab: (base.tab + 1) % TABS.length } };
    case 'prevTab':
      return { state: { ...base, tab: (base.tab + TABS.length - 1) % TABS.length } };
    case 'gotoTab':
      return { state: { ...base, tab: Math.max(0, Math.min(TABS.length - 1, r.arg ?? 0)) } };
    case 'up':
    case 'down':
    case 'pageUp':
    case 'pageDown':
    case 'top':
    case 'bottom': {
      if (base.help) return { state: { ...base, helpTop: scroll(base.helpTop + (r.action === 'up' ? -1 : 1), ctx.counts.helpLines, ctx.helpRows) } };
      if (TABS[base.tab] === 'Resources') return { state: tree({ type: r.action }) };
      if (TABS[base.tab] === 'Overview') {
        if (!base.warnings.open) return { state: base };
        const rows = Math.max(1, ctx.warningRows ?? 1);
        const page = Math.max(1, rows - 1);
        const t = base.warnings.top;
        const to = r.action === 'up' ? t - 1 : r.action === 'down' ? t + 1 : r.action === 'pageUp' ? t - page : r.action === 'pageDown' ? t + page : r.action === 'top' ? 0 : Number.MAX_SAFE_INTEGER;
        return { state: { ...base, warnings: { open: true, top: scroll(to, ctx.counts.warningLines, rows) } } };
      }
      const key = listKey(base.tab);
      if (!key) return { state: base };
      const total = ctx.counts[key];
      const l = base.lists[key];
      const page = Math.max(1, ctx.height - 1);
      // On the Selectors tab, paging scrolls the preview; arrows choose the trail.
      if (key === 'selectors' && (r.action === 'pageUp' || r.action === 'pageDown')) {
        const max = Math.max(0, ctx.counts.previewLines - 1);
        const previewTop = Math.max(0, Math.min(max, base.previewTop + (r.action === 'pageDown' ? page : -page)));
        return { state: { ...base, previewTop } };
      }
      const to =
        r.action === 'up' ? l.cursor - 1
        : r.action === 'down' ? l.cursor + 1
        : r.action === 'pageUp' ? l.cursor - page
        : r.action === 'pageDown' ? l.cursor + page
        : r.action === 'top' ? 0
        : total - 1;
      const next = moveList(l, to, total, ctx.height);
      const previewTop = key === 'selectors' && next.cursor !== l.cursor ? 0 : base.previewTop;
      return { state: { ...base, previewTop, lists: { ...base.lists, [key]: next } } };
    }
    case 'expand':
    case 'collapse':
    case 'toggle':
    case 'sort':
    case 'reverseSort':
    case 'acceptFilter':
    case 'clearFilter':
    case 'filterBackspace':
      return { state: tree({ type: r.action }) };
    case 'filter':
      return { state: tree({ type: 'startFilter' }) };
    case 'filterInput':
      return { state: tree({ type: 'filterInput', text: r.text ?? '' }) };
    case 'cycleDecision': {
      const id = base.tree.cursorId;
      const row = id === null ? undefined : ctx.tree.tree.get(id);
      if (!row) return { state: base };
      if (row.readOnly) return { state: { ...base, message: { level: 'error', text: `${row.label} cannot be decided here: ${row.readOnly}` } } };
      return { state: base, effect: { type: 'decide', nodeId: row.id, decision: nextDecision(row.decision) } };
    }
    case 'cycleFormat': {
      const format = SELECTOR_FORMATS[(SELECTOR_FORMATS.indexOf(base.format) + 1) % SELECTOR_FORMATS.length];
      return { state: { ...base, format, previewTop: 0 } };
    }
    case 'export':
      if (ctx.optimizing) return { state: { ...base, message: { level: 'error', text: 'still optimizing: press e again once the proposal shows' } } };
      if (ctx.counts.selectors === 0) return { state: { ...base, message: { level: 'error', text: 'no proposal to export' } } };
      return { state: base, effect: { type: 'export', trailIndex: base.lists.selectors.cursor, format: base.format } };
    case 'save':
      return { state: base, effect: { type: 'save' } };
    case 'toggleDetail':
      return { state: { ...base, detail: { open: !base.detail.open, top: 0 } } };
    case 'closeDetail':
      return { state: { ...base, detail: { open: false, top: 0 } } };
    case 'detailUp':
    case 'detailDown': {
      const rows = Math.max(1, ctx.detailRows ?? 1);
      const page = Math.max(1, rows - 1);
      const to = base.detail.top + (r.action === 'detailDown' ? page : -page);
      return { state: { ...base, detail: { open: true, top: scroll(to, ctx.counts.detailLines, rows) } } };
    }
    case 'nextMatch':
    case 'prevMatch': {
      if (base.tree.filter.trim() === '') {
        return { state: { ...base, message: { level: 'info', text: 'n/N jump between filter matches: / to filter first (a name, or a type such as ddb)' } } };
      }
      if (!ctx.tree.rows.some((x) => x.match)) return { state: { ...base, message: { level: 'info', text: 'no row matches the filter' } } };
      return { state: tree({ type: r.action }) };
    }
    case 'openWarnings':
      return { state: { ...base, warnings: { open: true, top: 0 } } };
    case 'rescan':
    case 'suggest':
      return { state: base, effect: { type: 'live', what: r.action === 'rescan' ? 'rescan' : 'init' } };
    case 'closeWarnings':
      return { state: { ...base, warnings: { open: false, top: 0 } } };
  }
}
