/**
 * Tree-table state as a pure reducer: expand/collapse, cursor, scrolling, filter and sort. Testable without
 * rendering; the view only draws `visibleWindow(...)`, so 100,000 nodes cost the same to draw as 20.
 */
import type { NodeShape, ResourceRow, ResourceTree } from '../view-model.js';
import { nameOnly, parseFilter, rowMatches } from '../resource-types.js';

export type SortKey = 'costNow' | 'costProposed' | 'events' | 'name';
export const SORT_KEYS: readonly SortKey[] = ['costNow', 'costProposed', 'events', 'name'];
export const sortLabels: Record<SortKey, string> = {
  costNow: 'cost now',
  costProposed: 'cost proposed',
  events: 'events/month',
  name: 'name',
};

export interface TreeState {
  expanded: ReadonlySet<string>;
  cursorId: string | null;
  /** Index of the first visible row. */
  top: number;
  filter: string;
  /** True while the user types the filter. */
  editing: boolean;
  sort: { key: SortKey; desc: boolean };
}

export interface FlatRow {
  id: string;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  /** True when the row itself matches the filter (ancestors shown for context do not). */
  match: boolean;
}

export type TreeAction =
  | { type: 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom' }
  | { type: 'expand' | 'collapse' | 'toggle' }
  | { type: 'startFilter' | 'acceptFilter' | 'clearFilter' | 'filterBackspace' }
  | { type: 'filterInput'; text: string }
  | { type: 'sort' | 'reverseSort' }
  | { type: 'nextMatch' | 'prevMatch' };

export function initialTreeState(tree: ResourceTree, opts: { expandDepth?: number } = {}): TreeState {
  // Open accounts by default so the first screen shows Regions, not a single line.
  const expanded = new Set<string>();
  const depth = opts.expandDepth ?? 1;
  const walk = (id: string, d: number): void => {
    if (d >= depth) return;
    const row = tree.get(id);
    if (!row || row.childIds.length === 0) return;
    expanded.add(id);
    for (const c of row.childIds) walk(c, d + 1);
  };
  for (const r of tree.roots) walk(r, 0);
  const state: TreeState = { expanded, cursorId: null, top: 0, filter: '', editing: false, sort: { key: 'costNow', desc: true } };
  // The cursor starts on the first row as sorted (the biggest account), not the first account declared.
  const first = sortedChildren(tree, tree.roots, compareRows(state.sort.key, state.sort.desc))[0];
  return { ...state, cursorId: first?.id ?? null };
}

function compareRows(key: SortKey, desc: boolean): (a: ResourceRow, b: ResourceRow) => number {
  if (key === 'name') {
    const dir = desc ? -1 : 1;
    return (a, b) => dir * a.label.localeCompare(b.label);
  }
  const dir = desc ? -1 : 1;
  return (a, b) => {
    // Ranges sort by their upper end: the most it could cost is what a FinOps reader ranks by.
    const x = a[key]?.high ?? null;
    const y = b[key]?.high ?? null;
    // Unknowns sort after every known number either way, and are never treated as zero.
    if (x === null && y === null) return a.label.localeCompare(b.label);
    if (x === null) return 1;
    if (y === null) return -1;
    return x === y ? a.label.localeCompare(b.label) : dir * (x - y);
  };
}

/** Sort keys whose values decisions never change (cost proposed does). */
const STATIC_KEYS: ReadonlySet<SortKey> = new Set(['costNow', 'events', 'name']);

function sortedChildren(tree: ResourceTree, ids: readonly string[], cmp: (a: ResourceRow, b: ResourceRow) => number, cacheKey?: string): NodeShape[] {
  const cache = cacheKey === undefined ? undefined : tree.orderCache;
  const hit = cache?.get(cacheKey!);
  const out: NodeShape[] = [];
  if (hit) {
    // Known order: only the structure is needed, rows are built later for the visible window alone.
    const shape = tree.shape ?? tree.get;
    for (const id of hit) {
      const r = shape(id);
      if (r) out.push(r);
    }
    return out;
  }
  const rows: ResourceRow[] = [];
  for (const id of ids) {
    const r = tree.get(id);
    if (r) rows.push(r);
  }
  rows.sort(cmp);
  cache?.set(cacheKey!, rows.map((r) => r.id));
  return rows;
}

/** Cache key of a parent's child order under a sort, or undefined when the order can change with decisions. */
function orderKey(parent: string, sort: { key: SortKey; desc: boolean }): string | undefined {
  return STATIC_KEYS.has(sort.key) ? `${sort.key}${sort.desc ? '↓' : '↑'}\u0000${parent}` : undefined;
}

/** The rows on screen, in order, for the state's expansion, filter and sort. */
export function flatten(tree: ResourceTree, state: Pick<TreeState, 'expanded' | 'filter' | 'sort'>): readonly FlatRow[] {
  // A keystroke flattens once in the reducer (to place the cursor) and once to draw: the second is free.
  const last = lastFlat.get(tree);
  if (last && last.expanded === state.expanded && last.filter === state.filter && last.key === state.sort.key && last.desc === state.sort.desc) return last.rows;
  const rows = flattenUncached(tree, state);
  lastFlat.set(tree, { expanded: state.expanded, filter: state.filter, key: state.sort.key, desc: state.sort.desc, rows });
  return rows;
}

const lastFlat = new WeakMap<ResourceTree, { expanded: ReadonlySet<string>; filter: string; key: SortKey; desc: boolean; rows: readonly FlatRow[] }>();

function flattenUncached(tree: ResourceTree, state: Pick<TreeState, 'expanded' | 'filter' | 'sort'>): FlatRow[] {
  const cmp = compareRows(state.sort.key, state.sort.desc);
  const out: FlatRow[] = [];
  const needle = state.filter.trim().toLowerCase();
  if (needle === '') {
    const walk = (row: NodeShape, depth: number): void => {
      const open = state.expanded.has(row.id);
      out.push({ id: row.id, depth, hasChildren: row.childIds.length > 0, expanded: open && row.childIds.length > 0, match: false });
      if (open) for (const c of sortedChildren(tree, row.childIds, cmp, orderKey(row.id, state.sort))) walk(c, depth + 1);
    };
    for (const r of sortedChildren(tree, tree.roots, cmp, orderKey('', state.sort))) walk(r, 0);
    return out;
  }
  // With a filter: a row shows when it or a descendant matches; ancestors of matches open automatically.
  const shape = tree.shape ?? tree.get;
  const cache = filterCacheFor(tree);
  const terms = parseFilter(needle);
  const matches = (row: NodeShape): boolean => {
    let l = cache.lower.get(row.id);
    if (l === undefined) cache.lower.set(row.id, (l = row.label.toLowerCase()));
    return rowMatches(l, row.kind, terms);
  };
  // Typing narrows: a subtree without a match for a prefix of the needle has none for the needle either.
  const prev = narrowestCached(cache, needle, nameOnly(terms));
  const hit = new Map<string, boolean>();
  const subtreeHit = (row: NodeShape): boolean => {
    const cached = hit.get(row.id);
    if (cached !== undefined) return cached;
    if (prev?.get(row.id) === false) {
      hit.set(row.id, false);
      return false;
    }
    let any = matches(row);
    for (const c of row.childIds) {
      const child = shape(c);
      if (child && subtreeHit(child)) any = true;
    }
    hit.set(row.id, any);
    return any;
  };
  for (const r of tree.roots) {
    const row = shape(r);
    if (row) subtreeHit(row);
  }
  rememberHits(cache, needle, hit);
  const walk = (row: NodeShape, depth: number): void => {
    if (!subtreeHit(row)) return;
    const self = matches(row);
    const childHit = row.childIds.some((c) => hit.get(c));
    const open = childHit || state.expanded.has(row.id);
    out.push({ id: row.id, depth, hasChildren: row.childIds.length > 0, expanded: open && row.childIds.length > 0, match: self });
    if (!open) return;
    for (const c of sortedChildren(tree, row.childIds, cmp, orderKey(row.id, state.sort))) {
      // Inside a matching node the user opened, show all children; elsewhere only the paths to matches.
      if (self && !childHit) walkAll(c, depth + 1);
      else walk(c, depth + 1);
    }
  };
  const walkAll = (row: NodeShape, depth: number): void => {
    const open = state.expanded.has(row.id);
    out.push({ id: row.id, depth, hasChildren: row.childIds.length > 0, expanded: open && row.childIds.length > 0, match: matches(row) });
    if (open) for (const c of sortedChildren(tree, row.childIds, cmp, orderKey(row.id, state.sort))) walkAll(c, depth + 1);
  };
  for (const r of sortedChildren(tree, tree.roots, cmp, orderKey('', state.sort))) walk(r, 0);
  return out;
}

/**
 * Per tree structure (keyed by its `roots` array, which a session keeps for its lifetime): lower-cased labels,
 * and which subtrees match the last few needles, so each keystroke of a filter on 100,000 nodes only looks
 * inside subtrees that matched the shorter needle, and backspace finds its answer cached.
 */
interface FilterCache {
  lower: Map<string, string>;
  hits: Map<string, ReadonlyMap<string, boolean>>;
}
const filterCaches = new WeakMap<readonly string[], FilterCache>();
const KEPT_NEEDLES = 8;

function filterCacheFor(tree: ResourceTree): FilterCache {
  let c = filterCaches.get(tree.roots);
  if (!c) filterCaches.set(tree.roots, (c = { lower: new Map(), hits: new Map() }));
  return c;
}

/**
 * The cached hits of the longest needle this one contains. Only a needle that matches by name alone narrows what a
 * shorter one found (a type word finds rows its fragments do not), and only from one without `type:` terms.
 */
function narrowestCached(cache: FilterCache, needle: string, byNameOnly: boolean): ReadonlyMap<string, boolean> | undefined {
  const exact = cache.hits.get(needle);
  if (exact || !byNameOnly) return exact;
  let best: string | undefined;
  for (const k of cache.hits.keys()) if (needle.includes(k) && !k.includes('type:') && (best === undefined || k.length > best.length)) best = k;
  return best === undefined ? undefined : cache.hits.get(best);
}

function rememberHits(cache: FilterCache, needle: string, hit: ReadonlyMap<string, boolean>): void {
  cache.hits.delete(needle);
  cache.hits.set(needle, hit);
  if (cache.hits.size > KEPT_NEEDLES) cache.hits.delete(cache.hits.keys().next().value!);
}

export function cursorIndex(rows: readonly FlatRow[], cursorId: string | null): number {
  if (cursorId === null) return rows.length > 0 ? 0 : -1;
  for (let i = 0; i < rows.length; i++) if (rows[i].id === cursorId) return i;
  return rows.length > 0 ? 0 : -1;
}

/** Keeps the cursor inside the window of `height` rows. */
export function clampTop(top: number, index: number, height: number, total: number): number {
  const h = Math.max(1, height);
  let t = Math.min(top, Math.max(0, total - h));
  if (index < t) t = index;
  if (index >= t + h) t = index - h + 1;
  return Math.max(0, t);
}

export interface TreeContext {
  tree: ResourceTree;
  /** Rows as currently flattened for `state` (callers memoize this). */
  rows: readonly FlatRow[];
  /** Table body height in rows. */
  height: number;
  /** The state `rows` were flattened for (lets callers tell whether they are stale). */
  rowsFor?: Pick<TreeState, 'expanded' | 'filter' | 'sort'>;
}

function moveTo(state: TreeState, rows: readonly FlatRow[], index: number, height: number): TreeState {
  if (rows.length === 0) return { ...state, cursorId: null, top: 0 };
  const i = Math.max(0, Math.min(rows.length - 1, index));
  return { ...state, cursorId: rows[i].id, top: clampTop(state.top, i, height, rows.length) };
}

/** After a change of filter/sort/expansion: keep the cursor on its node when still shown, else the first match. */
function settle(state: TreeState, ctx: TreeContext, preferMatch: boolean): TreeState {
  const rows = flatten(ctx.tree, state);
  let i = state.cursorId === null ? -1 : rows.findIndex((r) => r.id === state.cursorId);
  if (preferMatch && (i < 0 || !rows[i].match)) {
    const m = rows.findIndex((r) => r.match);
    if (m >= 0) i = m;
  }
  if (i < 0) i = 0;
  return moveTo(state, rows, i, ctx.height);
}

export function reduceTree(state: TreeState, action: TreeAction, ctx: TreeContext): TreeState {
  const { rows, height } = ctx;
  const i = cursorIndex(rows, state.cursorId);
  const row = i >= 0 ? rows[i] : undefined;
  const page = Math.max(1, height - 1);
  switch (action.type) {
    case 'up':
      return moveTo(state, rows, i - 1, height);
    case 'down':
      return moveTo(state, rows, i + 1, height);
    case 'pageUp':
      return moveTo({ ...state, top: Math.max(0, state.top - page) }, rows, i - page, height);
    case 'pageDown':
      return moveTo({ ...state, top: state.top + page }, rows, i + page, height);
    case 'top':
      return moveTo(state, rows, 0, height);
    case 'bottom':
      return moveTo(state, rows, rows.length - 1, height);
    case 'expand': {
      if (!row || !row.hasChildren) return state;
      if (!row.expanded) return settle({ ...state, expanded: withId(state.expanded, row.id, true) }, ctx, false);
      return moveTo(state, rows, i + 1, height); // already open: step into the first child
    }
    case 'collapse': {
      if (!row) return state;
      if (row.expanded && !(state.filter && !state.expanded.has(row.id))) {
        return settle({ ...state, expanded: withId(state.expanded, row.id, false) }, ctx, false);
      }
      // Closed (or opened by the filter): go to the parent row.
      const parentId = ctx.tree.get(row.id)?.parentId ?? null;
      if (parentId === null) return state;
      const p = rows.findIndex((r) => r.id === parentId);
      return p >= 0 ? moveTo(state, rows, p, height) : state;
    }
    case 'toggle':
      if (!row || !row.hasChildren) return state;
      return settle({ ...state, expanded: withId(state.expanded, row.id, !state.expanded.has(row.id)) }, ctx, false);
    case 'startFilter':
      return { ...state, editing: true };
    case 'acceptFilter':
      return { ...state, editing: false };
    case 'clearFilter': {
      if (!state.editing && state.filter === '') return state;
      // Stay on the node found with the filter: open its ancestors so it is still on screen without it.
      let expanded = state.expanded;
      for (let p = state.cursorId === null ? null : ctx.tree.get(state.cursorId)?.parentId ?? null; p !== null; p = ctx.tree.get(p)?.parentId ?? null) {
        if (!expanded.has(p)) expanded = withId(expanded, p, true);
      }
      return settle({ ...state, expanded, editing: false, filter: '' }, ctx, false);
    }
    case 'filterInput':
      return settle({ ...state, filter: state.filter + action.text }, ctx, true);
    case 'filterBackspace':
      return settle({ ...state, filter: state.filter.slice(0, -1) }, ctx, true);
    case 'sort': {
      const next = SORT_KEYS[(SORT_KEYS.indexOf(state.sort.key) + 1) % SORT_KEYS.length];
      // Names read best A→Z, money and counts biggest first.
      return settle({ ...state, sort: { key: next, desc: next !== 'name' } }, ctx, false);
    }
    case 'reverseSort':
      return settle({ ...state, sort: { ...state.sort, desc: !state.sort.desc } }, ctx, false);
    case 'nextMatch':
    case 'prevMatch': {
      const j = nextMatchIndex(rows, i, action.type === 'nextMatch' ? 1 : -1);
      return j < 0 ? state : moveTo(state, rows, j, height);
    }
  }
}

/** The next row (`dir` 1) or previous one (-1) that matches the filter, wrapping around; -1 when none does. */
export function nextMatchIndex(rows: readonly FlatRow[], from: number, dir: 1 | -1): number {
  const n = rows.length;
  for (let step = 1; step <= n; step++) {
    const j = (((from + dir * step) % n) + n) % n;
    if (rows[j].match) return j;
  }
  return -1;
}

function withId(set: ReadonlySet<string>, id: string, present: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (present) next.add(id);
  else next.delete(id);
  return next;
}

/** The slice of rows to draw and where the cursor is inside it. */
export function visibleWindow(rows: readonly FlatRow[], state: TreeState, height: number): { top: number; cursor: number; rows: readonly FlatRow[] } {
  const cursor = cursorIndex(rows, state.cursorId);
  const top = clampTop(state.top, Math.max(0, cursor), height, rows.length);
  return { top, cursor, rows: rows.slice(top, top + Math.max(1, height)) };
}
