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
}

export type Effect =
  | { type: 'quit' }
  | { type: 'decide'; nodeId: string; decision: NodeDecision }
  | { type: 'export'; trailIndex: number; format: SelectorFormat }
  | { type: 'save' };

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
  };
}

/** Most specific first; what `resolve` and the footer use. */
export function activeScopes(s: AppState): Scope[] {
  if (s.help) return ['help'];
  switch (TABS[s.tab]) {
    case 'Resources':
      return s.tree.editing ? ['filter'] : ['tree', 'decide', 'list', 'global'];
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
  /** Row count per list tab, and the preview's line count, for clamping. */
  counts: { selectors: number; scenarios: number; trails: number; previewLines: number };
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
  const tree = (a: Parameters<typeof reduceTree>[1]): AppState => ({ ...base, tree: reduceTree(base.tree, a, ctx.tree) });
  switch (r.action) {
    case 'quit':
    case 'forceQuit':
      return { state: base, effect: { type: 'quit' } };
    case 'help':
      return { state: { ...base, help: true } };
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
      if (TABS[base.tab] === 'Resources') return { state: tree({ type: r.action }) };
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
  }
}
