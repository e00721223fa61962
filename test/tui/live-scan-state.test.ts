/**
 * The live start's progress reducer (tui/live/scan-state.ts) and its layout (progressLines): generated scans —
 * accounts with adversarial names, per-account parts, metrics per account·Region, gaps — fed in any order the scan
 * can produce (and in orders it cannot), checked against counts taken from the script itself.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialScanView, progressFeed, reduceAll, reduceScan, PARTS, type ProgressAction, type ScanView } from '../../src/tui/live/scan-state.js';
import { progressLines } from '../../src/tui/live/ScanProgress.js';
import { hasUnsafeText } from '../../src/report/terminal-text.js';
import type { ScanEvent } from '../../src/app/live-scan.js';

interface Script {
  accounts: Array<{ id: string; name?: string; regions: string[]; trails: number; items: number; places: string[] }>;
  gaps: Array<{ account?: string }>;
  billing: boolean;
}

const nasty = fc.constantFrom('prod', 'dev', '\u001b]52;c;aGk=\u0007', 'a\u202eb', 'x\ny', '\u0000', 'ü-données', 'long-'.repeat(20));
const scriptArb: fc.Arbitrary<Script> = fc
  .uniqueArray(fc.stringMatching(/^\d{12}$/), { minLength: 1, maxLength: 40 })
  .chain((ids) =>
    fc.record({
      accounts: fc.tuple(...ids.map((id) =>
        fc.record({
          id: fc.constant(id),
          name: fc.option(nasty, { nil: undefined }),
          regions: fc.uniqueArray(fc.constantFrom('us-east-1', 'eu-west-1', 'us-west-2', 'ap-south-1'), { minLength: 1, maxLength: 4 }),
          trails: fc.nat(5),
          items: fc.nat(500),
        }).chain((a) => fc.record({ ...Object.fromEntries(Object.entries(a).map(([k, v]) => [k, fc.constant(v)])), places: fc.subarray(a.regions) }) as fc.Arbitrary<Script['accounts'][number]>),
      )),
      gaps: fc.array(fc.record({ account: fc.option(fc.constantFrom(...ids), { nil: undefined }) }), { maxLength: 20 }),
      billing: fc.boolean(),
    }),
  );

/** The scan's events as units: each a start and a done, in that order within a unit. */
function units(s: Script): Array<[ScanEvent, ScanEvent] | [ScanEvent]> {
  const out: Array<[ScanEvent, ScanEvent] | [ScanEvent]> = [];
  for (const a of s.accounts) {
    out.push([{ kind: 'start', part: 'inventory', account: a.id }, { kind: 'done', part: 'inventory', account: a.id, regions: a.regions, count: a.items }]);
    out.push([{ kind: 'start', part: 'trails', account: a.id, count: a.trails }, { kind: 'done', part: 'trails', account: a.id, count: a.trails }]);
    for (const r of a.places) out.push([{ kind: 'start', part: 'metrics', account: a.id, region: r, count: 10 }, { kind: 'done', part: 'metrics', account: a.id, region: r, count: 10 }]);
  }
  for (const g of s.gaps) out.push([{ kind: 'gap', service: 's3', operation: 'ListBuckets', error: 'AccessDenied', ...(g.account ? { account: g.account } : {}) }]);
  if (s.billing) out.push([{ kind: 'start', part: 'billing', account: s.accounts[0].id }, { kind: 'done', part: 'billing', account: s.accounts[0].id, count: 3 }]);
  return out;
}

/** Interleaves units by `order` (indices into a pool of pending unit steps), keeping each unit's start before its done. */
function interleave(us: ReturnType<typeof units>, picks: number[]): ScanEvent[] {
  const queues = us.map((u) => [...u]);
  const out: ScanEvent[] = [];
  let k = 0;
  for (;;) {
    const live = queues.filter((q) => q.length > 0);
    if (live.length === 0) return out;
    const q = live[(picks[k++ % Math.max(1, picks.length)] ?? 0) % live.length];
    out.push(q.shift()!);
  }
}

const feed = (s: Script, events: ScanEvent[]): ScanView => {
  const actions: ProgressAction[] = [{ type: 'event', event: { kind: 'accounts', accounts: s.accounts.map((a) => ({ id: a.id, ...(a.name ? { name: a.name } : {}) })) } }];
  for (const e of events) actions.push({ type: 'event', event: e });
  actions.push({ type: 'done' });
  return reduceAll(initialScanView(), actions);
};

