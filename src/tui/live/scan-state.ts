/**
 * What the live start's progress view shows, as a pure reducer over what the scan reports through its Progress
 * (collect/progress.ts): the scan's current line (label, count, total), the four parts (inventory, trails,
 * metrics, billing) with how many accounts or account·Regions each has finished, one row per account, and the
 * gaps so far. Events may arrive in any order and for accounts never announced: the state stays consistent.
 */
import type { Progress, ScanEvent, ScanPart } from '../../app/live-scan.js';

export type Status = 'waiting' | 'running' | 'done';

export interface AccountRow {
  id: string;
  name?: string;
  /** Regions read, once the account's inventory has listed them. */
  regions: number | null;
  inventory: Status;
  /** Buckets, functions and tables found. */
  items: number | null;
  trails: Status;
  trailCount: number | null;
  /** Account·Regions whose metrics were asked for / finished. */
  metrics: { started: number; done: number };
  gaps: number;
}

export interface PartState {
  status: Status;
  /** Units started and finished: accounts (inventory, trails), account·Regions (metrics), calls (billing). */
  started: number;
  done: number;
  /** What the finished units found or read: items, trails, metrics, billing rows. */
  found: number;
}

export interface ScanView {
  label: string;
  count: number;
  total: number;
  parts: Record<ScanPart, PartState>;
  accounts: AccountRow[];
  gaps: number;
  finished: boolean;
}

export type ProgressAction =
  | { type: 'phase'; label: string; total: number }
  | { type: 'tick'; n: number }
  | { type: 'event'; event: ScanEvent }
  | { type: 'done' };

export const PARTS: readonly ScanPart[] = ['inventory', 'trails', 'metrics', 'billing'];

const part0 = (): PartState => ({ status: 'waiting', started: 0, done: 0, found: 0 });

export function initialScanView(): ScanView {
  return { label: 'Starting', count: 0, total: 0, parts: { inventory: part0(), trails: part0(), metrics: part0(), billing: part0() }, accounts: [], gaps: 0, finished: false };
}

function row(id: string, name?: string): AccountRow {
  return { id, ...(name ? { name } : {}), regions: null, inventory: 'waiting', items: null, trails: 'waiting', trailCount: null, metrics: { started: 0, done: 0 }, gaps: 0 };
}

/** The accounts with `id`'s row replaced by `f(row)` (a row is added for an account not announced). */
function withAccount(accounts: AccountRow[], id: string, f: (r: AccountRow) => AccountRow): AccountRow[] {
  const i = accounts.findIndex((a) => a.id === id);
  if (i < 0) return [...accounts, f(row(id))];
  const next = accounts.slice();
  next[i] = f(accounts[i]);
  return next;
}

function partStatus(p: PartState): Status {
  return p.started === 0 ? 'waiting' : p.done >= p.started ? 'done' : 'running';
}

function onEvent(s: ScanView, e: ScanEvent): ScanView {
  switch (e.kind) {
    case 'accounts': {
      const known = new Map(s.accounts.map((a) => [a.id, a]));
      const listed = e.accounts.map((a) => {
        const r = known.get(a.id);
        return r ? { ...r, ...(a.name ? { name: a.name } : {}) } : row(a.id, a.name);
      });
      const ids = new Set(e.accounts.map((a) => a.id));
      return { ...s, accounts: [...listed, ...s.accounts.filter((a) => !ids.has(a.id))] };
    }
    case 'gap':
      return { ...s, gaps: s.gaps + 1, accounts: e.account ? withAccount(s.accounts, e.account, (r) => ({ ...r, gaps: r.gaps + 1 })) : s.accounts };
    case 'start':
    case 'done': {
      const started = e.kind === 'start';
      const p = s.parts[e.part];
      const np: PartState = started ? { ...p, started: p.started + 1 } : { ...p, done: p.done + 1, found: p.found + (e.count ?? 0) };
      // A "done" whose "start" was not seen still counts as one unit started.
      if (!started && np.done > np.started) np.started = np.done;
      np.status = partStatus(np);
      const parts = { ...s.parts, [e.part]: np };
      const accounts = withAccount(s.accounts, e.account, (r) => {
        switch (e.part) {
          case 'inventory':
            return started ? { ...r, inventory: r.inventory === 'done' ? 'done' : 'running' } : { ...r, inventory: 'done', items: e.count ?? r.items, regions: e.regions ? e.regions.length : r.regions };
          case 'trails':
            return started ? { ...r, trails: r.trails === 'done' ? 'done' : 'running' } : { ...r, trails: 'done', trailCount: e.count ?? r.trailCount };
          case 'metrics': {
            const m = started ? { ...r.metrics, started: r.metrics.started + 1 } : { started: Math.max(r.metrics.started, r.metrics.done + 1), done: r.metrics.done + 1 };
            return { ...r, metrics: m };
          }
          case 'billing':
            return r;
        }
      });
      return { ...s, parts, accounts };
    }
  }
}

export function reduceScan(s: ScanView, a: ProgressAction): ScanView {
  switch (a.type) {
    case 'phase':
      return { ...s, label: a.label, total: Math.max(0, a.total), count: 0 };
    case 'tick':
      return { ...s, count: s.count + a.n };
    case 'event':
      return onEvent(s, a.event);
    case 'done':
      return { ...s, finished: true };
  }
}

export function reduceAll(s: ScanView, actions: readonly ProgressAction[]): ScanView {
  let out = s;
  for (const a of actions) out = reduceScan(out, a);
  return out;
}

/**
 * A Progress that queues what the scan reports and hands it over in batches, at most every `intervalMs` (a scan
 * reports thousands of ticks: one state update each would redraw the screen for every call).
 */
export function progressFeed(apply: (actions: ProgressAction[]) => void, intervalMs = 100): Progress & { flush(): void } {
  let queue: ProgressAction[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    apply(batch);
  };
  const push = (a: ProgressAction) => {
    queue.push(a);
    timer ??= setTimeout(flush, intervalMs);
  };
  return {
    phase: (label, total = 0) => push({ type: 'phase', label, total }),
    tick: (n = 1) => push({ type: 'tick', n }),
    event: (event) => push({ type: 'event', event }),
    done: () => {
      push({ type: 'done' });
      flush();
    },
    flush,
  };
}