describe('the progress reducer', () => {
  it('ends with every part finished and the counts of the script, whatever the interleaving', () => {
    fc.assert(fc.property(scriptArb, fc.array(fc.nat(), { maxLength: 400 }), (s, picks) => {
      const v = feed(s, interleave(units(s), picks));
      const places = s.accounts.reduce((n, a) => n + a.places.length, 0);
      expect(v.accounts.map((a) => a.id)).toEqual(s.accounts.map((a) => a.id));
      expect(v.parts.inventory).toMatchObject({ status: 'done', started: s.accounts.length, done: s.accounts.length, found: s.accounts.reduce((n, a) => n + a.items, 0) });
      expect(v.parts.trails).toMatchObject({ status: 'done', done: s.accounts.length, found: s.accounts.reduce((n, a) => n + a.trails, 0) });
      expect(v.parts.metrics).toMatchObject({ started: places, done: places, status: places ? 'done' : 'waiting' });
      expect(v.parts.billing.status).toBe(s.billing ? 'done' : 'waiting');
      expect(v.gaps).toBe(s.gaps.length);
      for (const a of s.accounts) {
        const r = v.accounts.find((x) => x.id === a.id)!;
        expect(r).toMatchObject({ inventory: 'done', trails: 'done', regions: a.regions.length, items: a.items, trailCount: a.trails, metrics: { started: a.places.length, done: a.places.length } });
        expect(r.gaps).toBe(s.gaps.filter((g) => g.account === a.id).length);
      }
      expect(v.finished).toBe(true);
    }));
  });

  it('stays consistent midway and for events in any order, or for accounts never announced', () => {
    fc.assert(fc.property(scriptArb, fc.array(fc.nat(), { maxLength: 400 }), fc.nat(), fc.boolean(), (s, picks, cut, announce) => {
      // Any order at all: a done may come before its start, and the account list may come last or never.
      const all = units(s).flat();
      const shuffled = picks.length ? all.map((e, i) => [picks[i % picks.length] * 7919 + i, e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e) : all;
      const upto = shuffled.slice(0, cut % (shuffled.length + 1));
      let v = initialScanView();
      for (const e of upto) v = reduceScan(v, { type: 'event', event: e });
      if (announce) v = reduceScan(v, { type: 'event', event: { kind: 'accounts', accounts: s.accounts.map((a) => ({ id: a.id })) } });
      const ids = v.accounts.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of PARTS) {
        const st = v.parts[p];
        expect(st.done).toBeLessThanOrEqual(st.started);
        expect(st.status).toBe(st.started === 0 ? 'waiting' : st.done >= st.started ? 'done' : 'running');
      }
      for (const r of v.accounts) expect(r.metrics.done).toBeLessThanOrEqual(r.metrics.started);
      expect(v.gaps).toBe(upto.filter((e) => e.kind === 'gap').length);
    }));
  });

  it('counts ticks within a phase and starts again at each phase', () => {
    let v = reduceAll(initialScanView(), [{ type: 'phase', label: 'Listing', total: 0 }, { type: 'tick', n: 1 }, { type: 'tick', n: 4 }]);
    expect(v).toMatchObject({ label: 'Listing', count: 5, total: 0 });
    v = reduceAll(v, [{ type: 'phase', label: 'Metrics', total: 800 }, { type: 'tick', n: 100 }]);
    expect(v).toMatchObject({ label: 'Metrics', count: 100, total: 800 });
  });
});

describe('progressFeed', () => {
  it('hands over everything the scan reported, in order, in batches, and at once on done', async () => {
    const batches: ProgressAction[][] = [];
    const p = progressFeed((b) => batches.push(b), 10);
    p.phase('a', 3);
    for (let i = 0; i < 100; i++) p.tick();
    p.event!({ kind: 'accounts', accounts: [{ id: '1' }] });
    expect(batches).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toHaveLength(1);
    p.tick(2);
    p.done();
    expect(batches).toHaveLength(2);
    const all = batches.flat();
    expect(all).toHaveLength(104);
    expect(all[0]).toEqual({ type: 'phase', label: 'a', total: 3 });
    expect(all.at(-1)).toEqual({ type: 'done' });
    expect(reduceAll(initialScanView(), all)).toMatchObject({ count: 102, finished: true });
  });
});

describe('progressLines', () => {
  it('fits the width and the height, shows the four parts, and draws no control character from names', () => {
    fc.assert(fc.property(scriptArb, fc.array(fc.nat(), { maxLength: 200 }), fc.nat(), fc.constantFrom([80, 24], [100, 30], [200, 50]), nasty, (s, picks, cut, [w, h], title) => {
      const events = interleave(units(s), picks);
      const v = feed(s, events.slice(0, cut % (events.length + 1)));
      const lines = progressLines({ ...v, label: `label ${title}` }, { title, width: w, height: h, elapsedMs: 1234, note: title });
      expect(lines.length).toBeLessThanOrEqual(h - 1);
      for (const l of lines) {
        expect(l.text).toHaveLength(w);
        expect(hasUnsafeText(l.text)).toBe(false);
      }
      const text = lines.map((l) => l.text).join('\n');
      for (const p of PARTS) expect(text).toContain(` ${p}`);
      // Every account is on screen, or counted in the "more" line.
      const shown = s.accounts.filter((a) => text.includes(a.id)).length;
      const more = /… (\d+) more account/.exec(text);
      expect(shown + (more ? Number(more[1]) : 0)).toBe(s.accounts.length);
      expect(text).toContain('1.2 s');
      // Nothing was cut to fit: the gaps line and the keys are the last two.
      expect(lines.at(-1)!.text).toMatch(/^q quits/);
      expect(lines.at(-2)!.text).toMatch(/gaps so far|failed so far/);
    }));
  });

  it('shows the count and total of the current phase at 80 columns, even behind a long label', () => {
    const v = reduceAll(initialScanView(), [{ type: 'phase', label: 'Listing buckets, metrics configurations, functions, tables, trails in 3 account(s); calls:', total: 0 }, { type: 'tick', n: 1234 }]);
    expect(progressLines(v, { title: 't', width: 80, height: 24, elapsedMs: 0 })[1].text).toMatch(/…\s+1,234\s+0\.0 s$/);
    const m = reduceAll(initialScanView(), [{ type: 'phase', label: 'Reading CloudWatch metrics (GetMetricData)', total: 800 }, { type: 'tick', n: 400 }]);
    expect(progressLines(m, { title: 't', width: 80, height: 24, elapsedMs: 0 })[1].text).toContain('[########........] 400/800');
  });
});
